//! Offline full-text search: the documents (one per article, contact or
//! section of every page), the index file `search-index.js` that
//! `search.html` loads with a `<script>` element and every other page loads
//! when its header box is first used (never `fetch()`, which `file://`
//! forbids), and the query semantics that `theme/search.js` implements
//! again for the browser.
//!
//! The index is the documents' normalised text itself plus their titles:
//! a query is matched by scanning for its tokens, which keeps the index no
//! larger than the text and lets any substring find its page. It carries
//! the synonyms and shortcuts (`content/synonyms.yaml` and the built-in
//! list) and each page's rank, so the page ranks exactly as
//! `handbook search` does.
//!
//! Ranking, per query term: the term (or, for a word with synonyms, the
//! best of its words) found whole counts most, its tokens scattered about a
//! little, a title holding it more; each page adds its rank ([`boost`]); a
//! term that is a shortcut's word puts the shortcut's part first.

pub mod tokenize;

use tokenize::{normalize, query_tokens};

use crate::routes::Route;

/// One search hit target: a part of a page with an anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The page, from the output root.
    pub page: usize,
    /// `#anchor` within the page, or empty for the top of the page.
    pub anchor: String,
    /// The heading of this part (an article's number and caption).
    pub title: String,
    /// Normalised text (NFKC), whitespace collapsed; empty when put
    /// aside ([`PagePart::set_aside`]).
    pub text: String,
    /// The length of the JSON put aside for this document (its anchor,
    /// title and text), or 0 when they are here.
    pub aside: u32,
}

/// Every document of the handbook, and the pages they are on.
#[derive(Debug, Default)]
pub struct Index {
    /// `(path, title)` of each page.
    pub pages: Vec<(String, String)>,
    /// Points every hit on each page gets ([`boost`]).
    pub boosts: Vec<u32>,
    pub docs: Vec<Doc>,
    /// Groups of normalised words that mean the same.
    pub synonyms: Vec<Vec<String>>,
    /// A document, and the normalised words that put it first.
    pub shortcuts: Vec<(usize, Vec<String>)>,
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

/// Points added to a shortcut's document: more than any text can score.
const PIN: u32 = 1000;

/// The rank of a page in the results: during an incident the pages to act
/// from come first (緊急時対応, contacts, severity, BCP, procedures), then
/// the rules (regulations, free pages), then records and blank forms, which
/// mention every incident word but are not where staff act from. Half a
/// whole-term match between tiers, so a better match on a lower page still
/// comes first; the 緊急時対応 page gets no more than the other operational
/// pages, or its lists of numbers would outrank the contact a phone number
/// names (the incident words lead to it by shortcuts instead).
pub fn boost(route: &Route) -> u32 {
    match route {
        Route::Incident
        | Route::Contacts
        | Route::Severity
        | Route::Bcp
        | Route::Procedures
        | Route::Procedure(_) => 20,
        Route::Regulation(_) | Route::Page(_) => 10,
        _ => 0,
    }
}

/// What one rendered page adds to the index: made on its own (the build
/// makes each page's while the page is still at hand, on all cores), put
/// together in page order by [`Index::from_parts`].
#[derive(Debug)]
pub struct PagePart {
    path: String,
    title: String,
    boost: u32,
    /// With `page` 0; [`Index::from_parts`] numbers them.
    docs: Vec<Doc>,
}

impl PagePart {
    /// The part of the rendered page at `path` (from the output root), or
    /// `None` for a page that is not searched or has no `<main>`.
    pub fn of(path: &str, bytes: &[u8]) -> Option<PagePart> {
        PagePart::of_html(path, simdutf8::basic::from_utf8(bytes).ok()?)
    }

    /// [`PagePart::of`] a page's text.
    pub fn of_html(path: &str, html: &str) -> Option<PagePart> {
        let route = Route::parse(path).filter(Route::searched)?;
        let (_, main) = crate::html::main_of(html)?;
        let parts = split(main);
        let title = parts
            .first()
            .map(|p| p.title.clone())
            .unwrap_or_else(|| path.to_string());
        let docs = parts
            .into_iter()
            .filter_map(|part| {
                let text = collapse(&part.text);
                (!text.is_empty()).then(|| Doc {
                    page: 0,
                    anchor: part.anchor,
                    title: collapse(&part.title),
                    text: nfkc(&text),
                    aside: 0,
                })
            })
            .collect();
        Some(PagePart {
            path: path.to_string(),
            title,
            boost: boost(&route),
            docs,
        })
    }
}

impl PagePart {
    /// Puts the documents' text out of memory until the index is written
    /// ([`Index::write_js_aside`]): `put` gets what the index holds for
    /// them after each page number, one after another. A build keeps only
    /// what ranks and finds the shortcuts (a large handbook's text is
    /// tens of megabytes).
    pub fn set_aside(
        &mut self,
        put: impl FnOnce(&[u8]) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut json = Vec::new();
        for d in &mut self.docs {
            let from = json.len();
            doc_tail(&mut json, d).map_err(|e| e.to_string())?;
            d.aside = u32::try_from(json.len() - from)
                .map_err(|_| format!("{}: a search document over 4 GiB", self.path))?;
            d.text = String::new();
        }
        put(&json)
    }
}

/// What the index holds for document `d` after its page number: `,`, its
/// anchor, title and text as JSON, and the `]` that closes it.
fn doc_tail(w: &mut dyn std::io::Write, d: &Doc) -> std::io::Result<()> {
    // What the array `[page,"anchor","title","text"]` has after the page,
    // one string at a time (no copy of the text is made).
    for s in [&d.anchor, &d.title, &d.text] {
        w.write_all(b",")?;
        crate::json::write_str(w, s)?;
    }
    w.write_all(b"]")
}

impl Index {
    /// Builds the index from rendered pages `(path, bytes)`, without
    /// synonyms or shortcuts.
    pub fn from_pages(pages: &[(String, Vec<u8>)]) -> Index {
        Index::from_parts(
            pages
                .iter()
                .filter_map(|(path, bytes)| PagePart::of(path, bytes)),
        )
    }

