//! Printable forms (様式), one file per form in `content/forms/ID.yaml`:
//! sections of fields — text, text areas with ruled lines, checkbox groups,
//! dates, times, durations, 担当/承認 signature boxes and notes — laid out on
//! a four-column grid and designed for a number of A4 pages.

use serde::Deserialize;

use super::fields::{self, At};
use crate::diag::{Diagnostic, Msg};
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

/// What a field asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several ruled lines of text (`lines`).
    Textarea,
    /// 年 月 日.
    Date,
    /// 時 分.
    Time,
    /// 年 月 日 時 分.
    Datetime,
    /// （　時間　分）.
    Duration,
    /// Tick any number of `options`.
    Checkboxes,
    /// Tick one of `options`.
    Choice,
    /// A row of stamp boxes, one per role (担当, 承認).
    Signature,
    /// Printed text, nothing to fill in.
    Note,
    /// A ruled table: `options` are the column headings, `lines` the rows
    /// (an attendance sheet).
    Table,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    pub label: String,
    /// Columns of the four-column grid it spans.
    pub width: u8,
    /// Ruled lines for a text area.
    pub lines: u8,
    pub options: Vec<String>,
    /// Adds その他（　　） after the options.
    pub other: bool,
    pub roles: Vec<String>,
    pub text: Option<String>,
    pub at: At,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    /// Starts a new printed page (the form's page design).
    pub new_page: bool,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub id: String,
    pub file: String,
    pub title: String,
    pub number: Option<String>,
    pub order: i64,
    /// How many A4 pages it is designed to print on.
    pub pages: u8,
    pub purpose: Option<String>,
    /// Fields at the top right (作成日, 報告書番号).
    pub header: Vec<Field>,
    pub sections: Vec<Section>,
}

