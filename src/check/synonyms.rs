//! Rules over `content/synonyms.yaml` (E060): every word can be searched
//! for, a group names at least two words and no word is in two groups (a
//! search could not tell which meaning to add), and a shortcut leads to a
//! page that search finds. Whether a shortcut's link resolves at all is the
//! resolve stage's E031.

use std::collections::BTreeMap;

use crate::content::Handbook;
use crate::content::synonyms::{Synonyms, Word};
use crate::diag::Diagnostic;
use crate::resolve::Links;
use crate::resolve::links::Resolved;
use crate::search::tokenize::{normalize, tokens};

pub fn run(hb: &Handbook, links: &Links, diags: &mut Vec<Diagnostic>) {
    let Some(s) = &hb.synonyms else { return };
    let error = |at: (usize, usize), ja: String, en: String, help: &str, help_en: &str| {
        super::located(hb, Diagnostic::error("E060", &s.file, ja).en(en), at)
            .help(help)
            .help_en(help_en)
    };
    let searchable = |w: &Word, diags: &mut Vec<Diagnostic>| {
        let ok = !tokens(&normalize(&w.text)).is_empty();
        if !ok {
            diags.push(error(
                w.at,
                format!("「{}」には検索できる文字（文字・数字）がありません", w.text),
                format!("`{}` has no letter or digit to search for", w.text),
                "言葉を書いてください。記号だけの言葉は検索に使えません",
                "write a word: punctuation alone cannot be searched for",
            ));
        }
        ok
    };
    // The group each normalised word is in first.
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for g in &s.groups {
        let mut distinct: Vec<String> = Vec::new();
        let mut unsearchable = false;
        for w in &g.words {
            if !searchable(w, diags) {
                unsearchable = true;
                continue;
            }
            let key = normalize(&w.text);
            if distinct.contains(&key) {
                continue;
            }
            distinct.push(key.clone());
            if let Some(first) = seen.get(&key) {
                diags.push(error(
                    w.at,
                    format!(
                        "「{}」は{}行目の同義語のグループにもあります",
                        w.text, first.0
                    ),
                    format!(
                        "`{}` is in another group of synonyms too (line {})",
                        w.text, first.0
                    ),
                    "1つの言葉は1つのグループにだけ書いてください。同じ意味なら2つのグループを1つにまとめます",
                    "put a word in one group only; if both groups mean the same, merge them",
                ));
            } else {
                seen.insert(key, w.at);
            }
        }
        // A group with an unsearchable word is reported once, for that word.
        if distinct.len() < 2 && !unsearchable {
            diags.push(error(
                g.at,
                "同義語のグループには、同じ意味の言葉を2つ以上書きます".into(),
                "a group of synonyms needs two or more different words".into(),
                "例： - [電カル, 電子カルテ]",
                "for example: - [電カル, 電子カルテ]",
            ));
        }
    }
    for sc in &s.shortcuts {
        if sc.words.is_empty() {
            diags.push(error(
                sc.link.1,
                "この近道には言葉（words）がありません".into(),
                "this shortcut has no words".into(),
                "words: にこのページへ導く言葉を書いてください。例： words: [ランサムウェア, 感染]",
                "list the words that lead to the page: words: [ランサムウェア, 感染]",
            ));
        }
        for w in &sc.words {
            searchable(w, diags);
        }
        check_target(s, sc.link.0.as_str(), sc.link.1, links, hb, diags);
    }
}

/// A shortcut must lead to a page search finds: the results list parts of
/// those pages only.
fn check_target(
    s: &Synonyms,
    dest: &str,
    at: (usize, usize),
    links: &Links,
    hb: &Handbook,
    diags: &mut Vec<Diagnostic>,
) {
    let route = match links.get(dest) {
        Some(Ok(Resolved::Page { route, .. })) => route.clone(),
        Some(Ok(Resolved::Contact(_))) => crate::routes::Route::Contacts,
        Some(Ok(Resolved::External(_))) => {
            diags.push(
                super::located(
                    hb,
                    Diagnostic::error(
                        "E060",
                        &s.file,
                        format!("近道の行き先「{dest}」はハンドブックのページではありません"),
                    )
                    .en(format!(
                        "the shortcut leads to `{dest}`, which is not a page of the handbook"
                    )),
                    at,
                )
                .help("page:incident、procedure:emr、contact:it-dept のように、ハンドブックのページを書いてください")
                .help_en("name a page of the handbook: page:incident, procedure:emr, contact:it-dept"),
            );
            return;
        }
        // Broken: reported as E031.
        _ => return,
    };
    if !route.searched() {
        diags.push(
            super::located(
                hb,
                Diagnostic::error(
                    "E060",
                    &s.file,
                    format!("近道の行き先「{dest}」は検索の対象にならないページです"),
                )
                .en(format!(
                    "the shortcut leads to `{dest}`, a page search does not look in"
                )),
                at,
            )
            .help("緊急時対応、連絡体制図、復旧手順、規程など、内容のあるページを書いてください（一覧や印刷用のページは検索に出ません）")
            .help_en("name a page with content (the emergency page, contacts, a procedure, a regulation); lists and print pages are not searched"),
        );
    }
}
