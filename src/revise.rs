//! The revision workflow on the command line: `handbook archive ID` files
//! the current version away before it is edited, and `handbook compare OLD
//! NEW` makes a standalone 新旧対照表 for the committee, from files or from
//! versions kept in the handbook.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::compare::{self, Comparison};
use crate::config::{self, ColumnOrder};
use crate::content::date::wareki;
use crate::content::regulation::{self, Body, Regulation};
use crate::diag::{Diagnostic, tr};
use crate::render::{self, escape};
use crate::source::{self, SourceFile};

/// Why a command could not go on: a message, or diagnostics to print.
pub enum Failure {
    Message(String),
    Diagnostics(Vec<Diagnostic>),
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Message(s)
    }
}

/// Copies `content/regulations/ID.md` to `content/regulations/ID/<施行日>.md`,
/// the date the current version took effect. Returns the new file.
pub fn archive(root: &Path, id: &str) -> Result<PathBuf, Failure> {
    let path = root.join("content/regulations").join(format!("{id}.md"));
    if !path.is_file() {
        let shown = path.display();
        return Err(Failure::Message(tr(
            format!("{shown} がありません。規程の id（.md を除いたファイル名）を指定してください"),
            format!("no {shown} : give the id of a regulation (its file name without .md)"),
        )));
    }
    let file = source::read(root, &path).map_err(|d| Failure::Diagnostics(vec![d]))?;
    let mut diags = Vec::new();
    let reg = regulation::load(&file, id, &mut diags);
    diags.retain(Diagnostic::is_error);
    if !diags.is_empty() || reg.since == NaiveDate::MIN {
        return Err(Failure::Diagnostics(diags));
    }
    let target = root
        .join("content/regulations")
        .join(id)
        .join(format!("{}.md", reg.since.format("%Y-%m-%d")));
    if target.exists() {
        let shown = target.display();
        return Err(Failure::Message(tr(
            format!(
                "{shown} はすでにあります（{}施行の版は保存済みです）。\
                 もう一度保存する前に、新しい改定を施行日とともに改定履歴に書き加えてください",
                wareki(reg.since)
            ),
            format!(
                "{shown} exists already: the version of {} is filed. Add the new revision to the \
                 改定履歴 (with its 施行日) before filing it again",
                reg.since.format("%Y-%m-%d")
            ),
        )));
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::diag::io_error(dir, &e))?;
    }
    // The bytes as they are: the filed version is the approved text.
    std::fs::copy(&path, &target).map_err(|e| crate::diag::io_error(&target, &e))?;
    Ok(target)
}

/// One side of a comparison, however it was named.
pub struct Version {
    pub title: String,
    pub number: Option<String>,
    /// What the reader is told this side is: 令和7年4月1日施行版, a file name.
    pub name: String,
    pub body: Body,
}

fn from_regulation(r: &Regulation) -> Version {
    Version {
        title: r.title.clone(),
        number: r.number.clone(),
        name: format!("{}施行版", wareki(r.since)),
        body: Body::clone(&r.body),
    }
}

/// A file (a regulation source with front matter, or law text as exported
/// from e-Gov), or `ID` / `ID@DATE` naming a version kept in the handbook
/// at `root`.
pub fn resolve(spec: &str, root: &Path) -> Result<Version, Failure> {
    let path = Path::new(spec);
    if path.is_file() {
        return from_file(path);
    }
    let (id, date) = match spec.split_once('@') {
        Some((id, d)) => {
            let date = crate::content::date::parse_date(d).map_err(|e| {
                Failure::Message(tr(
                    format!("`{spec}` の `{d}` は日付として読めません: {}", e.0.ja),
                    format!("`{d}` in `{spec}` is not a date: {}", e.0.en),
                ))
            })?;
            (id, Some(date))
        }
        None => (spec, None),
    };
    if !root.join(config::FILE_NAME).is_file() {
        let shown = root.display();
        return Err(Failure::Message(tr(
            format!(
                "`{spec}` はファイルではありません。{shown} に handbook.yaml がないため、\
                 版（ID または ID@YYYY-MM-DD）としても読めません。--root を指定してください"
            ),
            format!(
                "`{spec}` is neither a file nor, without a handbook.yaml in {shown}, a version \
                 (ID or ID@YYYY-MM-DD); pass --root"
            ),
        )));
    }
    let (hb, diags) = crate::content::load(root);
    let Some(hb) = hb else {
        return Err(Failure::Diagnostics(diags));
    };
    let Some(reg) = hb.regulation(id) else {
        let ids: Vec<&str> = hb.regulations.iter().map(|r| r.id.as_str()).collect();
        return Err(Failure::Message(tr(
            format!(
                "`{spec}`: そのファイルも、id が `{id}` の規程もありません。規程: {}",
                ids.join(", ")
            ),
            format!(
                "`{spec}`: no file and no regulation `{id}`; the regulations are: {}",
                ids.join(", ")
            ),
        )));
    };
    let versions = reg.all_versions();
    let version = match date {
        None => Some(reg.newest()),
        Some(d) => versions.iter().copied().find(|v| v.since == d),
    };
    let Some(version) = version else {
        let dates: Vec<String> = versions
            .iter()
            .map(|v| crate::content::date::iso(v.since))
            .collect();
        return Err(Failure::Message(tr(
            format!(
                "`{spec}`: {id} にその日に施行された版はありません。版: {}",
                dates.join(", ")
            ),
            format!(
                "`{spec}`: {id} has no version that took effect that day; its versions: {}",
                dates.join(", ")
            ),
        )));
    };
    // Errors in any of the regulation's files, not only the version's: two
    // versions with one date (E024) make either the wrong one to compare.
    let folder = format!("{}/", reg.file.strip_suffix(".md").unwrap_or(&reg.file));
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| {
            d.is_error()
                && (d.file == version.file || d.file == reg.file || d.file.starts_with(&folder))
        })
        .collect();
    if !errors.is_empty() {
        return Err(Failure::Diagnostics(errors));
    }
    Ok(from_regulation(version))
}

