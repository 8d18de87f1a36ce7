//! Rules over the loaded model: every article mention and every link
//! resolves, numbers are unique, the 改定履歴 is in order; the operational
//! data's references and freshness (in `operations` and `freshness`); the
//! inspection evidence (checklist, vendors, 周知) in `evidence`.

mod credentials;
mod evidence;
mod freshness;
mod operations;
mod synonyms;

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::Handbook;
use crate::content::markdown::options;
use crate::content::regulation::{Regulation, TextLine, articles_of};
use crate::diag::Diagnostic;
use crate::resolve::mentions::paragraph_lines;
use crate::resolve::{Links, markdown_position, text_lines};

/// Every rule, over the model and what the resolve stage found;
/// freshness is judged as of `as_of`.
pub fn run(hb: &Handbook, links: &Links, as_of: chrono::NaiveDate) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    operations::run(hb, &mut diags);
    for (at, broken) in links.broken() {
        diags.push(
            Diagnostic::error("E031", &at.file, broken.message.clone())
                .at(at.line, at.column)
                .snippet(source_line(hb, &at.file, at.line))
                .help(broken.help.clone()),
        );
    }
    synonyms::run(hb, links, &mut diags);
    freshness::run(hb, as_of, &mut diags);
    evidence::run(hb, as_of, &mut diags);
    for file in &hb.sources {
        credentials::scan(file, &mut diags);
    }
    for r in &hb.regulations {
        // Every version is published, so every version's text is checked.
        for v in r.all_versions() {
            check_mentions(hb, v, &mut diags);
            for line in text_lines(v) {
                check_markup_in_text(hb, &v.file, line, &mut diags);
            }
        }
        check_history(hb, r.newest(), &mut diags);
    }
    for (i, r) in hb.regulations.iter().enumerate() {
        let Some(number) = &r.number else { continue };
        if let Some(first) = hb.regulations[..i]
            .iter()
            .find(|o| o.number.as_ref() == Some(number))
        {
            let (line, column) = r.number_at;
            diags.push(
                Diagnostic::error(
                    "E022",
                    &r.file,
                    format!("規程番号「{number}」 is also used by {}", first.file),
                )
                .at(line, column)
                .snippet(source_line(hb, &r.file, line))
                .help("give each regulation its own number"),
            );
        }
    }
    for p in hb.pages.iter().chain(hb.front.iter()) {
        check_markdown_markup(hb, &p.file, &p.markdown, p.body_first_line, &mut diags);
    }
    diags
}

/// Places a diagnostic at a position of its file, with the source line.
fn located(hb: &Handbook, d: Diagnostic, at: crate::content::fields::At) -> Diagnostic {
    let snippet = source_line(hb, &d.file, at.0);
    d.at(at.0, at.1).snippet(snippet)
}

fn source_line(hb: &Handbook, file: &str, line: usize) -> String {
    hb.sources
        .iter()
        .find(|s| s.rel == file)
        .map_or(String::new(), |s| s.line_text(line).to_string())
}

fn check_mentions(hb: &Handbook, r: &Regulation, diags: &mut Vec<Diagnostic>) {
    for (blocks, supplementary) in r.body.scopes() {
        for a in articles_of(blocks) {
            for line in a.paragraphs.iter().flat_map(paragraph_lines) {
                for m in &line.refs {
                    let Err(why) = &m.outcome else { continue };
                    let (l, c) = line.position(m.range.start);
                    let mention = &line.text[m.range.clone()];
                    diags.push(
                        mention_diagnostic(&r.file, mention, why, supplementary)
                            .at(l, c)
                            .snippet(source_line(hb, &r.file, l)),
                    );
                }
            }
        }
    }
}

/// A mention that points nowhere is an error in the main provisions. In a
/// 附則 it is a warning: 附則 speak of the numbering of their own day and of
/// the articles of the acts they amend.
fn mention_diagnostic(file: &str, mention: &str, why: &str, supplementary: bool) -> Diagnostic {
    let d = if supplementary {
        Diagnostic::warning(
            "W003",
            file,
            format!("「{mention}」 in the 附則 points nowhere: {why}"),
        )
    } else {
        Diagnostic::error("E030", file, format!("「{mention}」 points nowhere: {why}"))
    };
    d.help(
        "fix the number; if it is another law's article, write the law's name before it \
         (e.g. 個人情報保護法第二十六条)",
    )
}

