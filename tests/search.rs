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

/// The urls `handbook search` prints for `query` in the handbook at `root`,
/// best first.
fn searched(root: &std::path::Path, query: &str) -> Vec<String> {
    let out = common::run(&[&"search", &query, &"--root", &root]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn incident_words_lead_to_the_emergency_page_first() {
    let index = example_index();
    let first = |q: &str| {
        let (doc, _) = index.search(q)[0];
        let d = &index.docs[doc];
        format!("{}{}", index.pages[d.page].0, d.anchor)
    };
    // `from_pages` has no synonyms: the training log mentions ランサムウェア
    // most, and the emergency page never names it.
    assert_ne!(first("ランサムウェア"), "incident.html");
    // The handbook's index, with the built-in shortcuts, as the page and
    // `handbook search` use it.
    for q in ["ランサムウェア", "身代金", "感染", "システム停止", "暗号化"] {
        assert_eq!(searched(&manifest(), q)[0], "incident.html", "{q}");
    }
    // A phone number still finds the contact first: the emergency page ranks
    // with the other operational pages, not above them.
    assert_eq!(
        searched(&manifest(), "03-5320-4432")[0],
        "contacts.html#c-tokyo"
    );
}

#[test]
fn operational_pages_rank_above_forms_and_records() {
    let hits = searched(&manifest(), "復旧訓練");
    let form = hits
        .iter()
        .position(|u| u.starts_with("forms/"))
        .expect("the blank form is found");
    let drill = hits
        .iter()
        .position(|u| u.ends_with("#drill-heading"))
        .expect("a procedure's drill record is found");
    assert!(drill < form, "{hits:?}");
    assert!(hits[0].starts_with("procedures/"), "{hits:?}");
}

#[test]
fn synonyms_find_the_other_words() {
    // 電カル is written nowhere in the example; 電子カルテ is.
    let hits = searched(&manifest(), "電カル");
    assert!(
        hits.iter().any(|u| u == "contacts.html#c-emr-vendor"),
        "{hits:?}"
    );
    assert_eq!(searched(&manifest(), "BCP")[0], "bcp.html");
}

#[test]
fn a_handbook_s_own_synonyms_add_to_and_take_over_the_built_in_ones() {
    let fixture = manifest().join("tests/fixtures/valid/search");
    // Its own group: either word finds the other.
    assert_eq!(
        searched(&fixture, "院内LAN"),
        ["pages/network.html", "pages/records.html"]
    );
    // Its own shortcut takes ランサムウェア over (the built-in one leads to
    // 緊急時対応, which this handbook does not have).
    assert_eq!(
        searched(&fixture, "ランサムウェア"),
        ["pages/network.html#s1", "pages/records.html"]
    );
    // The built-in groups still apply: マルウェア finds ウイルス.
    assert_eq!(searched(&fixture, "マルウェア"), ["pages/network.html#s1"]);
    // …unless the handbook turns them off.
    let tmp = common::TempDir::new("synonyms-off");
    common::copy_dir(&fixture, tmp.path());
    let file = tmp.path().join("content/synonyms.yaml");
    let own = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("defaults: false\n{own}")).unwrap();
    assert!(searched(tmp.path(), "マルウェア").is_empty());
    assert_eq!(searched(tmp.path(), "院内LAN").len(), 2);
}
