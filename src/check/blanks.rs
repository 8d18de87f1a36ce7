//! The blank rule (W040): every value still written as the blank mark
//! (`未記入`) in a YAML source or a Markdown front matter, named the way a
//! person looks for it — 「未記入: 情報システム部門の電話番号」 — from the
//! names around it in the file (the contact's `name`, the procedure's
//! `system`), at the value's line and column. The starter kit writes every
//! number, name and target only the hospital knows this way, so `check`
//! lists what is left to fill in and `check --strict` fails until it is.

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

use crate::content::blank::{MARK, is_blank};
use crate::content::frontmatter;
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{Spanned, position};

/// A YAML value with the position of every value inside it (serde's
/// untagged enums forget positions, so this walks the document itself).
enum Node {
    Map(Vec<(String, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar(String),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(String::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(String::new()))
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let key = match key {
                Node::Scalar(k) => k,
                _ => String::new(),
            };
            entries.push((key, map.next_value::<Spanned<Node>>()?));
        }
        Ok(Node::Map(entries))
    }
}

/// A blank found: where, what it is called, and its path in the file
/// (`contacts[3].phone`) for the English message.
#[derive(Debug, PartialEq, Eq)]
pub struct Blank {
    pub at: (usize, usize),
    pub what: String,
    pub path: String,
}

/// Every W040 of one source.
pub fn run(file: &SourceFile, diags: &mut Vec<Diagnostic>) {
    for b in scan(file) {
        diags.push(diagnostic(file, &b));
    }
}

fn diagnostic(file: &SourceFile, b: &Blank) -> Diagnostic {
    Diagnostic::warning("W040", &file.rel, format!("{MARK}: {}", b.what))
        .at(b.at.0, b.at.1)
        .snippet(file.line_text(b.at.0))
        .en(format!("not filled in yet: {} ({})", b.path, b.what))
        .help(format!(
            "「{MARK}」を実際の値に書き換えてください。書き換えるまで、ページと印刷物には「{MARK}」と表示されます。使わない項目なら、その行を消してもかまいません"
        ))
        .help_en(format!(
            "replace `{MARK}` with the real value; until then the pages and the printed binder show {MARK}. \
             If the field does not apply, delete the line"
        ))
}

/// The blanks of one source: a `.yaml` file, or the front matter of a
/// `.md` file. A file that does not parse has its own error already.
pub fn scan(file: &SourceFile) -> Vec<Blank> {
    if !file.text.contains(MARK) {
        return Vec::new();
    }
    let (yaml, first_line) = if file.rel.ends_with(".md") {
        match frontmatter::split(file, "") {
            Ok(split) => (split.yaml, split.yaml_first_line),
            Err(_) => return Vec::new(),
        }
    } else if file.rel.ends_with(".yaml") {
        (file.text.as_str(), 1)
    } else {
        return Vec::new();
    };
    let Ok(root) = serde_saphyr::from_str::<Spanned<Node>>(yaml) else {
        return Vec::new();
    };
    let front_matter = first_line > 1;
    let mut out = Vec::new();
    walk(&root, &mut Vec::new(), first_line, front_matter, &mut out);
    out
}

/// One step from a mapping down to a value: the key, and the list index
/// when the value is an item of the list under that key.
struct Step<'a> {
    key: &'a str,
    index: Option<usize>,
    /// The mapping the key is in.
    map: &'a [(String, Spanned<Node>)],
}

fn walk<'a>(
    node: &'a Spanned<Node>,
    path: &mut Vec<Step<'a>>,
    first_line: usize,
    front_matter: bool,
    out: &mut Vec<Blank>,
) {
    match &node.value {
        Node::Scalar(s) if is_blank(s) && !path.is_empty() => out.push(Blank {
            at: position(node, first_line),
            what: describe(path, front_matter),
            path: path_text(path),
        }),
        Node::Scalar(_) => {}
        Node::Map(entries) => {
            for (key, value) in entries {
                path.push(Step {
                    key,
                    index: None,
                    map: entries,
                });
                walk(value, path, first_line, front_matter, out);
                path.pop();
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(last) = path.last_mut() {
                    last.index = Some(i);
                }
                walk(item, path, first_line, front_matter, out);
            }
            if let Some(last) = path.last_mut() {
                last.index = None;
            }
        }
    }
}

/// `contacts[3].people[0].mobile`.
fn path_text(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s.index {
            Some(i) => format!("{}[{i}]", s.key),
            None => s.key.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A scalar value of a mapping, unless it is itself blank.
fn text_of<'a>(map: &'a [(String, Spanned<Node>)], key: &str) -> Option<&'a str> {
    map.iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| match &v.value {
            Node::Scalar(s) if !s.trim().is_empty() && !is_blank(s) => Some(s.as_str()),
            _ => None,
        })
}

