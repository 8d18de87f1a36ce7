//! The markup rules over Markdown (pages, and each line of regulation
//! text): raw HTML beyond a few harmless tags is refused (E032), those tags
//! must be closed within the block they open in (E034: an unclosed `<s>`
//! would strike through the rest of the page, and in the binder every
//! later chapter), a heading's `{#id}` must be usable (E035), and images
//! are refused (E031: they would be missing offline).

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::Handbook;
use crate::content::markdown::{RawHtml, Verdict, harmless_markup, heading_id_problem, options};
use crate::diag::Diagnostic;

/// Every markup problem in `text` (a page, or one line of a regulation,
/// which is a fragment of its own), with the byte offset it is at.
pub fn scan(hb: &Handbook, file: &str, text: &str) -> Vec<(Diagnostic, usize)> {
    scan_as(hb.config.trusted_html, file, text)
}

/// [`scan`], for a handbook that does or does not trust its sources.
fn scan_as(trusted: bool, file: &str, text: &str) -> Vec<(Diagnostic, usize)> {
    // Every event the rule reports on needs one of these: raw HTML a `<`,
    // an image `!`, a heading `#` (or, setext, a second line). Most lines
    // of a regulation have none and are not parsed.
    if !text
        .bytes()
        .any(|b| matches!(b, b'<' | b'!' | b'#' | b'\n'))
    {
        return Vec::new();
    }
    parse_and_scan(trusted, file, text)
}

fn parse_and_scan(trusted: bool, file: &str, text: &str) -> Vec<(Diagnostic, usize)> {
    let mut rule = Markup::new(trusted, file);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        rule.event(&event, range.start);
    }
    rule.close_all();
    rule.found
}

struct Markup<'a> {
    file: &'a str,
    judge: RawHtml,
    trusted: bool,
    /// Names of refused opening tags: their closing tags are not reported
    /// a second time. A set: a page of thousands of refused tags searched
    /// a list for each.
    refused: HashSet<String>,
    /// Harmless tags opened and not yet closed, with where they opened.
    open: Vec<(String, usize)>,
    /// Heading ids given on this page so far.
    ids: HashSet<String>,
    found: Vec<(Diagnostic, usize)>,
}

impl<'a> Markup<'a> {
    fn new(trusted: bool, file: &'a str) -> Markup<'a> {
        Markup {
            file,
            judge: RawHtml::new(trusted),
            trusted,
            refused: HashSet::new(),
            open: Vec::new(),
            ids: HashSet::new(),
            found: Vec::new(),
        }
    }

    fn event(&mut self, event: &Event, at: usize) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => self.raw(raw, at),
            Event::Start(Tag::Heading { attrs, id, .. }) => {
                if !self.trusted && !attrs.is_empty() {
                    let written: Vec<String> = attrs
                        .iter()
                        .map(|(k, v)| match v {
                            Some(v) => format!("{k}={v}"),
                            None => k.to_string(),
                        })
                        .collect();
                    let shown = written.join(" ");
                    let d = refused(
                        self.file,
                        format!("見出しの属性 `{{{shown}}}` は公開しません"),
                        format!("heading attributes are not published: `{{{shown}}}`"),
                    );
                    self.found.push((d, at));
                }
                if let Some(id) = id {
                    self.heading_id(id, at);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.found.push((image(self.file, dest_url), at));
            }
            // A harmless tag must close in the block it opens in: the
            // browser would carry it on into the following blocks.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition,
            ) => self.close_all(),
            _ => {}
        }
    }

    fn raw(&mut self, raw: &str, at: usize) {
        let verdict = self.judge.judge(raw);
        if verdict == Verdict::Refuse {
            self.refuse(raw, at);
            return;
        }
        // A piece of a comment never reaches the page, so its tags open and
        // close nothing there: a `</s>` on a line of a multi-line comment
        // must not balance the `<s>` before it (the page would keep the
        // `<s>` alone), nor an `<s>` there be reported as unclosed.
        if self.trusted || verdict == Verdict::Drop {
            return;
        }
        // What is left is harmless markup.
        let lead = raw.len() - raw.trim_start().len();
        for tag in harmless_markup(raw.trim()).unwrap_or_default() {
            let offset = at + lead + tag.offset;
            if tag.opens() {
                self.open.push((tag.name, offset));
            } else if tag.closing {
                match self.open.last() {
                    Some((name, _)) if *name == tag.name => {
                        self.open.pop();
                    }
                    _ => self.found.push((
                        unbalanced(
                            self.file,
                            format!("</{}> に対応する <{}> がありません", tag.name, tag.name),
                            format!("</{}> has no <{}> to close", tag.name, tag.name),
                        ),
                        offset,
                    )),
                }
            }
        }
    }

    /// Reports every tag still open, at the tag.
    fn close_all(&mut self) {
        for (name, offset) in std::mem::take(&mut self.open) {
            self.found.push((
                unbalanced(
                    self.file,
                    format!("<{name}> が閉じられていません"),
                    format!("<{name}> is not closed"),
                ),
                offset,
            ));
        }
    }

    /// A refused piece of raw HTML (E032); a closing tag only when its
    /// opening tag was not reported already.
    fn refuse(&mut self, raw: &str, at: usize) {
        let t = raw.trim();
        let name = |s: &str| {
            s.chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        };
        if let Some(closing) = t.strip_prefix("</") {
            if self.refused.contains(&name(closing)) {
                return;
            }
        } else if let Some(open) = t.strip_prefix('<') {
            self.refused.insert(name(open));
        }
        let shown: String = t.chars().take(60).collect();
        let d = refused(
            self.file,
            format!("HTML `{shown}` は公開しません"),
            format!("raw HTML is not published: `{shown}`"),
        );
        self.found.push((d, at));
    }

    fn heading_id(&mut self, id: &str, at: usize) {
        let problem = heading_id_problem(id).or_else(|| {
            (!self.ids.insert(id.to_string()))
                .then(|| format!("見出しの id「{id}」はこのページで2度目です"))
        });
        if let Some(message) = problem {
            self.found.push((
                Diagnostic::error("E035", self.file, message)
                    .en(format!("the heading id `{id}` cannot be used here"))
                    .help("{#…} の id を、このページでほかに使われていない英字の名前に変えてください（例: {#policy}）")
                    .help_en("give the heading an id of its own on this page, in letters (e.g. {#policy})"),
                at,
            ));
        }
    }
}

