//! The Markdown dialect of the sources: the parser options every reader
//! uses, and the raw-HTML rule (which tags pass without `trusted_html`),
//! judged alike by `check` and the renderer.

use pulldown_cmark::{CowStr, Event, Options};

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Text with its HTML character references read: `&lt;` → `<`, `&#x2460;`
/// → `①`. Captions and headings of regulations are plain text, not
/// Markdown, but authors write them the way they write the body (where
/// Markdown reads references), and a reference shown as written (`&lt;`)
/// is never what they meant. Unknown names are left as written.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32)
                    .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
            } else {
                match name {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "yen" => Some('¥'),
                    "copy" => Some('©'),
                    "reg" => Some('®'),
                    "times" => Some('×'),
                    "divide" => Some('÷'),
                    "middot" => Some('·'),
                    "hellip" => Some('…'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    _ => None,
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Ids the page templates of Markdown pages give their own elements: a
/// heading's `{#id}` must not take one (two elements with one id, and the
/// page's links and scripts find the wrong one). A test in `render::theme`
/// keeps this list in step with the templates.
pub const RESERVED_IDS: [&str; 7] = [
    "main",
    "inspection-heading",
    "ops-heading",
    "pages-heading",
    "reg-heading",
    "site-nav",
    "toc-title",
];

/// Why a heading's `{#id}` cannot be used, or `None`. Ids are written
/// `a-z A-Z 0-9 - _`, starting with a letter; `s1`, `s2` … are the ids
/// headings without one get.
pub fn heading_id_problem(id: &str) -> Option<String> {
    let well_formed = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !well_formed {
        return Some(format!(
            "見出しの id「{id}」は英字で始まり、英数字と - _ だけで書いてください"
        ));
    }
    let automatic = id
        .strip_prefix('s')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if RESERVED_IDS.contains(&id) || automatic {
        return Some(format!(
            "見出しの id「{id}」はページ自身が使う id です。別の名前にしてください"
        ));
    }
    None
}

/// Tags a source may write as raw HTML without `trusted_html`: they take
/// no attributes and do nothing but mark text up.
const HARMLESS_TAGS: [&str; 12] = [
    "br", "wbr", "sup", "sub", "ruby", "rt", "rp", "kbd", "mark", "small", "u", "s",
];

/// Harmless tags that stand alone and are never closed.
const VOID_TAGS: [&str; 2] = ["br", "wbr"];

/// One harmless tag in a piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAt {
    /// Lower-case name: `sup`.
    pub name: String,
    /// `</sup>`.
    pub closing: bool,
    /// Byte offset of its `<` in the piece.
    pub offset: usize,
}

impl TagAt {
    /// Whether the tag must be closed (`<br>` need not).
    pub fn opens(&self) -> bool {
        !self.closing && !VOID_TAGS.contains(&self.name.as_str())
    }
}

/// The tags of a piece of raw HTML made only of harmless tags (no
/// attributes: `<sup>`, `</sup>`, `<br>`, `<br/>`) and text between them,
/// as an HTML block gives a line such as `漢字<rt>かんじ</rt>`; `None` when
/// any `<` starts something else.
pub fn harmless_markup(raw: &str) -> Option<Vec<TagAt>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(i) = raw[at..].find('<') {
        let start = at + i;
        let end = start + raw[start..].find('>')?;
        let inner = &raw[start + 1..end];
        let closing = inner.starts_with('/');
        let name = inner.strip_prefix('/').unwrap_or(inner);
        let name = name.strip_suffix('/').unwrap_or(name).trim_end();
        let name = name.to_ascii_lowercase();
        if !HARMLESS_TAGS.contains(&name.as_str()) {
            return None;
        }
        tags.push(TagAt {
            name,
            closing,
            offset: start,
        });
        at = end + 1;
    }
    Some(tags)
}

/// What becomes of a piece of raw HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Published as written.
    Keep,
    /// Part of a comment: left out.
    Drop,
    /// Refused (E032); shown as text if it ever reaches a page.
    Refuse,
}