impl Form {
    pub fn stub(id: &str, file: &str) -> Form {
        Form {
            id: id.to_string(),
            file: file.to_string(),
            title: id.to_string(),
            number: None,
            order: 0,
            pages: 1,
            purpose: None,
            header: Vec::new(),
            sections: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    title: String,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    pages: Option<Spanned<u8>>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    header: Vec<FieldSource>,
    sections: Vec<SectionSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionSource {
    title: String,
    #[serde(default)]
    new_page: bool,
    fields: Vec<FieldSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldSource {
    kind: Spanned<FieldKind>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    width: Option<Spanned<u8>>,
    #[serde(default)]
    lines: Option<Spanned<u8>>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    other: bool,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    text: Option<String>,
}

pub const EXAMPLE: &str = "title: セキュリティ事故報告書\npages: 2\nsections:\n  - title: 発生状況\n    fields:\n      - kind: datetime\n        label: 発生日時\n        width: 2\n      - kind: checkboxes\n        label: 業務影響度\n        options: [重大, 大, 中, 軽微・無]";

fn field(file: &SourceFile, f: &FieldSource, diags: &mut Vec<Diagnostic>) -> Field {
    let at = yaml::position(&f.kind, 1);
    let kind = f.kind.value;
    let mut bad = |value_at: At, message: Msg, help: Msg| {
        diags.push(
            file.error_at("E050", value_at.0, value_at.1, "")
                .msg(message)
                .help(help.ja)
                .help_en(help.en),
        );
    };
    let width = match &f.width {
        Some(w) if !(1..=4).contains(&w.value) => {
            bad(
                yaml::position(w, 1),
                Msg::new(
                    format!("幅（width）の {} は1〜4ではありません", w.value),
                    format!("width {} is not 1 to 4", w.value),
                ),
                Msg::new(
                    "様式の1行は4列です。この欄が使う列の数を書いてください",
                    "a form row has four columns; give the number of columns the field spans",
                ),
            );
            4
        }
        Some(w) => w.value,
        None => match kind {
            FieldKind::Textarea
            | FieldKind::Table
            | FieldKind::Checkboxes
            | FieldKind::Choice
            | FieldKind::Note => 4,
            FieldKind::Signature | FieldKind::Datetime => 2,
            _ => 1,
        },
    };
    let lines = match &f.lines {
        Some(l) if !(1..=40).contains(&l.value) => {
            bad(
                yaml::position(l, 1),
                Msg::new(
                    format!("行数（lines）の {} は1〜40ではありません", l.value),
                    format!("{} lines is not 1 to 40", l.value),
                ),
                Msg::new(
                    "書き込む罫線の行数を書いてください",
                    "give the number of ruled lines to write on",
                ),
            );
            3
        }
        Some(l) => l.value,
        None => 3,
    };
    let needs_options = matches!(
        kind,
        FieldKind::Checkboxes | FieldKind::Choice | FieldKind::Table
    );
    if needs_options && f.options.is_empty() && !f.other {
        bad(
            at,
            Msg::new(
                format!("「{}」に選択肢がありません", f.label),
                format!("「{}」 has no options to tick", f.label),
            ),
            Msg::new(
                "`options: [A, B, C]` を書き加えてください",
                "add `options: [A, B, C]`",
            ),
        );
    }
    if kind == FieldKind::Signature && f.roles.is_empty() {
        bad(
            at,
            Msg::new(
                format!("「{}」に署名欄がありません", f.label),
                format!("「{}」 has no signature boxes", f.label),
            ),
            Msg::new(
                "`roles: [担当, 承認]` を書き加えてください",
                "add `roles: [担当, 承認]`",
            ),
        );
    }
    if kind == FieldKind::Note && f.text.is_none() {
        bad(
            at,
            Msg::new(
                "注記（note）に `text` がありません",
                "a note without `text`",
            ),
            Msg::new(
                "`text: …` を書き加えるか、この注記を消してください",
                "add `text: …`, or remove the note",
            ),
        );
    }
    if kind != FieldKind::Note && kind != FieldKind::Signature && f.label.trim().is_empty() {
        bad(
            at,
            Msg::new(
                "見出し（label）のない欄があります",
                "a field without a label",
            ),
            Msg::new(
                "`label: …`（何を書き込む欄か）を書き加えてください",
                "add `label: …` (what to fill in)",
            ),
        );
    }
    Field {
        kind,
        label: f.label.clone(),
        width,
        lines,
        options: f.options.clone(),
        other: f.other,
        roles: f.roles.clone(),
        text: f.text.clone(),
        at,
    }
}

pub fn load(file: &SourceFile, id: &str, diags: &mut Vec<Diagnostic>) -> Form {
    let mut form = Form::stub(id, &file.rel);
    let Some(src) = fields::read_yaml::<Source>(file, ("様式", "the form"), EXAMPLE, diags)
    else {
        return form;
    };
    form.title = src.title;
    form.number = src.number;
    form.order = src.order.unwrap_or(0);
    form.purpose = src.purpose;
    if let Some(p) = &src.pages {
        if (1..=10).contains(&p.value) {
            form.pages = p.value;
        } else {
            let (l, c) = yaml::position(p, 1);
            diags.push(
                file.error_at(
                    "E050",
                    l,
                    c,
                    format!("ページ数（pages）の {} は1〜10ではありません", p.value),
                )
                .en(format!("pages: {} is not 1 to 10", p.value))
                .help("この様式が A4 で何ページになるかを書いてください")
                .help_en("give how many A4 pages the form is designed for"),
            );
        }
    }
    form.header = src.header.iter().map(|f| field(file, f, diags)).collect();
    form.sections = src
        .sections
        .iter()
        .map(|s| Section {
            title: s.title.clone(),
            new_page: s.new_page,
            fields: s.fields.iter().map(|f| field(file, f, diags)).collect(),
        })
        .collect();
    let breaks = form.sections.iter().filter(|s| s.new_page).count();
    if breaks + 1 > usize::from(form.pages) {
        diags.push(
            file.error_at(
                "E050",
                1,
                1,
                format!(
                    "改ページする区分が{}つあるので{}ページ必要ですが、`pages` は {} です",
                    breaks,
                    breaks + 1,
                    form.pages
                ),
            )
            .en(format!(
                "{} sections start a new page, so the form needs {} pages, but `pages` says {}",
                breaks,
                breaks + 1,
                form.pages
            ))
            .help("`pages` を増やすか、`new_page: true` を一つ消してください")
            .help_en("raise `pages`, or remove a `new_page: true`"),
        );
    }
    form
}
