//! Search on the Rust side: the shared tokenizer cases, the substring
//! property on the example handbook, and `handbook search`. The browser
//! side runs the same cases and queries in tests/browser/search.test.mjs.

mod common;

use std::path::PathBuf;

use handbook::search::Index;
use handbook::search::tokenize::{normalize, query_tokens, tokens};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example_index() -> Index {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let info = handbook::build_info::BuildInfo {
        date,
        as_of: date,
        commit: None,
    };
    let (loaded, files) = handbook::pipeline::render_only(&manifest(), &info).expect("renders");
    assert!(!loaded.has_errors());
    Index::from_pages(&files)
}

#[test]
fn the_shared_tokenizer_cases_hold() {
    let cases = std::fs::read_to_string(manifest().join("tests/search/tokenize.tsv")).unwrap();
    let mut n = 0;
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [input, normalized, toks] = cols[..] else {
            panic!("bad line: {line}")
        };
        assert_eq!(normalize(input), normalized, "normalize({input})");
        let want: Vec<&str> = toks.split(' ').filter(|t| !t.is_empty()).collect();
        assert_eq!(tokens(normalized), want, "tokens({normalized})");
        n += 1;
    }
    assert!(n >= 15, "only {n} cases");
}

/// xorshift: a fixed, dependency-free sequence for the property test.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn any_substring_of_two_or_more_characters_finds_its_document() {
    let index = example_index();
    assert!(index.docs.len() > 60, "{} documents", index.docs.len());
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut tried = 0;
    for (i, doc) in index.docs.iter().enumerate() {
        let chars: Vec<char> = doc.text.chars().collect();
        if chars.len() < 2 {
            continue;
        }
        for _ in 0..12 {
            let len = 2 + rng.below(chars.len().min(16) - 1);
            let start = rng.below(chars.len() - len + 1);
            let q: String = chars[start..start + len].iter().collect();
            if q.trim().is_empty() {
                continue;
            }
            let hits = index.search(&q);
            assert!(
                hits.iter().any(|(d, _)| *d == i),
                "「{q}」 does not find {}{} ({} hits)",
                index.pages[doc.page].0,
                doc.anchor,
                hits.len()
            );
            tried += 1;
        }
    }
    assert!(tried > 1000, "only {tried} substrings");
}

#[test]
fn text_that_is_not_there_finds_nothing_and_the_article_comes_first() {
    let index = example_index();
    assert!(index.search("存在しない言葉ぴよぴよ").is_empty());
    assert!(query_tokens("   ").is_empty());
    let first = |q: &str| {
        let (doc, _) = index.search(q)[0];
        let d = &index.docs[doc];
        format!("{}{}", index.pages[d.page].0, d.anchor)
    };
    assert_eq!(
        first("第１５条"),
        "regulations/medical-info-safety.html#art-15"
    );
    assert_eq!(
        first("第15条"),
        "regulations/medical-info-safety.html#art-15"
    );
    let phone: Vec<String> = index
        .search("03-5320-4432")
        .iter()
        .take(3)
        .map(|(doc, _)| {
            let d = &index.docs[*doc];
            format!("{}{}", index.pages[d.page].0, d.anchor)
        })
        .collect();
    assert!(
        phone.contains(&"contacts.html#c-tokyo".to_string()),
        "{phone:?}"
    );
}

#[test]
fn handbook_search_prints_hits_as_json_lines() {
    let out = common::run(&[
        &"search",
        &"ＵＳＢメモリ",
        &"--root",
        &manifest(),
        &"--json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(l.starts_with("{\"url\":\"") && l.ends_with('}'), "{l}");
        assert!(l.contains(".html"), "{l}");
    }
    let none = common::run(&[&"search", &"存在しない言葉ぴよぴよ", &"--root", &manifest()]);
    assert_eq!(none.code, Some(0));
    assert_eq!(none.stdout, "");
}