/// What a list item is called when it has no name of its own.
fn item_noun(list: &str) -> &str {
    match list {
        "contacts" => "連絡先",
        "people" => "担当者",
        "steps" => "手順",
        "backups" => "バックアップ",
        "drills" => "復旧訓練",
        "sessions" => "研修・訓練",
        "follow_up" => "フォローアップ",
        "kinds" => "教育・訓練の種類",
        "copies" => "冊子",
        "team" => "体制",
        "systems" => "システム",
        "levels" => "深刻度",
        "deadlines" => "報告期限",
        "answers" => "チェックリストの回答",
        "history" => "改定履歴",
        "flow" => "連絡の流れ",
        "sections" => "欄",
        "fields" => "記入項目",
        "prepare" | "detect" | "respond" | "recover" | "after" => "対応",
        other => other,
    }
}

/// The name of the item a list holds at `index`: its `name`, `system`,
/// `role` or (a backup's) `what`, a copy's number, a person's duty (責任者, 代行者), else the
/// item's kind and number (手順 3).
fn item_name(list: &str, index: usize, map: &[(String, Spanned<Node>)]) -> String {
    if list == "people" {
        let duty = if index == 0 {
            "責任者".to_string()
        } else {
            format!("代行者{index}")
        };
        return match text_of(map, "name") {
            Some(name) => format!("{duty}（{name}）"),
            None => duty,
        };
    }
    if let Some(name) = ["name", "system", "role", "what"]
        .iter()
        .find_map(|k| text_of(map, k))
    {
        return name.to_string();
    }
    if let Some(n) = text_of(map, "number") {
        return format!("冊子 第{n}号");
    }
    if let Some(item) = text_of(map, "item") {
        return format!("チェックリスト {item}");
    }
    match text_of(map, "id") {
        Some(id) => format!("{} {id}", item_noun(list)),
        None => format!("{} {}", item_noun(list), index + 1),
    }
}

/// What a field is, in the words of the pages; `front_matter` for the
/// fields of a regulation or a page.
fn field_label(key: &str, in_person: bool, front_matter: bool) -> &str {
    match key {
        "number" if front_matter => "規程番号",
        "owner" if front_matter => "所管",
        "name" if in_person => "氏名",
        "name" => "名前",
        "title" if in_person => "職名",
        "title" => "題名",
        "phone" => "電話番号",
        "extension" => "内線番号",
        "after_hours" => "夜間・休日の電話番号",
        "mobile" => "携帯電話の番号",
        "hours" => "受付時間",
        "email" => "メールアドレス",
        "url" => "ウェブの窓口",
        "organization" => "所属・会社名",
        "role" => "役割",
        "note" => "備考",
        "verified" => "番号の確認日",
        "updated" => "変更日",
        "systems" => "保守するシステム",
        "contract" => "契約",
        "answered_by" => "記入者",
        "mds_received" => "MDS/SDS の受領日",
        "sheet_returned" => "事業者確認用チェックリストの返送日",
        "system" => "システム名",
        "summary" => "概要",
        "owner" => "責任部署",
        "rto" => "目標復旧時間（RTO）",
        "rpo" => "目標復旧時点（RPO）",
        "what" => "バックアップの対象",
        "method" => "方式",
        "frequency" => "頻度",
        "media" => "媒体",
        "offsite" => "遠隔地保管",
        "text" => "内容",
        "place" => "保管場所",
        "holder" => "保管者",
        "printed" => "印刷日",
        "edition" => "版",
        "policy" => "基本方針",
        "scope" => "対象範囲",
        "duties" => "任務",
        "alternative" => "代替手段・紙運用",
        "downtime" => "紙運用",
        "date" => "日付",
        "who" => "担当",
        "call" => "連絡先",
        "scenario" => "想定",
        "measured" => "復旧にかかった時間",
        "result" => "結果",
        "within" => "期限",
        "number" => "番号",
        "effective" => "施行日",
        other => other,
    }
}

