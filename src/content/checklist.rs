//! The MHLW cybersecurity checklist (サイバーセキュリティ対策チェックリスト)
//! as data: an edition's groups and items (built in, or the handbook's own
//! `content/checklist-edition.yaml`), and the handbook's answers in
//! `content/checklist.yaml` — はい/いいえ, 確認日, 目標日, a note and the
//! evidence links that show the answer is true.

use chrono::NaiveDate;
use serde::Deserialize;

use super::fields::{self, At};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

pub const FILE: &str = "content/checklist.yaml";
/// A handbook's own edition (a later year's items), used instead of or
/// beside the built-in ones.
pub const EDITION_FILE: &str = "content/checklist-edition.yaml";

/// The editions compiled into the binary: (id, YAML).
const BUILTIN: [(&str, &str); 1] = [("r7", include_str!("../builtin/checklist-r7.yaml"))];

/// A document an edition's wording was checked against.
#[derive(Debug, Clone)]
pub struct EditionSource {
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub note: Option<String>,
}

/// One question of the checklist (チェック項目).
#[derive(Debug, Clone)]
pub struct Item {
    /// `2-10`: group number, then the item's number within it.
    pub id: String,
    pub at: At,
    /// The number as printed (①, (1)).
    pub label: String,
    pub text: String,
    /// 医療情報システム全般, サーバ, 端末PC, ネットワーク機器.
    pub scope: Option<String>,
    /// A remark printed with the item (記入不要の条件 …).
    pub note: Option<String>,
    /// Wording and numbering checked against the published sheet.
    pub verified: bool,
    pub unverified: Option<String>,
}

/// A group of items (1 体制構築, 2 医療情報システムの管理・運用 …).
#[derive(Debug, Clone)]
pub struct Group {
    pub number: u32,
    pub title: String,
    pub items: Vec<Item>,
}

/// One year's checklist (令和7年度版 …).
#[derive(Debug, Clone)]
pub struct Edition {
    pub id: String,
    pub name: String,
    pub title: String,
    /// 医療機関確認用.
    pub sheet: String,
    /// The 年度 the edition is for (2025 for 令和7年度版): a 確認日 before
    /// its April 1st answers an older edition.
    pub fiscal_year: i32,
    pub published: Option<NaiveDate>,
    pub sources: Vec<EditionSource>,
    pub groups: Vec<Group>,
    /// `None` for a built-in edition.
    pub file: Option<String>,
}

impl Edition {
    pub fn items(&self) -> impl Iterator<Item = (&Group, &Item)> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g, i)))
    }

    pub fn item(&self, id: &str) -> Option<(&Group, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }

    /// The first day of the edition's 年度.
    pub fn fiscal_start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.fiscal_year, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// How people name an item: `2-⑩`.
    pub fn number(group: &Group, item: &Item) -> String {
        format!("{}-{}", group.number, item.label)
    }
}

/// はい or いいえ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

impl Answer {
    /// The answers as the checklist's file writes them.
    pub const ALL: [(&'static str, Answer); 2] = [("はい", Answer::Yes), ("いいえ", Answer::No)];

    pub fn japanese(self) -> &'static str {
        match self {
            Answer::Yes => "はい",
            Answer::No => "いいえ",
        }
    }
}

/// The handbook's answer to one item.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Canonical (`2-10`), whatever the author wrote (`2-⑩`, `2-(10)`).
    pub item: String,
    pub item_at: At,
    pub answer: Option<(Answer, At)>,
    /// An answer was written but is neither はい nor いいえ (already E012):
    /// not also "not answered".
    pub answer_unreadable: bool,
    /// 確認日.
    pub checked: Option<(NaiveDate, At)>,
    /// 目標日, for いいえ.
    pub target: Option<(NaiveDate, At)>,
    /// A date was written but could not be read (already E013; not also
    /// a warning that it is missing).
    pub unreadable_date: bool,
    pub note: Option<String>,
    /// Links as written (`reg:ID#第3条`, `contact:ID` …), resolved by the
    /// resolve stage.
    pub evidence: Vec<(String, At)>,
}

#[derive(Debug, Clone, Default)]
pub struct Checklist {
    pub file: String,
    /// False when the file could not be parsed: nothing in it is checked.
    pub complete: bool,
    pub edition_id: String,
    pub edition_at: At,
    /// The edition named, when it is known.
    pub edition: Option<Edition>,
    pub title: Option<String>,
    /// The person or role who answers (記入者), printed on the sheet.
    pub answered_by: Option<String>,
    pub entries: Vec<Entry>,
}

