//! Offline full-text search: the documents (one per article, contact or
//! section of every page), the index file `search-index.js` that
//! `search.html` loads with a `<script>` element (never `fetch()`, which
//! `file://` forbids), and the query semantics that `theme/search.js`
//! implements again for the browser.
//!
//! The index is the documents' normalised text itself plus their titles:
//! a query is matched by scanning for its tokens, which keeps the index no
//! larger than the text and lets any substring find its page.

pub mod tokenize;

use tokenize::{normalize, query_tokens};

/// One search hit target: a part of a page with an anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The page, from the output root.
    pub page: usize,
    /// `#anchor` within the page, or empty for the top of the page.
    pub anchor: String,
    /// The heading of this part (an article's number and caption).
    pub title: String,
    /// Normalised text (NFKC), whitespace collapsed.
    pub text: String,
}

/// Every document of the handbook, and the pages they are on.
#[derive(Debug, Default)]
pub struct Index {
    /// `(path, title)` of each page.
    pub pages: Vec<(String, String)>,
    pub docs: Vec<Doc>,
    /// One per document, made on the first search (a build never needs it).
    prepared: std::sync::OnceLock<Vec<Prepared>>,
}

/// What a query is matched against, for one document: its text with ASCII
/// lower-cased and its title normalised (the browser prepares the same).
#[derive(Debug)]
struct Prepared {
    text: String,
    title: String,
}

impl Index {
    /// Builds the index from rendered pages `(path, bytes)`.
    pub fn from_pages(pages: &[(String, Vec<u8>)]) -> Index {
        let mut index = Index::default();
        for (path, bytes) in pages {
            if !crate::routes::Route::parse(path).is_some_and(|r| r.searched()) {
                continue;
            }
            let Ok(html) = std::str::from_utf8(bytes) else {
                continue;
            };
            let Some((_, main)) = crate::html::main_of(html) else {
                continue;
            };
            let page = index.pages.len();
            let parts = split(main);
            let title = parts
                .first()
                .map(|p| p.title.clone())
                .unwrap_or_else(|| path.clone());
            index.pages.push((path.clone(), title));
            for part in parts {
                let text = collapse(&part.text);
                if text.is_empty() {
                    continue;
                }
                index.docs.push(Doc {
                    page,
                    anchor: part.anchor,
                    title: collapse(&part.title),
                    text: nfkc(&text),
                });
            }
        }
        index
    }

    fn prepared(&self) -> &[Prepared] {
        self.prepared.get_or_init(|| {
            self.docs
                .iter()
                .map(|d| Prepared {
                    text: d.text.to_ascii_lowercase(),
                    title: normalize(&d.title),
                })
                .collect()
        })
    }

    /// The documents matching `query`, best first: `(doc, score)`.
    pub fn search(&self, query: &str) -> Vec<(usize, u32)> {
        let tokens = query_tokens(query);
        if tokens.is_empty() {
            return Vec::new();
        }
        let terms: Vec<String> = normalize(query)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut hits: Vec<(usize, u32)> = self
            .prepared()
            .iter()
            .enumerate()
            .filter_map(|(i, Prepared { text, title })| {
                if tokens
                    .iter()
                    .any(|t| !text.contains(t.as_str()) && !title.contains(t.as_str()))
                {
                    return None;
                }
                // A whole term found counts most; its tokens scattered
                // about count a little.
                let mut score = 0u32;
                for term in &terms {
                    let n = count(text, term);
                    if n > 0 {
                        score += 20 + 5 * n.min(4);
                    } else {
                        let mut seen: Vec<String> = Vec::new();
                        for t in tokenize::tokens(term) {
                            if !seen.contains(&t) {
                                score += count(text, &t).min(3);
                                seen.push(t);
                            }
                        }
                    }
                    if title.contains(term.as_str()) {
                        score += 30;
                    }
                }
                Some((i, score))
            })
            .collect();
        // Equal scores: the shorter, more specific part first (lengths in
        // UTF-16 units, as the browser counts them), then page order.
        let len = |i: usize| self.docs[i].text.encode_utf16().count();
        hits.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(len(a.0).cmp(&len(b.0)))
                .then(a.0.cmp(&b.0))
        });
        hits
    }

    /// The index as a script: `window.HANDBOOK_SEARCH = {...}`, one
    /// document a line.
    pub fn to_js(&self) -> String {
        use crate::json::to_string;
        let mut out = String::from("window.HANDBOOK_SEARCH={\"v\":1,\"pages\":");
        out.push_str(&to_string(&self.pages));
        out.push_str(",\"docs\":[");
        for (i, d) in self.docs.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str(&to_string(&(d.page, &d.anchor, &d.title, &d.text)));
        }
        out.push_str("]};\n");
        out
    }

    /// Characters of text indexed, for the benchmark's size ratio.
    pub fn text_chars(&self) -> usize {
        self.docs.iter().map(|d| d.text.chars().count()).sum()
    }
}