fn unbalanced(file: &str, message: String, english: String) -> Diagnostic {
    Diagnostic::error("E034", file, message)
        .en(english)
        .help("同じ段落（表のセル、箇条書きの項目）の中で閉じてください（例: <s>取り消し</s>）")
        .help_en(
            "close the tag within the same paragraph, table cell or list item (e.g. <s>struck</s>)",
        )
}

fn refused(file: &str, message: String, english: String) -> Diagnostic {
    Diagnostic::error("E032", file, message)
        .en(english)
        .help(
            "Markdown で書いてください（リンク [文字](リンク先)、**太字**、表、見出しの {#id}）。\
             HTML は属性のない <br>, <sup>, <sub>, <ruby>, <rt>, <rp>, <kbd>, <mark>, <small>, <u>, <s> と\
             コメントだけが使えます。原稿を編集するのが信頼できる職員だけなら、handbook.yaml に \
             `trusted_html: true` と書くと HTML をそのまま公開します",
        )
        .help_en(
            "write it in Markdown instead (links [text](target), **bold**, tables, {#id} on a \
             heading); only <br>, <sup>, <sub>, <ruby>, <rt>, <rp>, <kbd>, <mark>, <small>, <u>, \
             <s> without attributes, and comments, are allowed. If only trusted staff edit the \
             sources, `trusted_html: true` in handbook.yaml publishes HTML as written",
        )
}

/// An image in Markdown: one from the web would be requested every time the
/// page opens (and fail offline), a file path breaks in the built handbook.
fn image(file: &str, dest_url: &str) -> Diagnostic {
    Diagnostic::error(
        "E031",
        file,
        format!("画像 `{dest_url}` は、ハンドブックをネットワークなしで開いたときに表示されません"),
    )
    .en(format!(
        "the image `{dest_url}` would not be there when the handbook is opened offline"
    ))
    .help("ハンドブックは原稿の画像を表示しません。言葉で説明するか、印刷した冊子に手で図を加えてください")
    .help_en(
        "the handbook shows no images from its sources: describe it in words, or put \
         the picture in the printed binder by hand",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        scan_as(false, "a.md", text)
            .into_iter()
            .map(|(d, _)| d.code)
            .collect()
    }

    #[test]
    fn a_line_without_the_fast_path_marks_has_nothing_to_report() {
        // Every string of up to three characters of Markdown's other syntax
        // (and heading attributes, entities, a full-width 「＃」), parsed:
        // none is reported, so skipping them changes nothing.
        let alphabet = [
            "[", "]", "(", ")", "{", "}", "*", "_", "`", "&", "=", "-", " ", "a", ">", "|", ":",
            "/", "\\", "~", "＃", "；", "\t", "1", ".",
        ];
        let mut strings = vec![String::new()];
        for _ in 0..3 {
            strings = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for s in &strings {
                for trusted in [false, true] {
                    assert!(parse_and_scan(trusted, "a.md", s).is_empty(), "{s:?}");
                }
            }
        }
        // …while a line with one of the marks is still parsed.
        assert_eq!(codes("![x](y)"), ["E031"]);
        assert_eq!(codes("本文<script>"), ["E032"]);
        assert_eq!(codes("# 見出し {#x}\n\n# 二 {#x}"), ["E035"]);
    }

    #[test]
    fn tags_inside_a_comment_balance_nothing() {
        // Found by fuzzing (fuzz/seeds/markup/comment-hides-close.md): the
        // comment's `</s>` closed the `<s>` for the check, the page kept
        // the `<s>` alone and struck through everything after it.
        assert_eq!(codes("<s>\n<!--\n</s>\n-->\n"), ["E034"]);
        assert_eq!(codes("本文 <s>x\n<!--\n</s>\n-->\n"), ["E034"]);
        // …and a tag in a comment is not reported as unclosed.
        assert!(codes("<!--\n複数行の<s>コメント\n-->\n").is_empty());
        assert!(codes("<s>\n本文\n</s>\n").is_empty());
    }
}
