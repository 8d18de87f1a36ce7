//! Rules over the loaded model: every article mention and every link
//! resolves, numbers are unique, the 改定履歴 is in order; the operational
//! data's references and freshness (in `operations` and `freshness`); the
//! inspection evidence (checklist, vendors, 周知) in `evidence`; values
//! still written as 未記入 in `blanks`.

mod blanks;
mod credentials;
mod evidence;
mod freshness;
mod markup;
mod operations;
mod outside;
mod synonyms;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::content::Handbook;
use crate::content::regulation::{Body, Outcome, Regulation, TextLine, Why, articles_of};
use crate::diag::Diagnostic;
use crate::parallel::lock;
use crate::resolve::mentions::paragraph_lines;
use crate::resolve::{Links, MarkdownLines, text_lines};
use crate::source::SourceFile;

/// Every rule, over the model and what the resolve stage found;
/// freshness is judged as of `as_of`.
pub fn run(hb: &Handbook, links: &Links, as_of: chrono::NaiveDate) -> Vec<Diagnostic> {
    run_with(hb, links, as_of, None)
}

/// What the preview keeps of one check for the next: what the rules over
/// one file found, while the file is the same read of it, and what those
/// over one regulation found, while each of its versions is the same parse
/// (the entries hold the file and the bodies, so neither can be freed and
/// another take its place at the same address).
#[derive(Default)]
pub struct Memo {
    files: Mutex<HashMap<String, FileFound>>,
    regulations: Mutex<HashMap<String, RegulationFound>>,
}

/// A file as read, and what the rules over it found.
type FileFound = (Arc<SourceFile>, Vec<Diagnostic>);

/// The bodies of a regulation's versions, whether HTML was trusted, and
/// what the rules found.
type RegulationFound = (Vec<Arc<Body>>, bool, Vec<Diagnostic>);

/// [`run`], with what `memo` kept of the last check.
pub fn run_with(
    hb: &Handbook,
    links: &Links,
    as_of: chrono::NaiveDate,
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    operations::run(hb, &mut diags);
    for (at, broken) in links.broken() {
        diags.push(
            Diagnostic::error("E031", &at.file, "")
                .msg(broken.message.clone())
                .at(at.line, at.column)
                .snippet(source_line(hb, &at.file, at.line))
                .help(broken.help.ja.clone())
                .help_en(broken.help.en.clone()),
        );
    }
    synonyms::run(hb, links, &mut diags);
    outside::run(&hb.theme, &mut diags);
    freshness::run(hb, as_of, &mut diags);
    evidence::run(hb, as_of, &mut diags);
    // The rules over one file or one regulation at a time run on all
    // cores; their diagnostics are put back in file order.
    let per_file = crate::parallel::map(&hb.sources, |file| {
        let kept = memo.and_then(|m| {
            let files = lock(&m.files);
            let (was, found) = files.get(&file.rel)?;
            Arc::ptr_eq(was, file).then(|| found.clone())
        });
        if let Some(found) = kept {
            return found;
        }
        let mut found = Vec::new();
        credentials::scan(file, &mut found);
        control_characters(file, &mut found);
        blanks::run(file, &mut found);
        if let Some(m) = memo {
            lock(&m.files).insert(file.rel.clone(), (Arc::clone(file), found.clone()));
        }
        found
    });
    diags.extend(per_file.into_iter().flatten());
    let trusted = hb.config.trusted_html;
    let per_regulation = crate::parallel::map(&hb.regulations, |r| {
        let bodies: Vec<Arc<Body>> = r
            .all_versions()
            .into_iter()
            .map(|v| Arc::clone(&v.body))
            .collect();
        let kept = memo.and_then(|m| {
            let regulations = lock(&m.regulations);
            let (was, was_trusted, found) = regulations.get(&r.file)?;
            let same = *was_trusted == trusted
                && was.len() == bodies.len()
                && was.iter().zip(&bodies).all(|(a, b)| Arc::ptr_eq(a, b));
            same.then(|| found.clone())
        });
        if let Some(found) = kept {
            return found;
        }
        let mut found = Vec::new();
        // Every version is published, so every version's text is checked.
        for v in r.all_versions() {
            check_mentions(hb.source(&v.file), v, &mut found);
            for line in text_lines(v) {
                check_markup_in_text(hb, &v.file, line, &mut found);
            }
        }
        check_history(hb, r.newest(), &mut found);
        if let Some(m) = memo {
            lock(&m.regulations).insert(r.file.clone(), (bodies, trusted, found.clone()));
        }
        found
    });
    diags.extend(per_regulation.into_iter().flatten());
    if let Some(m) = memo {
        // Deleted and renamed files are forgotten.
        let files: std::collections::HashSet<&str> =
            hb.sources.iter().map(|s| s.rel.as_str()).collect();
        lock(&m.files).retain(|rel, _| files.contains(rel.as_str()));
        lock(&m.regulations).retain(|rel, _| files.contains(rel.as_str()));
    }
    // The first regulation with each number, in list order.
    let mut numbered: HashMap<&str, &Regulation> = HashMap::with_capacity(hb.regulations.len());
    for r in &hb.regulations {
        let Some(number) = &r.number else { continue };
        if crate::content::blank::is_blank(number) {
            // Several regulations may wait for their number (W040 each).
            continue;
        }
        let first = *numbered.entry(number).or_insert(r);
        if !std::ptr::eq(first, r) {
            let (line, column) = r.number_at;
            diags.push(
                Diagnostic::error(
                    "E022",
                    &r.file,
                    format!("規程番号「{number}」は {} でも使われています", first.file),
                )
                .en(format!(
                    "規程番号「{number}」 is also used by {}",
                    first.file
                ))
                .at(line, column)
                .snippet(source_line(hb, &r.file, line))
                .help("規程ごとに別の規程番号を付けてください")
                .help_en("give each regulation its own number"),
            );
        }
    }
    for p in hb.pages.iter().chain(hb.front.iter()) {
        check_markdown_markup(hb, &p.file, &p.markdown, p.body_first_line, &mut diags);
    }
    diags
}