fn from_file(path: &Path) -> Result<Version, Failure> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file = source::read(dir, path).map_err(|d| Failure::Diagnostics(vec![d]))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut diags = Vec::new();
    let version = if file.text.starts_with("---") {
        let mut reg = regulation::load(&file, "compare", &mut diags);
        // A mention pointing nowhere is an error here as in the handbook
        // (E030): the committee would be shown a text that cannot stand.
        crate::resolve::mentions::resolve_shared(&mut reg.body);
        crate::check::check_mentions(Some(&file), &reg, &mut diags);
        let mut v = from_regulation(&reg);
        v.name = format!("{name}（{}）", v.name);
        v
    } else {
        // Law text as exported from e-Gov 法令検索: the title on line 1.
        let text = compare::egov_text(&file.text);
        let plain = SourceFile::new(file.path.clone(), file.rel.clone(), text.clone());
        let (body, d) = regulation::parse_body(&plain, &text, 1);
        diags.extend(d);
        Version {
            title: text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
                .trim()
                .to_string(),
            number: None,
            name,
            body,
        }
    };
    diags.retain(Diagnostic::is_error);
    if !diags.is_empty() {
        return Err(Failure::Diagnostics(diags));
    }
    Ok(version)
}

/// The layout from `root`'s handbook.yaml when there is one, the usual
/// one otherwise; `order` overrides the column order.
pub fn layout(root: &Path, order: Option<ColumnOrder>) -> Result<config::Comparison, Failure> {
    let path = root.join(config::FILE_NAME);
    let mut layout = if path.is_file() {
        let file = source::read(root, &path).map_err(|d| Failure::Diagnostics(vec![d]))?;
        config::load(&file)
            .map_err(Failure::Diagnostics)?
            .comparison
    } else {
        config::Comparison::default()
    };
    if let Some(o) = order {
        layout.order = o;
    }
    Ok(layout)
}

/// A whole HTML document: the 新旧対照表 of `old` → `new`, styles inline,
/// printable on A4 landscape, openable from anywhere.
pub fn standalone(
    old: &Version,
    new: &Version,
    c: &Comparison,
    layout: &config::Comparison,
    today: NaiveDate,
) -> String {
    let css = render::ASSETS
        .iter()
        .find(|(name, _)| *name == "style.css")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let table = render::compare::table(c, layout, None);
    let number = new
        .number
        .as_ref()
        .map(|n| format!("<div><dt>規程番号</dt><dd>{}</dd></div>", escape(n)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>新旧対照表 | {title}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n\
         <main id=\"main\" class=\"content compare standalone\">\n\
         <h1>新旧対照表<span class=\"subtitle\">{title}</span></h1>\n\
         <dl class=\"meta\">{number}<div><dt>{new_caption}</dt><dd>{new_name}</dd></div>\
         <div><dt>{old_caption}</dt><dd>{old_name}</dd></div>\
         <div><dt>変更箇所</dt><dd>{rows}件</dd></div>\
         <div><dt>作成日</dt><dd>{today}</dd></div></dl>\n\
         {table}</main>\n</body>\n</html>\n",
        title = escape(&new.title),
        new_caption = escape(&layout.new_caption),
        old_caption = escape(&layout.old_caption),
        new_name = escape(&new.name),
        old_name = escape(&old.name),
        rows = c.rows().count(),
        today = wareki(today),
    )
}
