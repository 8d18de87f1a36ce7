//! The 新旧対照表 on real revisions: for every pair of consecutive versions
//! of the laws in `tests/fixtures/laws/` (and of every law under
//! `$HANDBOOK_LAWS` when set, e.g. the shared corpus), the table lists
//! exactly the articles whose text changed, 附則 included, as found by an
//! independent line-based comparison that shares no code with the parser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use handbook::compare::{self, RowKind};
use handbook::content::regulation::parse_body;
use handbook::source::SourceFile;

/// (scope, article label): the main provisions are scope "", a 附則 is its
/// note (the amending act) with 抄 dropped, plus `#n` when repeated.
type Key = (String, String);

fn scope_key(note: &str, seen: &mut Vec<String>) -> String {
    let k = note
        .trim()
        .trim_end_matches(|c: char| c == '抄' || c.is_whitespace())
        .trim()
        .to_string();
    let n = seen.iter().filter(|s| **s == k).count();
    seen.push(k.clone());
    if n == 0 { k } else { format!("{k}#{n}") }
}

const KANJI: &str = "〇一二三四五六七八九十百千";

/// `第十二条の二` at the start of an unindented line followed by a
/// full-width space.
fn article_label(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('第')?;
    let digits = rest.chars().take_while(|c| KANJI.contains(*c)).count();
    if digits == 0 {
        return None;
    }
    let mut end = '第'.len_utf8() + rest.chars().take(digits).map(char::len_utf8).sum::<usize>();
    end += line[end..].strip_prefix('条').map(|_| '条'.len_utf8())?;
    while let Some(r) = line[end..].strip_prefix('の') {
        let n = r.chars().take_while(|c| KANJI.contains(*c)).count();
        if n == 0 {
            break;
        }
        end += 'の'.len_utf8() + r.chars().take(n).map(char::len_utf8).sum::<usize>();
    }
    line[end..].starts_with('\u{3000}').then(|| &line[..end])
}

fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    t.len() != line.len()
        && t.starts_with('第')
        && ["章", "節", "款", "目"].iter().any(|u| {
            t.split('\u{3000}')
                .next()
                .is_some_and(|head| head.ends_with(u))
        })
}

fn is_caption(line: &str) -> bool {
    let t = line.trim_start();
    t.len() != line.len() && t.starts_with('（') && t.ends_with('）')
}

/// Article texts by key, read with nothing but line patterns.
fn independent(text: &str) -> BTreeMap<Key, String> {
    let mut out: BTreeMap<Key, String> = BTreeMap::new();
    let mut scope = String::new();
    let mut seen = Vec::new();
    let mut label = String::new();
    let mut caption = String::new();
    let mut in_toc = false;
    for line in text.lines() {
        if line == "目次" {
            in_toc = true;
            continue;
        }
        if in_toc {
            if line.trim().is_empty() {
                in_toc = false;
            }
            continue;
        }
        let t = line.trim_start();
        if let Some(note) = t
            .strip_prefix("附　則")
            .or_else(|| (t == "附則").then_some(""))
        {
            scope = scope_key(note, &mut seen);
            label.clear();
            caption.clear();
            continue;
        }
        // Export marks: `:anonym-paragraph:` before a 附則 paragraph.
        let line = match line.strip_prefix(':').and_then(|r| r.split_once(':')) {
            Some((mark, text)) if !mark.contains(['　', ' ']) => text,
            _ => line,
        };
        if line.trim().is_empty() {
            continue;
        }
        if is_heading(line) {
            label.clear();
            continue;
        }
        if is_caption(line) {
            caption = t.to_string();
            continue;
        }
        if let Some(l) = article_label(line) {
            label = l.to_string();
            let entry = out.entry((scope.clone(), label.clone())).or_default();
            entry.push_str(&std::mem::take(&mut caption));
            entry.push_str(&line[l.len()..]);
            continue;
        }
        let entry = out.entry((scope.clone(), label.clone())).or_default();
        entry.push_str(&std::mem::take(&mut caption));
        entry.push_str(line);
    }
    out
}