/// NFKC without the case folding: the text is shown in snippets, so `PC`
/// stays `PC`; matching lower-cases ASCII on the fly.
fn nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

/// Occurrences of `needle` in `hay`, overlapping ones too (as the browser's
/// `indexOf` loop counts them).
fn count(hay: &str, needle: &str) -> u32 {
    let mut n = 0;
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        n += 1;
        let at = from + i;
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        if n >= 10 {
            break;
        }
    }
    n
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One hit as a JSON object, for `handbook search --json`.
pub fn hit_json(path: &str, anchor: &str, page: &str, title: &str, score: u32) -> String {
    #[derive(serde::Serialize)]
    struct Hit<'a> {
        url: String,
        page: &'a str,
        title: &'a str,
        score: u32,
    }
    crate::json::to_string(&Hit {
        url: format!("{path}{anchor}"),
        page,
        title,
        score,
    })
}

/// A part of a page while it is being split.
#[derive(Debug, Default)]
struct Part {
    anchor: String,
    title: String,
    text: String,
    /// A regulation article's number and caption, when it has no heading.
    number: String,
    caption: String,
}

/// Elements that start a new search document when they carry an id.
const STARTS: [&str; 4] = ["article", "section", "h2", "h3"];

/// Splits a page's `<main>` HTML into parts at elements with an id that
/// start one (`STARTS`); text goes to the part it falls in. A part's title
/// is its first heading, else a regulation article's number and caption.
fn split(main: &str) -> Vec<Part> {
    let mut parts = vec![Part::default()];
    let mut rest = main;
    // Inside a heading (collecting a title), an article number or caption,
    // or an element whose text is not page text.
    let mut heading: Option<String> = None;
    let mut number: Option<String> = None;
    let mut skip_depth = 0usize;
    let mut hidden = 0usize;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(
                &mut parts,
                rest,
                &mut heading,
                &mut number,
                skip_depth + hidden,
            );
            break;
        };
        push_text(
            &mut parts,
            &rest[..lt],
            &mut heading,
            &mut number,
            skip_depth + hidden,
        );
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "svg" || name == "script" || name == "style" {
            if closing {
                skip_depth = skip_depth.saturating_sub(1);
            } else {
                skip_depth += 1;
            }
            continue;
        }
        if closing {
            if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4") {
                if let Some(h) = heading.take() {
                    // A part is named by its first heading.
                    let part = parts.last_mut().expect("a part");
                    if part.title.is_empty() {
                        part.title = h;
                    }
                }
            } else if name == "p" || name == "a" {
                if let Some(n) = number.take() {
                    let part = parts.last_mut().expect("a part");
                    if n.trim_start().starts_with('（') {
                        part.caption = n;
                    } else if part.number.is_empty() {
                        part.number = n;
                    }
                }
            } else if name == "span" && hidden > 0 {
                hidden -= 1;
            }
            // Block ends separate words.
            parts.last_mut().expect("a part").text.push(' ');
            continue;
        }
        if tag.contains("class=\"visually-hidden\"") {
            hidden += 1;
            continue;
        }
        let id = attr(tag, "id");
        if let (Some(id), true) = (id, STARTS.contains(&name.as_str())) {
            parts.push(Part {
                anchor: format!("#{id}"),
                ..Part::default()
            });
        }
        if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4") {
            heading = Some(String::new());
        } else if tag.contains("class=\"caption\"") || tag.contains("article-num") {
            number = Some(String::new());
        }
    }
    parts.retain(|p| !p.text.trim().is_empty());
    for p in &mut parts {
        if p.title.is_empty() {
            p.title = format!("{}{}", p.number.trim(), p.caption.trim());
        }
        p.title = decode(p.title.trim());
        p.text = decode(&p.text);
    }
    parts
}