    /// Builds the index from the pages' parts, in the order given.
    pub fn from_parts(parts: impl IntoIterator<Item = PagePart>) -> Index {
        let mut index = Index::default();
        for part in parts {
            let page = index.pages.len();
            index.pages.push((part.path, part.title));
            index.boosts.push(part.boost);
            index
                .docs
                .extend(part.docs.into_iter().map(|d| Doc { page, ..d }));
        }
        index
    }

    /// The index of a handbook's rendered pages, with its synonyms and
    /// shortcuts: its own `content/synonyms.yaml` and, unless that says
    /// `defaults: false`, the built-in list. A word of the handbook's own
    /// takes the word over: a built-in group naming it is dropped, and a
    /// built-in shortcut loses it. A shortcut to a page the handbook does
    /// not search (or does not have: only a built-in one can) is left out.
    pub fn for_handbook(
        hb: &crate::content::Handbook,
        links: &crate::resolve::Links,
        pages: &[(String, Vec<u8>)],
    ) -> Index {
        Index::from_pages(pages).with_words(hb, links)
    }

    /// This index with the handbook's synonyms and shortcuts (see
    /// [`Index::for_handbook`]).
    pub fn with_words(
        mut self,
        hb: &crate::content::Handbook,
        links: &crate::resolve::Links,
    ) -> Index {
        use crate::content::synonyms;
        let index = &mut self;
        let own = hb.synonyms.as_ref();
        let builtin = synonyms::uses_builtin(own).then(synonyms::builtin);
        let words = |ws: &[synonyms::Word]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for w in ws {
                let n = normalize(&w.text);
                if !tokenize::tokens(&n).is_empty() && !out.contains(&n) {
                    out.push(n);
                }
            }
            out
        };
        let own_groups: Vec<Vec<String>> = own
            .map(|s| s.groups.iter().map(|g| words(&g.words)).collect())
            .unwrap_or_default();
        let taken = |w: &String| own_groups.iter().any(|g| g.contains(w));
        let builtin_groups = builtin
            .iter()
            .flat_map(|b| &b.groups)
            .map(|g| words(&g.words));
        index.synonyms = own_groups
            .iter()
            .cloned()
            .chain(builtin_groups.filter(|g| !g.iter().any(taken)))
            .filter(|g| g.len() > 1)
            .collect();
        let own_shortcuts: Vec<(&str, Vec<String>)> = own
            .map(|s| {
                s.shortcuts
                    .iter()
                    .map(|sc| (sc.link.0.as_str(), words(&sc.words)))
                    .collect()
            })
            .unwrap_or_default();
        let own_words: Vec<&String> = own_shortcuts.iter().flat_map(|(_, w)| w).collect();
        let builtin_shortcuts = builtin.iter().flat_map(|b| &b.shortcuts).map(|sc| {
            let ws: Vec<String> = words(&sc.words)
                .into_iter()
                .filter(|w| !own_words.contains(&w))
                .collect();
            (sc.link.0.as_str(), ws)
        });
        let all: Vec<(&str, Vec<String>)> = own_shortcuts
            .iter()
            .cloned()
            .chain(builtin_shortcuts)
            .collect();
        for (dest, ws) in all {
            if ws.is_empty() {
                continue;
            }
            if let Some(doc) = index.target(links, dest) {
                index.shortcuts.push((doc, ws));
            }
        }
        self
    }