/// The keys whose text differs, or that one side lacks.
fn independent_changes(old: &str, new: &str) -> BTreeSet<Key> {
    let (a, b) = (independent(old), independent(new));
    let mut out = BTreeSet::new();
    for (k, v) in &a {
        if b.get(k) != Some(v) {
            out.insert(k.clone());
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            out.insert(k.clone());
        }
    }
    // The title, the law number and the enactment line stand before any
    // article: the preamble, compared apart.
    out.retain(|(scope, label)| !(scope.is_empty() && label.is_empty()));
    out
}

fn body(path: &Path, text: &str) -> handbook::content::regulation::Body {
    let text = &compare::egov_text(text);
    let file = SourceFile::new(path.into(), path.display().to_string(), text.into());
    parse_body(&file, text, 1).0
}

/// The keys our 新旧対照表 lists.
fn table_changes(old: &Path, old_text: &str, new: &Path, new_text: &str) -> BTreeSet<Key> {
    let c = compare::compare(&body(old, old_text), &body(new, new_text));
    let mut out = BTreeSet::new();
    let mut seen = Vec::new();
    for section in &c.sections {
        let scope = match &section.title {
            None => String::new(),
            Some(t) => {
                let note = t
                    .strip_prefix("附　則")
                    .unwrap_or(t)
                    .trim_start_matches('\u{3000}');
                // Sections of deleted 附則 come last; their keys do not
                // count towards the repetition of a note.
                scope_key(note, &mut seen)
            }
        };
        for row in &section.rows {
            if row.kind != RowKind::Article {
                continue;
            }
            // Text without an article number (a 附則 of 項 only) is "".
            let labels = [&row.old_label, &row.new_label];
            if labels.iter().all(|l| l.is_none()) {
                out.insert((scope.clone(), String::new()));
            }
            for label in labels.into_iter().flatten() {
                out.insert((scope.clone(), label.clone()));
            }
        }
    }
    out.retain(|(scope, label)| !(scope.is_empty() && label.is_empty()));
    out
}

fn versions(dir: &Path) -> Vec<Vec<PathBuf>> {
    let mut laws = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return laws;
    };
    let mut folders: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    folders.sort();
    for f in folders.into_iter().filter(|f| f.is_dir()) {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&f)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        laws.push(files);
    }
    laws
}

fn check_corpus(dir: &Path) -> usize {
    let mut pairs = 0;
    let mut failures = Vec::new();
    for files in versions(dir) {
        for w in files.windows(2) {
            let old = std::fs::read_to_string(&w[0]).unwrap();
            let new = std::fs::read_to_string(&w[1]).unwrap();
            let expected = independent_changes(&old, &new);
            let got = table_changes(&w[0], &old, &w[1], &new);
            pairs += 1;
            if expected != got {
                failures.push(format!(
                    "{} → {}:\n  only in the independent comparison: {:?}\n  only in the table: {:?}",
                    w[0].display(),
                    w[1].display(),
                    expected.difference(&got).collect::<Vec<_>>(),
                    got.difference(&expected).collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    pairs
}

#[test]
fn the_table_lists_exactly_the_changed_articles_of_real_revisions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/laws");
    assert_eq!(check_corpus(&dir), 13 + 6);
}

#[test]
fn the_whole_corpus_when_given() {
    if let Ok(dir) = std::env::var("HANDBOOK_LAWS") {
        assert!(check_corpus(Path::new(&dir)) > 0);
    }
}

#[test]
fn the_independent_reader_reads_articles_captions_and_supplements() {
    let text = "法\n目次\n  第一章　総則\n\n      第一章　総則\n  （目的）\n第一条　目的を定める。\n２　二項。\n第一条の二　枝番。\n\n   附　則　（令和元年法律第一号）　抄\n１　施行する。\n";
    let got = independent(text);
    let keys: Vec<&Key> = got.keys().collect();
    assert_eq!(
        keys,
        vec![
            &(String::new(), String::new()),
            &(String::new(), "第一条".to_string()),
            &(String::new(), "第一条の二".to_string()),
            &("（令和元年法律第一号）".to_string(), String::new()),
        ]
    );
    assert_eq!(
        got[&(String::new(), "第一条".into())],
        "（目的）　目的を定める。２　二項。"
    );
}