fn push_text(
    parts: &mut [Part],
    text: &str,
    heading: &mut Option<String>,
    number: &mut Option<String>,
    skipping: usize,
) {
    if skipping > 0 || text.is_empty() {
        return;
    }
    if let Some(part) = parts.last_mut() {
        part.text.push_str(text);
    }
    if let Some(h) = heading {
        h.push_str(text);
    }
    if let Some(n) = number {
        n.push_str(text);
    }
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let i = tag.find(&needle)? + needle.len();
    let len = tag[i..].find('"')?;
    Some(&tag[i..i + len])
}

/// Decodes the entities our own HTML uses.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &tail[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, main: &str) -> (String, Vec<u8>) {
        (
            path.to_string(),
            format!("<html><main id=\"main\">{main}</main></html>").into_bytes(),
        )
    }

    fn sample() -> Index {
        Index::from_pages(&[page(
            "regulations/a.html",
            "<h1>安全管理規程</h1><article class=\"article\" id=\"art-1\"><p class=\"caption\">（目的）</p>\
             <div id=\"art-1-p1\"><p><a class=\"num article-num\" href=\"#art-1\">第１条</a>　本規程は、\
             ＵＳＢメモリの取扱いを定める。</p></div></article>\
             <article class=\"article\" id=\"art-2\"><p class=\"caption\">（バックアップ）</p>\
             <p><a class=\"num article-num\" href=\"#art-2\">第２条</a>　データは毎日バックアップする。&amp;</p></article>\
             <svg><text>図の文字</text></svg>",
        )])
    }

    #[test]
    fn articles_are_documents_with_their_number_and_caption() {
        let ix = sample();
        assert_eq!(
            ix.pages,
            [("regulations/a.html".into(), "安全管理規程".into())]
        );
        let titles: Vec<(&str, &str)> = ix
            .docs
            .iter()
            .map(|d| (d.anchor.as_str(), d.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            [
                ("", "安全管理規程"),
                ("#art-1", "第１条（目的）"),
                ("#art-2", "第２条（バックアップ）")
            ]
        );
        assert!(ix.docs[1].text.contains("USBメモリ"), "{}", ix.docs[1].text);
        assert!(ix.docs[2].text.ends_with('&'));
        assert!(!ix.docs.iter().any(|d| d.text.contains("図の文字")));
    }

    #[test]
    fn queries_find_the_article_whatever_the_width_or_case() {
        let ix = sample();
        for q in ["usbメモリ", "ＵＳＢ", "バックアップ", "毎日　バック"] {
            let hits = ix.search(q);
            assert!(!hits.is_empty(), "{q}");
        }
        assert_eq!(ix.search("usbメモリ")[0].0, 1);
        assert_eq!(ix.search("バックアップ")[0].0, 2);
        assert!(ix.search("ランサムウェア").is_empty());
    }

    #[test]
    fn the_index_script_is_valid_and_cannot_close_a_script_element() {
        let ix = Index {
            pages: vec![("a.html".into(), "T\"</script>".into())],
            docs: vec![],
            prepared: Default::default(),
        };
        let js = ix.to_js();
        assert!(js.contains("\"T\\\"\\u003c/script>\""), "{js}");
    }
}