    /// The document a link leads to: the part with the link's anchor, or
    /// the top of its page.
    fn target(&self, links: &crate::resolve::Links, dest: &str) -> Option<usize> {
        use crate::resolve::links::Resolved;
        let (path, anchor) = match links.get(dest)? {
            Ok(Resolved::Page { route, fragment }) => (
                route.path(),
                fragment
                    .as_ref()
                    .map(|f| format!("#{f}"))
                    .unwrap_or_default(),
            ),
            Ok(Resolved::Contact(id)) => (
                Route::Contacts.path(),
                format!("#{}", crate::routes::contact_anchor(id)),
            ),
            _ => return None,
        };
        let page = self.pages.iter().position(|(p, _)| *p == path)?;
        let on_page = |d: &&Doc| d.page == page;
        let docs = &self.docs;
        docs.iter()
            .position(|d| d.page == page && d.anchor == anchor)
            .or_else(|| docs.iter().position(|d| on_page(&d)))
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

    /// The words a normalised query term stands for: itself, then the
    /// other words of its group of synonyms.
    pub fn alternatives(&self, term: &str) -> Vec<String> {
        let mut out = vec![term.to_string()];
        if let Some(g) = self.synonyms.iter().find(|g| g.iter().any(|w| w == term)) {
            out.extend(g.iter().filter(|w| *w != term).cloned());
        }
        out
    }

    /// The documents matching `query`, best first: `(doc, score)`.
    ///
    /// A document matches when, for every term of the query (split at
    /// spaces) that has a token, one of the term's words has all its
    /// tokens in the document's text or title; a query without any token
    /// (only punctuation) is looked for as it is. A shortcut's document is
    /// a hit whenever a term is one of its words.
    pub fn search(&self, query: &str) -> Vec<(usize, u32)> {
        let tokens = query_tokens(query);
        if tokens.is_empty() {
            return Vec::new();
        }
        let normalized = normalize(query);
        let terms: Vec<&str> = normalized.split_whitespace().collect();
        let distinct = |s: &str| {
            let mut seen: Vec<String> = Vec::new();
            for t in tokenize::tokens(s) {
                if !seen.contains(&t) {
                    seen.push(t);
                }
            }
            seen
        };
        // Each term's words, each with its distinct tokens.
        let words: Vec<Vec<(String, Vec<String>)>> = terms
            .iter()
            .map(|t| {
                self.alternatives(t)
                    .into_iter()
                    .map(|w| {
                        let toks = distinct(&w);
                        (w, toks)
                    })
                    .collect()
            })
            .collect();
        let fallback = words.iter().all(|alts| alts[0].1.is_empty());
        let pinned: Vec<usize> = self
            .shortcuts
            .iter()
            .filter(|(_, ws)| terms.iter().any(|t| ws.iter().any(|w| w == t)))
            .map(|(doc, _)| *doc)
            .collect();
        let mut hits: Vec<(usize, u32)> = self
            .prepared()
            .iter()
            .enumerate()
            .filter_map(|(i, Prepared { text, title })| {
                let has = |t: &str| text.contains(t) || title.contains(t);
                let matched = if fallback {
                    has(&tokens[0])
                } else {
                    words.iter().all(|alts| {
                        alts[0].1.is_empty()
                            || alts.iter().any(|(_, toks)| toks.iter().all(|t| has(t)))
                    })
                };
                let pin = pinned.contains(&i);
                if !matched && !pin {
                    return None;
                }
                let mut score = 0u32;
                if matched {
                    for alts in &words {
                        score += alts
                            .iter()
                            .map(|(w, toks)| term_score(text, title, w, toks))
                            .max()
                            .unwrap_or(0);
                    }
                }
                score += self.boosts.get(self.docs[i].page).copied().unwrap_or(0);
                if pin {
                    score += PIN;
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
    /// document a line. Pages are `[path, title, boost]`, shortcuts
    /// `[doc, [words]]`.
    pub fn to_js(&self) -> String {
        let mut out = Vec::new();
        self.write_js(&mut out)
            .expect("writing into memory does not fail");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// [`Index::to_js`], written to `w` a document at a time (the index of
    /// a large handbook is tens of megabytes).
    pub fn write_js(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.write_js_aside(w, &mut |path| {
            Err(std::io::Error::other(format!(
                "internal: the search documents of {path} were put aside"
            )))
        })
    }

    /// [`Index::write_js`] of an index whose pages' documents were put
    /// aside ([`PagePart::set_aside`]): `aside` gives back what was put
    /// aside for the page at a path.
    pub fn write_js_aside(
        &self,
        w: &mut dyn std::io::Write,
        aside: &mut dyn FnMut(&str) -> std::io::Result<Vec<u8>>,
    ) -> std::io::Result<()> {
        use crate::json::to_writer;
        w.write_all(b"window.HANDBOOK_SEARCH={\"v\":2,\"pages\":")?;
        let pages: Vec<(&str, &str, u32)> = self
            .pages
            .iter()
            .zip(&self.boosts)
            .map(|((p, t), b)| (p.as_str(), t.as_str(), *b))
            .collect();
        to_writer(w, &pages)?;
        w.write_all(b",\n\"synonyms\":")?;
        to_writer(w, &self.synonyms)?;
        w.write_all(b",\n\"shortcuts\":")?;
        to_writer(w, &self.shortcuts)?;
        w.write_all(b",\n\"docs\":[")?;
        // The page whose documents were last given back, and the rest of
        // them.
        let mut held: (usize, Vec<u8>, usize) = (usize::MAX, Vec::new(), 0);
        for (i, d) in self.docs.iter().enumerate() {
            if i > 0 {
                w.write_all(b",\n")?;
            }
            write!(w, "[{}", d.page)?;
            if d.aside == 0 {
                doc_tail(w, d)?;
                continue;
            }
            if held.0 != d.page {
                held = (d.page, aside(&self.pages[d.page].0)?, 0);
            }
            let len = d.aside as usize;
            let tail = held.1.get(held.2..held.2 + len).ok_or_else(|| {
                std::io::Error::other(format!(
                    "internal: the search documents of {} came back short",
                    self.pages[d.page].0
                ))
            })?;
            w.write_all(tail)?;
            held.2 += len;
        }
        w.write_all(b"]};\n")
    }

    /// Characters of text indexed, for the benchmark's size ratio.
    pub fn text_chars(&self) -> usize {
        self.docs.iter().map(|d| d.text.chars().count()).sum()
    }
}

/// What one word of a query term scores in a document: found whole counts
/// most, its tokens scattered about a little; a title holding it more.
fn term_score(text: &str, title: &str, word: &str, tokens: &[String]) -> u32 {
    let n = count(text, word);
    let mut score = if n > 0 {
        20 + 5 * n.min(4)
    } else {
        tokens.iter().map(|t| count(text, t).min(3)).sum()
    };
    if title.contains(word) {
        score += 30;
    }
    score
}

/// NFKC without the case folding: the text is shown in snippets, so `PC`
/// stays `PC`; matching lower-cases ASCII on the fly.
///
/// Runs of characters NFKC leaves alone and that never
/// combine with the character before them ([`stable`]: ASCII, kana, kanji
/// and the common Japanese punctuation, most of any page) are copied;
/// only the rest is normalised, each run with the character before it,
/// which it may combine with (か and U+3099 make が). Normalising whole
/// texts was a tenth of a build.
fn nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Bytes of `text` already in `out`, and where the last character
    // before the current position starts. Read from the bytes: decoding
    // every character was a twentieth of a build.
    let mut done = 0;
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        let len = stable_len(&bytes[i..]);
        if len > 0 {
            last = i;
            i += len;
            continue;
        }
        let from = if last >= done && last < i {
            last
        } else {
            i.max(done)
        };
        out.push_str(&text[done..from]);
        // The run of characters that are not stable.
        let mut to = i + char_len(bytes[i]);
        while to < bytes.len() && stable_len(&bytes[to..]) == 0 {
            to += char_len(bytes[to]);
        }
        // NFKC maps full-width ASCII to ASCII, and nothing composes with
        // an ASCII character: the usual run (２, （）) needs no normaliser.
        out.push_str(&text[from..i]);
        if !push_full_width_ascii(&mut out, &bytes[i..to]) {
            out.truncate(out.len() - (i - from));
            out.extend(text[from..to].nfkc());
        }
        done = to;
        last = to;
        i = to;
    }
    out.push_str(&text[done..]);
    out
}

/// Pushes `run` as ASCII when it is all full-width ASCII forms
/// (U+FF01–U+FF5E, which NFKC maps to U+0021–U+007E); else pushes nothing
/// and says so.
fn push_full_width_ascii(out: &mut String, run: &[u8]) -> bool {
    let start = out.len();
    for c in run.chunks(3) {
        out.push(char::from(match *c {
            [0xEF, 0xBC, b @ 0x81..=0xBF] => b - 0x60,
            [0xEF, 0xBD, b @ 0x80..=0x9E] => b - 0x20,
            _ => {
                out.truncate(start);
                return false;
            }
        }));
    }
    true
}

/// The length of the UTF-8 character that starts with `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// The length in bytes of the character `b` starts with when it is
/// stable, else 0. Stable are the characters NFKC maps to themselves and
/// that never combine with the character before them, so normalisation
/// may start afresh at each: printable ASCII, hiragana and katakana
/// letters (not the sound marks U+3099–U+309C), CJK unified ideographs,
/// 、。「」『』 and the long vowel mark.
fn stable_len(b: &[u8]) -> usize {
    match *b {
        [b' '..=b'~', ..] => 1,
        // U+4E00–U+9FFF
        [0xE4, 0xB8..=0xBF, _, ..] | [0xE5..=0xE9, _, _, ..] => 3,
        // U+3001, U+3002, U+300C–U+300F
        [0xE3, 0x80, 0x81 | 0x82 | 0x8C..=0x8F, ..] => 3,
        // U+3041–U+3096
        [0xE3, 0x81, 0x81..=0xBF, ..] | [0xE3, 0x82, 0x80..=0x96, ..] => 3,
        // U+30A1–U+30FA, U+30FC
        [0xE3, 0x82, 0xA1..=0xBF, ..] | [0xE3, 0x83, 0x80..=0xBA | 0xBC, ..] => 3,
        _ => 0,
    }
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

/// `s`'s words (as `split_whitespace` finds them) joined by one space.
/// The whitespace is found from each character's first byte: the rest are
/// read only where it may be whitespace (lead bytes C2 to E3), which is a
/// fraction of the time of decoding every character of the text.
fn collapse(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word = 0;
    let mut i = 0;
    while i < bytes.len() {
        // `i` is always where a character starts.
        let lead = bytes[i];
        let space = match lead {
            b'!'..=b'~' => 0,
            0xC2..=0xE3 => space_at(&bytes[i..]),
            _ if lead < 0x80 => space_at(&bytes[i..]),
            _ => 0,
        };
        if space == 0 {
            i += char_len(lead);
            continue;
        }
        if word < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[word..i]);
        }
        i += space;
        word = i;
    }
    if word < bytes.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[word..]);
    }
    out
}

/// The length in bytes of the whitespace character (`char::is_whitespace`,
/// Unicode's White_Space) `b` starts with, or 0.
fn space_at(b: &[u8]) -> usize {
    match b {
        [b' ' | b'\t'..=b'\r', ..] => 1,
        // U+0085, U+00A0
        [0xC2, 0x85 | 0xA0, ..] => 2,
        // U+1680
        [0xE1, 0x9A, 0x80, ..] => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F; U+205F
        [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..] | [0xE2, 0x81, 0x9F, ..] => 3,
        // U+3000
        [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
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

impl Part {
    /// A part starting at `anchor`, with room for the text a part usually
    /// has (an article: a few hundred bytes), so it is not grown from
    /// nothing a few bytes at a time.
    fn new(anchor: String) -> Part {
        Part {
            anchor,
            text: String::with_capacity(512),
            ..Part::default()
        }
    }
}

/// Whether an element is a heading whose text names its part.
fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4")
}

/// Whether an element starts a new search document when it carries an id.
fn starts_a_part(name: &str) -> bool {
    matches!(name, "article" | "section" | "h2" | "h3")
}

/// Elements that never have content or an end tag.
fn void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Whether an element's text is left out of the index: pictures, scripts
/// and styles, buttons (印刷する, 実寸で見る: what the page does, not what
/// it says), text only a screen reader hears (`visually-hidden`), and text
/// only on paper (`print-only`: 実施者＿＿, a chart's footer), which a
/// snippet would show though the page does not.
fn unseen(name: &str, class: Option<&str>) -> bool {
    matches!(name, "svg" | "script" | "style" | "button")
        || class.is_some_and(|c| {
            // Both classes hold a `-`; most classes hold none.
            c.contains('-')
                && c.split_ascii_whitespace()
                    .any(|c| c == "print-only" || c == "visually-hidden")
        })
}

/// Splits a page's `<main>` HTML into parts at elements with an id that
/// start one ([`starts_a_part`]); text goes to the part it falls in. A part's title
/// is its first heading, else a regulation article's number and caption.
fn split(main: &str) -> Vec<Part> {
    let mut parts = vec![Part::new(String::new())];
    let mut rest = main;
    // Inside a heading (collecting a title) or an article number or
    // caption; and how many elements are open inside the element being
    // skipped, whose text is not what a reader sees on the page.
    let mut heading: Option<String> = None;
    let mut number: Option<String> = None;
    let mut skip = 0usize;
    while !rest.is_empty() {
        let Some(lt) = find_near(rest.as_bytes(), b'<', 4) else {
            push_text(&mut parts, rest, &mut heading, &mut number, skip);
            break;
        };
        push_text(&mut parts, &rest[..lt], &mut heading, &mut number, skip);
        let Some(gt) = find_near(&rest.as_bytes()[lt..], b'>', 8) else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        // The name: after any `/`, the ASCII letters and digits (read over
        // bytes: a byte of a character other than ASCII ends it as the
        // character would).
        let bytes = tag.as_bytes();
        let from = bytes.iter().position(|&b| b != b'/').unwrap_or(bytes.len());
        let len = bytes[from..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len() - from);
        let name = &tag[from..from + len];
        // Nothing after the name (`<p>`, `<div>`, most tags): no attribute
        // to look for, and no `=`, `"` or `-` for a class to be found in.
        let bare = !closing && name.len() == tag.len();
        let name: std::borrow::Cow<str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            name.to_ascii_lowercase().into()
        } else {
            name.into()
        };
        // Comments, doctypes and elements that hold nothing.
        let empty = name.is_empty() || tag.ends_with('/') || void(&name);
        if skip > 0 {
            if closing {
                skip -= 1;
                if skip == 0 {
                    parts.last_mut().expect("a part").text.push(' ');
                }
            } else if !empty {
                skip += 1;
            }
            continue;
        }
        // What the attributes say, in one pass over the tag.
        let attrs = if closing || bare {
            Attrs::default()
        } else {
            read_attrs(tag)
        };
        if !closing && !empty && unseen(&name, attrs.class) {
            skip = 1;
            continue;
        }
        if closing {
            if is_heading(&name) {
                if let Some(h) = heading.take() {
                    // A part is named by its first heading.
                    let part = parts.last_mut().expect("a part");
                    if part.title.is_empty() {
                        part.title = h;
                    }
                }
            } else if (name == "p" || name == "a")
                && let Some(n) = number.take()
            {
                let part = parts.last_mut().expect("a part");
                if n.trim_start().starts_with('（') {
                    part.caption = n;
                } else if part.number.is_empty() {
                    part.number = n;
                }
            }
            // Block ends separate words.
            parts.last_mut().expect("a part").text.push(' ');
            continue;
        }
        if starts_a_part(&name)
            && let Some(id) = attrs.id
        {
            let mut anchor = String::with_capacity(id.len() + 1);
            anchor.push('#');
            anchor.push_str(id);
            parts.push(Part::new(anchor));
        }
        if is_heading(&name) {
            heading = Some(String::new());
        } else if attrs.caption || (!bare && holds_article_num(tag)) {
            number = Some(String::new());
        }
    }
    parts.retain(|p| !p.text.trim().is_empty());
    for p in &mut parts {
        if p.title.is_empty() {
            p.title = format!("{}{}", p.number.trim(), p.caption.trim());
        }
        p.title = decode(p.title.trim());
        if p.text.contains('&') {
            p.text = decode(&p.text);
        }
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

/// What [`split`] asks of an opening tag's attributes, found in one pass
/// over its `="`s (not one search of the tag for each question, which was
/// a tenth of a build): the first `class` and `id` values, as [`attr`]
/// finds them, and whether `class="caption"` stands anywhere in it.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    caption: bool,
}

fn read_attrs(tag: &str) -> Attrs<'_> {
    let bytes = tag.as_bytes();
    let mut found = Attrs::default();
    let (mut class_seen, mut id_seen) = (false, false);
    // The value of the attribute whose opening quote is at `at - 1`, to
    // its closing quote.
    let value = |at: usize| {
        let len = bytes[at..].iter().position(|&b| b == b'"')?;
        Some(&tag[at..at + len])
    };
    for eq in memchr::memchr_iter(b'=', bytes) {
        if bytes.get(eq + 1) != Some(&b'"') {
            continue;
        }
        let before = &bytes[..eq];
        if before.ends_with(b"class") {
            // ` class="`, its first time only (a value holds no `"`).
            if !class_seen && before.len() > 5 && before[before.len() - 6] == b' ' {
                class_seen = true;
                found.class = value(eq + 2);
            }
            found.caption |= bytes[eq + 2..].starts_with(b"caption\"");
        } else if !id_seen && before.ends_with(b" id") {
            id_seen = true;
            found.id = value(eq + 2);
        }
    }
    found
}

/// The value of attribute `name` in `tag` (` name="…"`): what [`read_attrs`]
/// answers in one pass.
#[cfg(test)]
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    // ` name="`, found without making the needle (once per tag of every
    // page).
    let at = starts(tag, name)
        .find(|&at| tag[..at].ends_with(' ') && tag[at + name.len()..].starts_with("=\""))?;
    let i = at + name.len() + 2;
    let len = tag.as_bytes()[i..].iter().position(|&b| b == b'"')?;
    Some(&tag[i..i + len])
}

/// Where the first `byte` of `bytes` is: looked for in the first `near`
/// bytes one by one, then by memchr. Of a page's tags, half follow the one
/// before at once (`</p></div>`) and half end within eight bytes (`</li>`),
/// where memchr's setting up costs more than the search.
fn find_near(bytes: &[u8], byte: u8, near: usize) -> Option<usize> {
    let head = near.min(bytes.len());
    match bytes[..head].iter().position(|&b| b == byte) {
        Some(i) => Some(i),
        None => memchr::memchr(byte, &bytes[head..]).map(|i| head + i),
    }
}

/// Whether `article-num` stands anywhere in `tag`, found from its `-`: few
/// tags hold one, and most hold several `a`s. A tag is a few dozen bytes,
/// too short for a substring searcher to pay for setting itself up, and
/// this is asked of every tag of every page.
fn holds_article_num(tag: &str) -> bool {
    const NEEDLE: &[u8] = b"article-num";
    const DASH: usize = 7;
    let bytes = tag.as_bytes();
    memchr::memchr_iter(b'-', bytes).any(|i| i >= DASH && bytes[i - DASH..].starts_with(NEEDLE))
}

/// Where `needle` (ASCII) starts in `tag`, first to last: its first byte
/// found by memchr, the rest compared there.
#[cfg(test)]
fn starts<'a>(tag: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = tag.as_bytes();
    memchr::memchr_iter(needle.as_bytes()[0], bytes)
        .filter(move |&i| bytes[i..].starts_with(needle.as_bytes()))
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