/// Control characters in a source (ESC, BEL, NUL … pasted from a
/// terminal or an old system): they never reach a page, which drops them;
/// the author is told where they are. At most a few per file.
fn control_characters(file: &crate::source::SourceFile, diags: &mut Vec<Diagnostic>) {
    // Looked at byte by byte first: most files have none.
    if !crate::html::has_control_bytes(file.text.as_bytes()) && !file.text.contains('\r') {
        return;
    }
    let found = file
        .text
        .char_indices()
        .filter(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n'))
        .take(5);
    for (offset, c) in found {
        let (line, column) = file.line_col(offset);
        diags.push(
            Diagnostic::warning(
                "W005",
                &file.rel,
                format!(
                    "制御文字（U+{:04X}）があります。ページには出しません",
                    c as u32
                ),
            )
            .en(format!(
                "a control character (U+{:04X}); it is left out of the pages",
                c as u32
            ))
            .at(line, column)
            .snippet(file.line_text(line))
            .help("エディタでこの文字を削除してください（コピーした画面の文字が混ざったものです）")
            .help_en(
                "delete the character in your editor (it came with text copied from a terminal)",
            ),
        );
    }
}

/// Places a diagnostic at a position of its file, with the source line.
fn located(hb: &Handbook, d: Diagnostic, at: crate::content::fields::At) -> Diagnostic {
    let snippet = source_line(hb, &d.file, at.0);
    d.at(at.0, at.1).snippet(snippet)
}

fn source_line<'a>(hb: &'a Handbook, file: &str, line: usize) -> &'a str {
    hb.source(file).map_or("", |s| s.line_text(line))
}

/// The mentions of `r` (resolved) that point nowhere (E030, W003 in a
/// 附則) or may be another act's (W004), with their lines from `source`.
pub fn check_mentions(source: Option<&SourceFile>, r: &Regulation, diags: &mut Vec<Diagnostic>) {
    let body = &r.body;
    let scopes = std::iter::once((body.blocks.as_slice(), false))
        .chain(body.supplements.iter().flat_map(|s| {
            std::iter::once((s.blocks.as_slice(), true))
                .chain(s.appendices.iter().map(|a| (a.blocks.as_slice(), true)))
        }))
        .chain(body.appendices.iter().map(|a| (a.blocks.as_slice(), false)));
    for (blocks, supplementary) in scopes {
        for a in articles_of(blocks) {
            for line in a.paragraphs.iter().flat_map(paragraph_lines) {
                for m in &line.refs {
                    let (l, c) = line.position(m.range.start);
                    let mention = &line.text[m.range.clone()];
                    let d = match &m.outcome {
                        Outcome::Linked(_) => continue,
                        Outcome::Broken(why) => {
                            broken_mention(&r.file, mention, why, supplementary)
                        }
                        Outcome::Uncertain(why) => uncertain_mention(&r.file, mention, why),
                    };
                    let snippet = source.map_or("", |s| s.line_text(l));
                    diags.push(d.at(l, c).snippet(snippet));
                }
            }
        }
    }
}

/// A mention that certainly means this regulation and points nowhere is
/// an error in the main provisions (and its appendices). In a 附則 it is a
/// warning: 附則 speak of the numbering of their own day.
fn broken_mention(file: &str, mention: &str, why: &Why, supplementary: bool) -> Diagnostic {
    if supplementary {
        Diagnostic::warning(
            "W003",
            file,
            format!("附則の「{mention}」が指す条項がありません：{}", why.ja),
        )
        .en(format!("「{mention}」 in the 附則 points nowhere: {}", why.en))
        .help("附則は制定・改正当時の条番号で書かれているため、警告にとどめています。誤記なら番号を直してください")
        .help_en("a 附則 speaks of the numbering of its own day, so this is only a warning; if it is a typo, fix the number")
    } else {
        Diagnostic::error(
            "E030",
            file,
            format!("「{mention}」が指す条項がありません：{}", why.ja),
        )
        .en(format!("「{mention}」 points nowhere: {}", why.en))
        .help("番号を直してください。他の法令の条なら、その前に法令名を書いてください（例：個人情報保護法第二十六条）")
        .help_en("fix the number; if it is another law's article, write the law's name before it (e.g. 個人情報保護法第二十六条)")
    }
}