impl Checklist {
    pub fn entry(&self, item: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.item == item)
    }

    /// The latest 確認日 on or before `as_of`.
    pub fn last_checked(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        self.entries
            .iter()
            .filter_map(|e| e.checked.map(|c| c.0))
            .filter(|d| *d <= as_of)
            .max()
    }
}

/// `2-1`, `2-(1)`, `2-①`, `２－１`, `2.1` → `2-1`.
pub fn canonical_item(written: &str) -> Option<String> {
    let mut numbers: Vec<u32> = Vec::new();
    let mut current: Option<u32> = None;
    for c in written.trim().chars() {
        let digit = match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '０'..='９' => Some(c as u32 - '０' as u32),
            _ => None,
        };
        if let Some(d) = digit {
            current = Some(current.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            continue;
        }
        if let Some(n) = current.take() {
            numbers.push(n);
        }
        match c {
            // ① … ⑳
            '\u{2460}'..='\u{2473}' => numbers.push(c as u32 - 0x2460 + 1),
            '-' | '－' | 'ー' | '‐' | '−' | '―' | '.' | '．' | '・' | '(' | ')' | '（' | '）'
            | ' ' | '\u{3000}' => {}
            _ => return None,
        }
    }
    if let Some(n) = current {
        numbers.push(n);
    }
    match numbers.as_slice() {
        [g, i] if *g > 0 && *i > 0 => Some(format!("{g}-{i}")),
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditionYaml {
    id: Spanned<String>,
    name: String,
    title: String,
    #[serde(default)]
    sheet: Option<String>,
    fiscal_year: Spanned<String>,
    #[serde(default)]
    published: Option<Spanned<String>>,
    #[serde(default)]
    sources: Vec<SourceYaml>,
    groups: Vec<GroupYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceYaml {
    title: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupYaml {
    number: Spanned<String>,
    title: String,
    items: Vec<ItemYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemYaml {
    id: Spanned<String>,
    label: String,
    text: String,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    verified: Option<Spanned<String>>,
    #[serde(default)]
    unverified: Option<String>,
}

pub const EDITION_EXAMPLE: &str = "id: r8\nname: 令和8年度版\ntitle: 医療機関におけるサイバーセキュリティ対策チェックリスト\nsheet: 医療機関確認用\nfiscal_year: 2026\ngroups:\n  - number: 1\n    title: 体制構築\n    items:\n      - id: 1-1\n        label: ①\n        text: 医療情報システム安全管理責任者を設置している。";

/// An edition from its YAML; problems go into `diags` against `file`.
fn edition_from(file: &SourceFile, builtin: bool, diags: &mut Vec<Diagnostic>) -> Option<Edition> {
    const WHAT: yaml::What = ("チェックリストの年度版", "the checklist edition");
    let src: EditionYaml = fields::read_yaml(file, WHAT, EDITION_EXAMPLE, diags)?;
    // Read before the groups, and an edition only if it could be: the
    // items are checked either way.
    let fiscal_year: Option<i32> = fields::whole(
        file,
        &Some(src.fiscal_year.clone()),
        "fiscal_year",
        WHAT,
        diags,
    );
    let mut seen: Vec<String> = Vec::new();
    let mut groups = Vec::new();
    for g in src.groups {
        let mut items = Vec::new();
        for i in g.items {
            let at = yaml::position(&i.id, 1);
            let Some(id) = canonical_item(&i.id.value) else {
                diags.push(
                    file.error_at(
                        "E012",
                        at.0,
                        at.1,
                        format!(
                            "項目の番号「{}」を「区分-番号」（例: 2-1）として読めません",
                            i.id.value
                        ),
                    )
                    .en(format!(
                        "the item number `{}` cannot be read as group-number (e.g. 2-1)",
                        i.id.value
                    ))
                    .help("区分の番号と項目の番号を - でつないでください（例: 2-10）")
                    .help_en("write the group number and the item number joined by - (e.g. 2-10)"),
                );
                continue;
            };
            if seen.contains(&id) {
                diags.push(
                    file.error_at(
                        "E043",
                        at.0,
                        at.1,
                        format!("項目 {id} が二度定義されています"),
                    )
                    .en(format!("the item {id} is defined twice"))
                    .help("項目ごとに別の番号を付けてください")
                    .help_en("give each item its own number"),
                );
                continue;
            }
            seen.push(id.clone());
            items.push(Item {
                id,
                at,
                label: i.label,
                text: i.text,
                scope: i.scope,
                note: i.note,
                verified: fields::flag(file, &i.verified, "verified", WHAT, diags).unwrap_or(false),
                unverified: i.unverified,
            });
        }
        groups.push(Group {
            number: fields::whole(file, &Some(g.number.clone()), "number", WHAT, diags)
                .unwrap_or(0),
            title: g.title,
            items,
        });
    }
    let published = fields::opt_date(file, &src.published, diags).map(|d| d.0);
    Some(Edition {
        id: src.id.value.trim().to_string(),
        name: src.name,
        title: src.title,
        sheet: src.sheet.unwrap_or_else(|| "医療機関確認用".to_string()),
        fiscal_year: fiscal_year?,
        published,
        sources: src
            .sources
            .into_iter()
            .map(|s| EditionSource {
                title: s.title,
                url: s.url,
                date: s.date,
                note: s.note,
            })
            .collect(),
        groups,
        file: (!builtin).then(|| file.rel.clone()),
    })
}

/// The editions compiled into the binary. A built-in edition that does
/// not parse is a bug of this program, reported like a content error
/// (never a panic) and caught by the unit tests.
pub fn builtin(diags: &mut Vec<Diagnostic>) -> Vec<Edition> {
    BUILTIN
        .iter()
        .filter_map(|(id, text)| {
            let file = SourceFile::new(
                format!("(built-in) checklist-{id}.yaml").into(),
                format!("(built-in) checklist-{id}.yaml"),
                (*text).to_string(),
            );
            edition_from(&file, true, diags)
        })
        .collect()
}

/// A handbook's own edition file.
pub fn load_edition(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Edition> {
    edition_from(file, false, diags)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistYaml {
    edition: Spanned<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    answered_by: Option<String>,
    #[serde(default)]
    answers: Vec<EntryYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryYaml {
    item: Spanned<String>,
    #[serde(default)]
    answer: Option<Spanned<String>>,
    #[serde(default)]
    checked: Option<Spanned<String>>,
    #[serde(default)]
    target: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    evidence: Vec<Spanned<String>>,
}

/// The checklist's answers, in messages.
const WHAT: yaml::What = ("チェックリスト", "the checklist");

pub const EXAMPLE: &str = "edition: r7\nanswers:\n  - item: 1-1\n    answer: はい\n    checked: 2026-10-20\n    evidence:\n      - reg:medical-info-safety#第3条";

/// Reads `content/checklist.yaml` and attaches the edition it names: one
/// of `editions` (the built-in ones, then the handbook's own, which wins
/// on the same id). When the handbook's own edition file is broken
/// (`own_broken`, already reported), an unknown edition is not reported.
pub fn load(
    file: &SourceFile,
    editions: &[Edition],
    own_broken: bool,
    diags: &mut Vec<Diagnostic>,
) -> Checklist {
    let mut out = Checklist {
        file: file.rel.clone(),
        ..Checklist::default()
    };
    let Some(src) = fields::read_yaml::<ChecklistYaml>(file, WHAT, EXAMPLE, diags) else {
        return out;
    };
    out.complete = true;
    out.edition_id = src.edition.value.trim().to_string();
    out.edition_at = yaml::position(&src.edition, 1);
    out.title = src.title;
    out.answered_by = src.answered_by;
    out.edition = editions
        .iter()
        .rev()
        .find(|e| e.id == out.edition_id)
        .cloned();
    if out.edition.is_none() && !own_broken {
        let known: Vec<&str> = editions.iter().map(|e| e.id.as_str()).collect();
        let (l, c) = out.edition_at;
        diags.push(
            file.error_at(
                "E070",
                l,
                c,
                format!("チェックリストの版「{}」はありません", out.edition_id),
            )
            .en(format!("there is no checklist edition `{}`", out.edition_id))
            .help(format!(
                "使える版: {}。ほかの年度の版は {EDITION_FILE} に書いて、その id を指定してください",
                known.join(", ")
            ))
            .help_en(format!(
                "editions: {}; put another year's edition in {EDITION_FILE} and name its id",
                known.join(", ")
            )),
        );
    }
    for e in &src.answers {
        let item_at = yaml::position(&e.item, 1);
        let Some(item) = canonical_item(&e.item.value) else {
            diags.push(
                file.error_at(
                    "E071",
                    item_at.0,
                    item_at.1,
                    format!(
                        "項目「{}」を「区分-番号」（例: 2-1）として読めません",
                        e.item.value
                    ),
                )
                .en(format!(
                    "the item `{}` cannot be read as group-number (e.g. 2-1)",
                    e.item.value
                ))
                .help("チェックリストの区分と項目の番号を書いてください（例: 2-10 は 2 の⑩）")
                .help_en(
                    "write the checklist's group and item numbers (2-10 is item ⑩ of group 2)",
                ),
            );
            continue;
        };
        out.entries.push(Entry {
            item,
            item_at,
            answer: e.answer.as_ref().and_then(|a| {
                fields::choice(file, a, "answer", WHAT, &Answer::ALL, diags)
                    .map(|v| (v, yaml::position(a, 1)))
            }),
            answer_unreadable: e
                .answer
                .as_ref()
                .is_some_and(|a| !Answer::ALL.iter().any(|(w, _)| *w == a.value.trim())),
            checked: fields::opt_date(file, &e.checked, diags),
            target: fields::opt_date(file, &e.target, diags),
            unreadable_date: [&e.checked, &e.target].iter().any(|d| {
                d.as_ref()
                    .is_some_and(|v| super::date::parse_date(&v.value).is_err())
            }),
            note: e.note.clone(),
            evidence: e
                .evidence
                .iter()
                .map(|l| (l.value.trim().to_string(), yaml::position(l, 1)))
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(FILE.into(), FILE.into(), text.into())
    }

    #[test]
    fn the_builtin_edition_reads_without_problems() {
        let mut diags = Vec::new();
        let editions = builtin(&mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let r7 = editions.iter().find(|e| e.id == "r7").expect("r7");
        assert_eq!(r7.fiscal_year, 2025);
        assert_eq!(
            r7.fiscal_start(),
            NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
        );
        let titles: Vec<&str> = r7.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "体制構築",
                "医療情報システムの管理・運用",
                "インシデント発生に備えた対応"
            ]
        );
        // Ids follow the group and the printed number.
        for g in &r7.groups {
            for (n, i) in g.items.iter().enumerate() {
                assert_eq!(i.id, format!("{}-{}", g.number, n + 1), "{}", i.text);
                assert_eq!(
                    canonical_item(&format!("{}-{}", g.number, i.label)),
                    Some(i.id.clone())
                );
            }
        }
        let (g, i) = r7.item("2-7").unwrap();
        assert_eq!(Edition::number(g, i), "2-⑦");
        assert!(
            i.text
                .starts_with("パスワードは英数字、記号が混在した8文字以上")
        );
        assert!(i.verified);
        // Every unverified item says what is uncertain, and the sources
        // are cited.
        assert!(
            r7.items()
                .all(|(_, i)| i.verified || i.unverified.is_some())
        );
        assert!(
            r7.sources
                .iter()
                .any(|s| s.url.as_deref().is_some_and(|u| u.contains("mhlw.go.jp")))
        );
    }

    #[test]
    fn item_numbers_are_read_the_ways_people_write_them() {
        for (w, want) in [
            ("2-1", Some("2-1")),
            ("2-(10)", Some("2-10")),
            ("2-⑩", Some("2-10")),
            ("２－１", Some("2-1")),
            ("3.2", Some("3-2")),
            ("2", None),
            ("2-1-1", None),
            ("a-1", None),
            ("0-1", None),
        ] {
            assert_eq!(canonical_item(w).as_deref(), want, "{w}");
        }
    }

    #[test]
    fn answers_are_read_with_their_positions_and_the_edition_attached() {
        let mut diags = Vec::new();
        let editions = builtin(&mut diags);
        let f = file(
            "edition: r7\nanswers:\n  - item: 2-⑩\n    answer: いいえ\n    checked: 2026-10-20\n    target: 令和9年3月31日\n    evidence: [reg:a#第10条]\n",
        );
        let c = load(&f, &editions, false, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(c.edition.as_ref().map(|e| e.id.as_str()), Some("r7"));
        let e = c.entry("2-10").unwrap();
        assert_eq!(e.item_at, (3, 11));
        assert_eq!(e.answer, Some((Answer::No, (4, 13))));
        assert_eq!(e.target.map(|t| t.0), NaiveDate::from_ymd_opt(2027, 3, 31));
        assert_eq!(e.evidence, [("reg:a#第10条".to_string(), (7, 16))]);
    }

    #[test]
    fn an_unknown_edition_or_item_number_or_answer_is_reported() {
        let mut diags = Vec::new();
        let editions = builtin(&mut diags);
        let f = file("edition: r9\nanswers:\n  - item: x\n    answer: はい\n");
        let c = load(&f, &editions, false, &mut diags);
        assert!(c.edition.is_none());
        let codes: Vec<(&str, usize, usize)> =
            diags.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(codes, [("E070", 1, 10), ("E071", 3, 11)]);
        // When the handbook's own edition file is broken (reported there),
        // the unknown edition is not reported a second time.
        let mut diags = Vec::new();
        load(&file("edition: r9\n"), &editions, true, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let mut diags = Vec::new();
        load(
            &file("edition: r7\nanswers:\n  - item: 1-1\n    answer: yes\n"),
            &editions,
            false,
            &mut diags,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "E012");
        assert!(
            diags[0].help.as_deref().unwrap_or("").contains("はい"),
            "{diags:?}"
        );
    }
}
