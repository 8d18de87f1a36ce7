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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl FieldKind {
    /// The kinds as a form's source names them.
    pub const ALL: [(&'static str, FieldKind); 11] = [
        ("text", FieldKind::Text),
        ("textarea", FieldKind::Textarea),
        ("date", FieldKind::Date),
        ("time", FieldKind::Time),
        ("datetime", FieldKind::Datetime),
        ("duration", FieldKind::Duration),
        ("checkboxes", FieldKind::Checkboxes),
        ("choice", FieldKind::Choice),
        ("signature", FieldKind::Signature),
        ("note", FieldKind::Note),
        ("table", FieldKind::Table),
    ];
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
    order: Option<Spanned<String>>,
    #[serde(default)]
    pages: Option<Spanned<String>>,
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
    new_page: Option<Spanned<String>>,
    fields: Vec<FieldSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldSource {
    kind: Spanned<String>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    width: Option<Spanned<String>>,
    #[serde(default)]
    lines: Option<Spanned<String>>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    other: Option<Spanned<String>>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    text: Option<String>,
}

pub const EXAMPLE: &str = "title: セキュリティ事故報告書\npages: 2\nsections:\n  - title: 発生状況\n    fields:\n      - kind: datetime\n        label: 発生日時\n        width: 2\n      - kind: checkboxes\n        label: 業務影響度\n        options: [重大, 大, 中, 軽微・無]";

/// A form, in messages.
const WHAT: yaml::What = ("様式", "the form");

/// A number written for a field and checked against its range (E050);
/// `None` when it is not there (or not a number: E012 already).
fn in_range(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
    out_of_range: impl Fn(i64) -> (Msg, Msg),
    diags: &mut Vec<Diagnostic>,
) -> Option<u8> {
    let n: i64 = fields::whole(file, value, key, WHAT, diags)?;
    if range.contains(&n) {
        return u8::try_from(n).ok();
    }
    let (message, help) = out_of_range(n);
    let at = value.as_ref().map_or((1, 1), |v| yaml::position(v, 1));
    diags.push(
        file.error_at("E050", at.0, at.1, "")
            .msg(message)
            .help(help.ja)
            .help_en(help.en),
    );
    None
}

fn field(file: &SourceFile, f: &FieldSource, diags: &mut Vec<Diagnostic>) -> Field {
    let at = yaml::position(&f.kind, 1);
    // A kind not known is E012; the field is read as a line of text, and
    // what only its kind could tell (options, roles, a label) is not
    // asked for, so the one mistake gives one diagnostic.
    let known = fields::choice(file, &f.kind, "kind", WHAT, &FieldKind::ALL, diags);
    let kind = known.unwrap_or(FieldKind::Text);
    let width = in_range(
        file,
        &f.width,
        "width",
        1..=4,
        |n| {
            (
                Msg::new(
                    format!("幅（width）の {n} は1〜4ではありません"),
                    format!("width {n} is not 1 to 4"),
                ),
                Msg::new(
                    "様式の1行は4列です。この欄が使う列の数を書いてください",
                    "a form row has four columns; give the number of columns the field spans",
                ),
            )
        },
        diags,
    )
    .unwrap_or(match kind {
        _ if f.width.is_some() => 4,
        FieldKind::Textarea
        | FieldKind::Table
        | FieldKind::Checkboxes
        | FieldKind::Choice
        | FieldKind::Note => 4,
        FieldKind::Signature | FieldKind::Datetime => 2,
        _ => 1,
    });
    let lines = in_range(
        file,
        &f.lines,
        "lines",
        1..=40,
        |n| {
            (
                Msg::new(
                    format!("行数（lines）の {n} は1〜40ではありません"),
                    format!("{n} lines is not 1 to 40"),
                ),
                Msg::new(
                    "書き込む罫線の行数を書いてください",
                    "give the number of ruled lines to write on",
                ),
            )
        },
        diags,
    )
    .unwrap_or(3);
    let other = fields::flag(file, &f.other, "other", WHAT, diags).unwrap_or(false);
    let mut bad = |message: Msg, help: Msg| {
        diags.push(
            file.error_at("E050", at.0, at.1, "")
                .msg(message)
                .help(help.ja)
                .help_en(help.en),
        );
    };
    // Only a known kind is asked for what it needs (see above).
    if known.is_some() {
        let needs_options = matches!(
            kind,
            FieldKind::Checkboxes | FieldKind::Choice | FieldKind::Table
        );
        if needs_options && f.options.is_empty() && !other {
            bad(
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
    }
    Field {
        kind,
        label: f.label.clone(),
        width,
        lines,
        options: f.options.clone(),
        other,
        roles: f.roles.clone(),
        text: f.text.clone(),
        at,
    }
}

pub fn load(file: &SourceFile, id: &str, diags: &mut Vec<Diagnostic>) -> Form {
    let mut form = Form::stub(id, &file.rel);
    let Some(src) = fields::read_yaml::<Source>(file, WHAT, EXAMPLE, diags) else {
        return form;
    };
    form.title = src.title;
    form.number = src.number;
    form.order = fields::whole(file, &src.order, "order", WHAT, diags).unwrap_or(0);
    form.purpose = src.purpose;
    let pages = in_range(
        file,
        &src.pages,
        "pages",
        1..=10,
        |n| {
            (
                Msg::new(
                    format!("ページ数（pages）の {n} は1〜10ではありません"),
                    format!("pages: {n} is not 1 to 10"),
                ),
                Msg::new(
                    "この様式が A4 で何ページになるかを書いてください",
                    "give how many A4 pages the form is designed for",
                ),
            )
        },
        diags,
    );
    if let Some(p) = pages {
        form.pages = p;
    }
    // A `pages` already reported is not compared with the page breaks.
    let pages_known = pages.is_some() || src.pages.is_none();
    form.header = src.header.iter().map(|f| field(file, f, diags)).collect();
    form.sections = src
        .sections
        .iter()
        .map(|s| Section {
            title: s.title.clone(),
            new_page: fields::flag(file, &s.new_page, "new_page", WHAT, diags).unwrap_or(false),
            fields: s.fields.iter().map(|f| field(file, f, diags)).collect(),
        })
        .collect();
    let breaks = form.sections.iter().filter(|s| s.new_page).count();
    if pages_known && breaks + 1 > usize::from(form.pages) {
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