/// Judges the raw HTML of one Markdown text piece by piece, in order: a
/// comment may run over several pieces (pulldown-cmark gives an HTML block
/// line by line). `check` and the renderer judge alike.
pub struct RawHtml {
    trusted: bool,
    in_comment: bool,
}

impl RawHtml {
    pub fn new(trusted: bool) -> RawHtml {
        RawHtml {
            trusted,
            in_comment: false,
        }
    }

    pub fn judge(&mut self, raw: &str) -> Verdict {
        if self.trusted {
            return Verdict::Keep;
        }
        let t = raw.trim();
        if self.in_comment {
            return match t.find("-->") {
                None => Verdict::Drop,
                Some(i) if t[i + 3..].trim().is_empty() => {
                    self.in_comment = false;
                    Verdict::Drop
                }
                Some(_) => Verdict::Refuse,
            };
        }
        if let Some(rest) = t.strip_prefix("<!--") {
            // `<!-->` and `<!--->` end at once in a browser: refuse them
            // rather than guess what they hide.
            if rest.starts_with('>') || rest.starts_with("->") {
                return Verdict::Refuse;
            }
            return match rest.find("-->") {
                None => {
                    self.in_comment = true;
                    Verdict::Drop
                }
                Some(i) if rest[i + 3..].trim().is_empty() => Verdict::Drop,
                Some(_) => Verdict::Refuse,
            };
        }
        if harmless_markup(t).is_some() {
            Verdict::Keep
        } else {
            Verdict::Refuse
        }
    }

    /// The event a raw HTML event becomes on the page.
    pub fn defuse<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Html(s) | Event::InlineHtml(s) => match self.judge(&s) {
                Verdict::Keep => Event::InlineHtml(s),
                Verdict::Drop => Event::Text(CowStr::Borrowed("")),
                Verdict::Refuse => Event::Text(s),
            },
            e => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_are_read_and_unknown_ones_kept() {
        assert_eq!(
            decode_entities("&lt;重要&gt; &amp; &#x2460;&#9312;"),
            "<重要> & ①①"
        );
        assert_eq!(
            decode_entities("A&B &unknown; &#0; &"),
            "A&B &unknown; &#0; &"
        );
        assert_eq!(decode_entities("目的"), "目的");
    }

    #[test]
    fn raw_html_is_judged_piece_by_piece() {
        use Verdict::*;
        let judge = |pieces: &[&str]| {
            let mut raw = RawHtml::new(false);
            pieces.iter().map(|p| raw.judge(p)).collect::<Vec<_>>()
        };
        assert_eq!(judge(&["<sup>", "</sup>", "<br/>", "<BR>"]), [Keep; 4]);
        assert_eq!(
            judge(&["<br onload=x>", "<sup/onmouseover=x>", "<img src=x>"]),
            [Refuse; 3]
        );
        assert_eq!(
            judge(&["<!-- note -->", "<!--\n", "two\n", "-->\n", "<sup>"]),
            [Drop, Drop, Drop, Drop, Keep]
        );
        // Never a panic, and nothing hidden behind an abrupt comment.
        assert_eq!(
            judge(&["<!-->", "<!--->", "<!-- a --><script>", "<!--"]),
            [Refuse, Refuse, Refuse, Drop]
        );
        assert_eq!(judge(&["<!--", "x --> <script>"]), [Drop, Refuse]);
        // An HTML block gives a multi-line ruby line by line.
        assert_eq!(
            judge(&["<ruby>\n", "漢字<rt>かんじ</rt>\n", "</ruby>\n"]),
            [Keep; 3]
        );
        assert_eq!(judge(&["漢字<rt class=x>かんじ</rt>"]), [Refuse]);
        let mut trusted = RawHtml::new(true);
        assert_eq!(trusted.judge("<script>x</script>"), Keep);
    }
}