fn check_history(hb: &Handbook, r: &Regulation, diags: &mut Vec<Diagnostic>) {
    for pair in r.history.windows(2) {
        // A date that could not be read was reported already.
        let unread = pair.iter().any(|h| h.date == chrono::NaiveDate::MIN);
        if !unread && pair[1].date < pair[0].date {
            let (line, column) = pair[1].at;
            diags.push(
                Diagnostic::warning(
                    "W001",
                    &r.file,
                    format!(
                        "改定履歴 is out of order: {} comes after {}",
                        pair[1].written, pair[0].written
                    ),
                )
                .at(line, column)
                .snippet(source_line(hb, &r.file, line))
                .help("list the 改定履歴 oldest first"),
            );
        }
    }
}
/// Raw HTML and images in one line of regulation text.
fn check_markup_in_text(hb: &Handbook, file: &str, line: &TextLine, diags: &mut Vec<Diagnostic>) {
    let mut raw = RawHtmlRule::new(hb);
    for (event, range) in Parser::new_ext(&line.text, options()).into_offset_iter() {
        if let Some(d) = raw.check(file, &event).or_else(|| image(file, &event)) {
            let (l, c) = line.position(range.start);
            diags.push(d.at(l, c).snippet(source_line(hb, file, l)));
        }
    }
}

/// Raw HTML and images in a Markdown page.
fn check_markdown_markup(
    hb: &Handbook,
    file: &str,
    markdown: &str,
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let mut raw = RawHtmlRule::new(hb);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Some(d) = raw.check(file, &event).or_else(|| image(file, &event)) {
            let (line, col) = markdown_position(markdown, first_line, range.start);
            let text = markdown.lines().nth(line - first_line).unwrap_or("");
            diags.push(d.at(line, col).snippet(text));
        }
    }
}

/// Raw HTML a handbook that does not trust its sources refuses (E032): any
/// but a few harmless tags and comments, and attributes on headings. A
/// closing tag is reported only when its opening tag was not.
struct RawHtmlRule {
    judge: crate::content::markdown::RawHtml,
    trusted: bool,
    refused: Vec<String>,
}

impl RawHtmlRule {
    fn new(hb: &Handbook) -> RawHtmlRule {
        RawHtmlRule {
            judge: crate::content::markdown::RawHtml::new(hb.config.trusted_html),
            trusted: hb.config.trusted_html,
            refused: Vec::new(),
        }
    }

    fn check(&mut self, file: &str, event: &Event) -> Option<Diagnostic> {
        let raw = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => raw,
            Event::Start(Tag::Heading { attrs, .. }) if !self.trusted && !attrs.is_empty() => {
                let written: Vec<String> = attrs
                    .iter()
                    .map(|(k, v)| match v {
                        Some(v) => format!("{k}={v}"),
                        None => k.to_string(),
                    })
                    .collect();
                return Some(refused(
                    file,
                    format!(
                        "heading attributes are not published: `{{{}}}`",
                        written.join(" ")
                    ),
                ));
            }
            _ => return None,
        };
        if self.judge.judge(raw) != crate::content::markdown::Verdict::Refuse {
            return None;
        }
        let t = raw.trim();
        let name = |s: &str| {
            s.chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        };
        if let Some(closing) = t.strip_prefix("</") {
            if self.refused.contains(&name(closing)) {
                return None;
            }
        } else if let Some(open) = t.strip_prefix('<') {
            self.refused.push(name(open));
        }
        let shown: String = t.chars().take(60).collect();
        Some(refused(
            file,
            format!("raw HTML is not published: `{shown}`"),
        ))
    }
}

fn refused(file: &str, message: String) -> Diagnostic {
    Diagnostic::error("E032", file, message).help(
        "write it in Markdown instead (links [text](target), **bold**, tables, {#id} on a \
         heading); only <br>, <sup>, <sub>, <ruby>, <rt>, <rp>, <kbd>, <mark>, <small>, <u>, \
         <s> without attributes, and comments, are allowed. If only trusted staff edit the \
         sources, `trusted_html: true` in handbook.yaml publishes HTML as written",
    )
}

/// An image in Markdown: one from the web would be requested every time the
/// page opens (and fail offline), a file path breaks in the built handbook.
fn image(file: &str, event: &Event) -> Option<Diagnostic> {
    let Event::Start(Tag::Image { dest_url, .. }) = event else {
        return None;
    };
    Some(
        Diagnostic::error(
            "E031",
            file,
            format!(
                "the image `{dest_url}` would not be there when the handbook is opened offline"
            ),
        )
        .help(
            "the handbook shows no images from its sources: describe it in words, or put \
             the picture in the printed binder by hand",
        ),
    )
}