/// 「情報システム部門の電話番号」: the names of the items on the way down,
/// then the field. Only the top of a procedure file names something (its
/// `system`); other files' titles are not what a reader looks for.
fn describe(path: &[Step], front_matter: bool) -> String {
    let mut names: Vec<String> = Vec::new();
    if let Some(system) = path.first().and_then(|s| text_of(s.map, "system"))
        && path.first().is_some_and(|s| s.key != "system")
    {
        names.push(system.to_string());
    }
    // Each list item passed on the way is named by the mapping below it.
    for (i, step) in path.iter().enumerate() {
        let (Some(index), Some(below)) = (step.index, path.get(i + 1)) else {
            continue;
        };
        names.push(item_name(step.key, index, below.map));
    }
    let last = path.last().map_or("", |s| s.key);
    let in_person = path.iter().rev().nth(1).is_some_and(|s| s.key == "people");
    let mut field = field_label(last, in_person, front_matter).to_string();
    if let Some(i) = path.last().and_then(|s| s.index) {
        // A blank item of a list of texts (`systems: [未記入]`).
        field = format!("{field}（{}つ目）", i + 1);
    }
    if path.len() == 1 && last == "organization" {
        // handbook.yaml's organization: the hospital's own name.
        field = "病院名".into();
    }
    names.push(field);
    names.join("の")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanks(rel: &str, text: &str) -> Vec<(usize, usize, String)> {
        let file = SourceFile::new(rel.into(), rel.into(), text.into());
        scan(&file)
            .into_iter()
            .map(|b| (b.at.0, b.at.1, b.what))
            .collect()
    }

    #[test]
    fn a_contact_s_blanks_are_named_by_the_contact() {
        let text = "contacts:\n  - id: finder\n    name: 発見した職員\n    kind: internal\n  - id: it-dept\n    name: 情報システム部門\n    kind: internal\n    phone: 未記入\n    extension: \"未記入\"\n    people:\n      - name: 未記入\n        mobile: 未記入\n      - name: 鈴木\n        mobile: 未記入\n    verified: 未記入\n";
        assert_eq!(
            blanks("content/contacts.yaml", text),
            [
                (8, 12, "情報システム部門の電話番号".to_string()),
                (9, 16, "情報システム部門の内線番号".to_string()),
                (11, 15, "情報システム部門の責任者の氏名".to_string()),
                (
                    12,
                    17,
                    "情報システム部門の責任者の携帯電話の番号".to_string()
                ),
                (
                    14,
                    17,
                    "情報システム部門の代行者1（鈴木）の携帯電話の番号".to_string()
                ),
                (15, 15, "情報システム部門の番号の確認日".to_string()),
            ]
        );
    }

    #[test]
    fn a_blank_name_falls_back_to_the_id_and_lists_to_their_place() {
        let text = "contacts:\n  - id: emr-vendor\n    name: 未記入\n    kind: vendor\n    systems: [電子カルテ, 未記入]\n";
        assert_eq!(
            blanks("content/contacts.yaml", text),
            [
                (3, 11, "連絡先 emr-vendorの名前".to_string()),
                (
                    5,
                    22,
                    "連絡先 emr-vendorの保守するシステム（2つ目）".to_string()
                ),
            ]
        );
    }

    #[test]
    fn procedures_copies_settings_and_front_matter() {
        let text = "system: 電子カルテシステム\nrto: 未記入\nbackups:\n  - what: データベース\n    offsite: 未記入\nsteps:\n  - text: 未記入\n";
        assert_eq!(
            blanks("content/procedures/emr.yaml", text),
            [
                (2, 6, "電子カルテシステムの目標復旧時間（RTO）".to_string()),
                (
                    5,
                    14,
                    "電子カルテシステムのデータベースの遠隔地保管".to_string()
                ),
                (7, 11, "電子カルテシステムの手順 1の内容".to_string()),
            ]
        );
        let text = "copies:\n  - number: 1\n    place: 未記入\n";
        assert_eq!(
            blanks("content/distribution.yaml", text),
            [(3, 12, "冊子 第1号の保管場所".to_string())]
        );
        let text = "title: ハンドブック\norganization: 未記入\nedition: 第1版\n";
        assert_eq!(
            blanks("handbook.yaml", text),
            [(2, 15, "病院名".to_string())]
        );
        let text = "---\ntitle: 規程\nowner: 未記入\neffective: 2025-04-01\n---\n本文に未記入とあっても対象外\n";
        assert_eq!(
            blanks("content/regulations/a.md", text),
            [(3, 8, "所管".to_string())]
        );
    }

    #[test]
    fn text_that_only_contains_the_mark_and_broken_files_are_not_blanks() {
        assert!(blanks("content/contacts.yaml", "note: 未記入の欄は確認中\n").is_empty());
        assert!(blanks("content/contacts.yaml", "note: [未記入\n").is_empty());
        assert!(blanks("content/pages/a.md", "---\ntitle: 未記入\n").is_empty());
    }
}
