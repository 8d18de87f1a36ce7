//! The Markdown dialect of the sources: the parser options every reader
//! uses, and the raw-HTML rule (which tags pass without `trusted_html`),
//! judged alike by `check` and the renderer.

use pulldown_cmark::{CowStr, Event, Options};

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Tags a source may write as raw HTML without `trusted_html`: they take
/// no attributes and do nothing but mark text up.
const HARMLESS_TAGS: [&str; 12] = [
    "br", "wbr", "sup", "sub", "ruby", "rt", "rp", "kbd", "mark", "small", "u", "s",
];

/// Whether one piece of raw HTML is a harmless tag: `<sup>`, `</sup>`,
/// `<br>`, `<br/>`, no attributes.
pub fn harmless_tag(raw: &str) -> bool {
    let Some(inner) = raw
        .trim()
        .strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
    else {
        return false;
    };
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let name = name.strip_suffix('/').unwrap_or(name).trim_end();
    HARMLESS_TAGS.contains(&name.to_ascii_lowercase().as_str())
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
        if harmless_tag(t) {
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
        let mut trusted = RawHtml::new(true);
        assert_eq!(trusted.judge("<script>x</script>"), Keep);
    }
}