/// A mention that may be another act's: shown unlinked, and said why.
fn uncertain_mention(file: &str, mention: &str, why: &Why) -> Diagnostic {
    Diagnostic::warning(
        "W004",
        file,
        format!("「{mention}」はこの規程の条項か確かめられないため、リンクしません：{}", why.ja),
    )
    .en(format!(
        "「{mention}」 may not be this regulation's, so it is not linked: {}",
        why.en
    ))
    .help("この規程の条項なら、紛らわしくない書き方にしてください（他の法令名と別の文にする、「同条」を条番号にする など）。他の法令の条項なら、このままでかまいません")
    .help_en("if it is this regulation's, write it so it cannot be mistaken (a sentence of its own, the article's number instead of 同条); if it is another law's, leave it as it is")
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
                        "改定履歴の順序が逆です：{} が {} の後にあります",
                        pair[1].written, pair[0].written
                    ),
                )
                .en(format!(
                    "改定履歴 is out of order: {} comes after {}",
                    pair[1].written, pair[0].written
                ))
                .at(line, column)
                .snippet(source_line(hb, &r.file, line))
                .help("改定履歴は古い順に並べてください")
                .help_en("list the 改定履歴 oldest first"),
            );
        }
    }
}
/// The markup rules (raw HTML, balanced tags, heading ids, images) over
/// one line of regulation text: the line is a fragment of its own.
fn check_markup_in_text(hb: &Handbook, file: &str, line: &TextLine, diags: &mut Vec<Diagnostic>) {
    for (d, offset) in markup::scan(hb, file, &line.text) {
        let (l, c) = line.position(offset);
        diags.push(d.at(l, c).snippet(source_line(hb, file, l)));
    }
}

/// The markup rules over a Markdown page.
fn check_markdown_markup(
    hb: &Handbook,
    file: &str,
    markdown: &str,
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let lines = MarkdownLines::new(markdown, first_line);
    for (d, offset) in markup::scan(hb, file, markdown) {
        let (line, col, text) = lines.position(offset);
        diags.push(d.at(line, col).snippet(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn controls(text: &str) -> Vec<(usize, usize, String)> {
        let file = SourceFile::new("a.md".into(), "a.md".into(), text.to_string());
        let mut found = Vec::new();
        control_characters(&file, &mut found);
        found
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect()
    }

    /// What the memo keeps is what the rules find: the same on a second
    /// check, and found again when what it depends on changes (here
    /// whether the handbook trusts its HTML, which no file's read shows).
    #[test]
    fn a_kept_check_finds_what_a_fresh_one_does() {
        let dir = crate::fresh_test_dir("memo");
        std::fs::create_dir_all(dir.join("content/regulations")).unwrap();
        std::fs::write(dir.join("handbook.yaml"), "title: 手引き\n").unwrap();
        std::fs::write(
            dir.join("content/regulations/a.md"),
            "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　<script>甲</script>。\n第２条　第９条による。\n",
        )
        .unwrap();
        let (hb, _) = crate::content::load(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let mut hb = hb.unwrap();
        let links = crate::resolve::run(&mut hb);
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let codes =
            |d: Vec<Diagnostic>| -> Vec<&'static str> { d.iter().map(|d| d.code).collect() };
        let fresh = codes(run(&hb, &links, as_of));
        assert!(
            fresh.contains(&"E032") && fresh.contains(&"E030"),
            "{fresh:?}"
        );
        let memo = Memo::default();
        assert_eq!(codes(run_with(&hb, &links, as_of, Some(&memo))), fresh);
        assert_eq!(codes(run_with(&hb, &links, as_of, Some(&memo))), fresh);
        hb.config.trusted_html = true;
        let trusted = codes(run_with(&hb, &links, as_of, Some(&memo)));
        assert_eq!(trusted, codes(run(&hb, &links, as_of)));
        assert!(!trusted.contains(&"E032"), "{trusted:?}");
    }

    #[test]
    fn control_characters_are_found_where_they_are() {
        assert!(controls("第一条\t本文\n第二条 ×§°\n").is_empty());
        let found = controls("一\n二\u{1b}[0m\u{7f}\né\u{85}\r");
        let at: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, [(2, 2), (2, 6), (3, 2), (3, 3)]);
        assert!(found[0].2.contains("U+001B"));
        assert!(found[2].2.contains("U+0085"));
        assert!(found[3].2.contains("U+000D"));
    }
}