    /// Characters NFKC maps to themselves and that never combine with the
    /// character before them, so normalisation may start afresh at each:
    /// printable ASCII, hiragana and katakana letters (not the sound marks
    /// U+3099–U+309C), CJK unified ideographs, 、。「」『』 and the long vowel
    /// mark.
    fn stable(c: char) -> bool {
        matches!(c,
            ' '..='~'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FA}'
            | '\u{30FC}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{3001}'..='\u{3002}'
            | '\u{300C}'..='\u{300F}')
    }

    /// The byte test says what the character ranges say, on every
    /// character.
    #[test]
    fn stable_len_is_the_stable_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}あ");
            let want = if stable(c) { c.len_utf8() } else { 0 };
            assert_eq!(stable_len(text.as_bytes()), want, "U+{:04X}", c as u32);
        }
    }

    /// The one pass over a tag's attributes answers what a search of the
    /// tag for each question answers, on tags that repeat, nest, misquote
    /// and run into each other's names.
    #[test]
    fn read_attrs_is_attr_and_starts() {
        let pieces = [
            " class=\"a print-only\"",
            " id=\"x\"",
            "class=\"caption\"",
            " class=\"caption\"",
            " data-class=\"caption\"",
            " xid=\"y\"",
            " id=\"\"",
            " id=z",
            " class=",
            " id=\"",
            " class=\"",
            "\"",
            " title=\"id=\"",
            " href=\"#art-1\"",
            " ",
        ];
        let mut tags = vec![String::from("a")];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    tags.push(format!("a{a}{b}{c}"));
                }
            }
        }
        for tag in &tags {
            let got = read_attrs(tag);
            assert_eq!(got.class, attr(tag, "class"), "{tag}");
            assert_eq!(got.id, attr(tag, "id"), "{tag}");
            assert_eq!(
                got.caption,
                starts(tag, "class=\"caption\"").next().is_some(),
                "{tag}"
            );
        }
    }

    #[test]
    fn find_near_finds_the_first_byte_wherever_it_is() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if at < len {
                    bytes[at] = b'<';
                    // A second one after it is not the first.
                    if at + 3 < len {
                        bytes[at + 3] = b'<';
                    }
                }
                for near in [0, 1, 4, 8, 64] {
                    let first = bytes.iter().position(|&b| b == b'<');
                    assert_eq!(find_near(&bytes, b'<', near), first, "{len} {at} {near}");
                }
            }
        }
    }

    #[test]
    fn article_num_is_found_wherever_it_stands_in_a_tag() {
        for (tag, holds) in [
            ("a class=\"num article-num\" href=\"#art-1\"", true),
            ("article-num", true),
            ("span data-x=\"-\" class=\"x-article-num-y\"", true),
            ("a class=\"article-nu\"", false),
            ("rticle-num", false),
            ("a class=\"num\" data-article=\"num\"", false),
            ("-", false),
            ("", false),
        ] {
            assert_eq!(holds_article_num(tag), holds, "{tag}");
            assert_eq!(holds, starts(tag, "article-num").next().is_some(), "{tag}");
        }
    }

    /// The full-width forms are what NFKC maps to ASCII, and nothing else
    /// is taken for one.
    #[test]
    fn full_width_ascii_is_what_nfkc_makes_of_it() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.to_string();
            let want = ('\u{FF01}'..='\u{FF5E}')
                .contains(&c)
                .then(|| text.nfkc().collect::<String>());
            let mut out = String::from("前");
            let pushed = push_full_width_ascii(&mut out, text.as_bytes());
            let got = pushed.then(|| out["前".len()..].to_string());
            assert_eq!(got, want, "U+{:04X}", c as u32);
            // Nothing is left behind when the run is not all full-width.
            assert!(pushed || out == "前", "U+{:04X}", c as u32);
        }
    }

    /// Normalising in runs gives what normalising the whole text gives,
    /// on text mixing the stable characters with everything that
    /// combines or changes: sound marks after kana (both the combining
    /// and the spacing ones), half-width kana, full-width digits and
    /// brackets, accents after ASCII, Hangul jamo, ligatures, the
    /// ideographic space.
    #[test]
    fn nfkc_in_runs_is_nfkc() {
        use unicode_normalization::UnicodeNormalization;
        let alphabet: Vec<char> = "かカは e a1 　\u{3099}\u{309A}\u{309B}\u{309C}ｶﾞﾟ１（）！～Ａｚ＠\u{0301}\u{0323}\u{0302}\u{1100}\u{1161}\u{11A8}가ﬁ①㍻漢、。「」ー\u{2F00}\u{FA10}"
            .chars()
            .collect();
        // Every string of up to three characters, and longer mixes.
        let mut texts: Vec<String> = Vec::new();
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    texts.push([a, b, c].iter().collect());
                }
            }
        }
        let mut seed = 12345u64;
        for _ in 0..2000 {
            let len = (seed % 12) as usize + 1;
            let mut t = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            texts.push(t);
        }
        for t in texts {
            assert_eq!(nfkc(&t), t.nfkc().collect::<String>(), "{t:?}");
        }
    }

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
            boosts: vec![0],
            ..Index::default()
        };
        let js = ix.to_js();
        assert!(js.contains("\"T\\\"\\u003c/script>\""), "{js}");
    }

    #[test]
    fn text_only_on_paper_or_for_screen_readers_is_not_indexed() {
        let ix = Index::from_pages(&[page(
            "procedures/a.html",
            "<h1>手順</h1><section id=\"s\"><h2>復旧</h2><ol><li>再起動する\
             <span class=\"print-only tick-line\">実施者＿＿<b>時刻</b></span>。確認する</li></ol>\
             <p class=\"chart-footer print-only\">作成日 令和8年</p><br><!-- a comment -->\
             <p>◎<span class=\"visually-hidden\">必須</span> 報告\
             <button type=\"button\" hidden>実寸で見る</button></p></section>",
        )]);
        let text: String = ix.docs.iter().map(|d| d.text.as_str()).collect();
        assert!(text.contains("再起動する 。確認する"), "{text}");
        assert!(text.contains("報告"), "{text}");
        for unseen in ["実施者", "時刻", "作成日", "必須", "実寸"] {
            assert!(!text.contains(unseen), "{unseen} in {text}");
        }
    }

    fn handbook_like() -> Index {
        let mut ix = Index::from_pages(&[
            page(
                "training.html",
                "<h1>教育・訓練の記録</h1><p>ランサムウェア感染を想定した訓練。電子カルテの停止。</p>",
            ),
            page(
                "forms/drill.html",
                "<h1>復旧訓練記録</h1><p>復旧訓練の結果を記入する。</p>",
            ),
            page(
                "incident.html",
                "<h1>緊急時対応</h1><p>ネットワークから切り離す。</p>",
            ),
            page(
                "procedures/emr.html",
                "<h1>電子カルテ</h1><section id=\"d\"><h2>復旧訓練</h2><p>復旧訓練の記録。</p></section>",
            ),
        ]);
        ix.synonyms = vec![vec!["電カル".into(), "電子カルテ".into()]];
        ix.shortcuts = vec![(2, vec!["ランサムウェア".into(), "感染".into()])];
        ix
    }

    fn urls(ix: &Index, q: &str) -> Vec<String> {
        ix.search(q)
            .iter()
            .map(|(d, _)| format!("{}{}", ix.pages[ix.docs[*d].page].0, ix.docs[*d].anchor))
            .collect()
    }

    #[test]
    fn a_shortcut_word_puts_its_page_first_even_without_the_word() {
        let ix = handbook_like();
        assert_eq!(
            urls(&ix, "ランサムウェア"),
            ["incident.html", "training.html"]
        );
        assert_eq!(urls(&ix, "ランサムウェア　感染")[0], "incident.html");
        // Only the whole word: part of it finds the text, not the shortcut.
        assert_eq!(urls(&ix, "ランサム"), ["training.html"]);
    }

    #[test]
    fn a_word_finds_its_synonyms_and_pages_rank_by_kind() {
        let ix = handbook_like();
        assert_eq!(ix.boosts, [0, 0, 20, 20]);
        let hits = urls(&ix, "電カル");
        assert_eq!(hits, ["procedures/emr.html", "training.html"]);
        assert_eq!(urls(&ix, "電カル 停止"), ["training.html"]);
        // The form has the word in its title, the procedure in a heading
        // of its own part and ranks as an operational page.
        assert_eq!(urls(&ix, "復旧訓練")[0], "procedures/emr.html#d");
    }

    /// The byte scan splits where `split_whitespace` does: every
    /// whitespace character and its neighbours in UTF-8, alone, in runs,
    /// at either end.
    #[test]
    fn collapse_finds_the_words_split_whitespace_finds() {
        fn by_words(s: &str) -> String {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        let spaces: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        // Characters sharing a lead byte (and second byte) with one.
        let near: String = [0x80..0xC0, 0x1680..0x16C0, 0x2000..0x2080, 0x3000..0x3040]
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .collect();
        assert_eq!(collapse(&near), by_words(&near));
        for a in &spaces {
            assert_eq!(space_at(a.to_string().as_bytes()), a.len_utf8(), "{a:?}");
            for text in [
                format!("{a}"),
                format!("x{a}y"),
                format!("{a}{a}第１条{a}　甲{a}"),
                format!("\u{3001}{a}\u{2027}{a}{a}\u{205E}"),
            ] {
                assert_eq!(collapse(&text), by_words(&text), "{text:?}");
            }
        }
    }
}
