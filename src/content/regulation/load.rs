//! Reading one regulation file: its YAML front matter (title, number,
//! owner, 施行日, 改定履歴) and its body.

use serde::Deserialize;

use super::{Regulation, Revision, parse_body};
use crate::content::date::parse_date;
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    number: Option<Spanned<String>>,
    #[serde(default)]
    owner: Option<String>,
    effective: Spanned<String>,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    history: Vec<HistoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryEntry {
    date: Spanned<String>,
    note: String,
    /// The day the revision was approved (承認日), when it is recorded.
    #[serde(default)]
    approved: Option<Spanned<String>>,
}

pub const EXAMPLE_FRONT_MATTER: &str = "---\ntitle: 医療情報システム安全管理規程\nnumber: 規程第12号\nowner: 事務部\neffective: 2025-04-01\nhistory:\n  - date: 2025-04-01\n    note: 制定\n---";

/// Loads one regulation; every problem found goes into `diags`. A
/// regulation whose front matter is broken is still returned (with its id
/// as title) so links to it do not fail too and its body is still checked.
pub fn load(file: &SourceFile, id: &str, diags: &mut Vec<Diagnostic>) -> Regulation {
    let mut reg = Regulation::stub(id, &file.rel);
    let split = match crate::content::frontmatter::split(file, EXAMPLE_FRONT_MATTER) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return reg;
        }
    };
    let (body, body_diags) = parse_body(file, split.body, split.body_first_line);
    diags.extend(body_diags);
    reg.body = std::sync::Arc::new(body);
    let (front, problems) = yaml::parse_mended::<FrontMatter>(
        file,
        split.yaml,
        split.yaml_first_line,
        ("規程の冒頭の設定（---の間）", "regulation front matter"),
    );
    diags.extend(problems);
    let Some(front) = front else {
        return reg;
    };
    let first = split.yaml_first_line;
    let mut date = |value: &Spanned<String>| {
        let at = yaml::position(value, first);
        match parse_date(&value.value) {
            Ok(d) => (d, at),
            Err(e) => {
                diags.push(crate::content::fields::date_error(file, at, e));
                (chrono::NaiveDate::MIN, at)
            }
        }
    };
    (reg.effective, reg.effective_at) = date(&front.effective);
    reg.history = front
        .history
        .iter()
        .map(|h| {
            let (d, at) = date(&h.date);
            let approved = h
                .approved
                .as_ref()
                .map(|a| date(a).0)
                .filter(|a| *a != chrono::NaiveDate::MIN);
            Revision {
                date: d,
                written: h.date.value.clone(),
                at,
                note: h.note.clone(),
                approved,
            }
        })
        .collect();
    (reg.since, reg.since_at) = (reg.effective, reg.effective_at);
    for h in &reg.history {
        if h.date >= reg.since {
            (reg.since, reg.since_at) = (h.date, h.at);
        }
    }
    // An excerpt (…規程（抄）) leaves out articles and 項 on purpose.
    let title = front.title.trim_end();
    if title.ends_with('抄') || title.ends_with("（抄）") {
        diags.retain(|d| !(d.file == file.rel && matches!(d.code, "W006" | "W007")));
    }
    if front.title.trim().is_empty() {
        let line = split
            .yaml
            .lines()
            .position(|l| l.starts_with("title:"))
            .map_or(first, |i| first + i);
        diags.push(
            file.error_at("E011", line, 1, "規程の題名（`title`）が空です")
                .en("the regulation's `title` is empty")
                .help("規程の題名を書いてください（例: `title: 医療情報システム安全管理規程`）。一覧・ページ・印刷物に表示されます")
                .help_en("write the regulation's title (e.g. `title: 医療情報システム安全管理規程`); lists, pages and printed copies show it"),
        );
    }
    reg.title = front.title;
    if let Some(n) = &front.number {
        reg.number_at = yaml::position(n, first);
    }
    reg.number = front.number.map(|n| n.value);
    reg.owner = front.owner;
    reg.order = front.order.unwrap_or(0);
    reg
}
