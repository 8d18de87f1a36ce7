//! `handbook.yaml` → `Config`.

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub organization: String,
    pub edition: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub review: Review,
    #[serde(default)]
    pub comparison: Comparison,
    /// Raw HTML in Markdown is published as written (for sources edited
    /// only by trusted staff). Off: only a few harmless tags, and `check`
    /// refuses the rest (E032).
    #[serde(default)]
    pub trusted_html: bool,
    /// The departments (部署) a 周知確認書 is printed for, one sheet each;
    /// none: one sheet with a blank 部署名.
    #[serde(default)]
    pub departments: Vec<String>,
}

/// How a 新旧対照表 is laid out: authorities differ on the column order
/// and the captions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    #[serde(default)]
    pub order: ColumnOrder,
    #[serde(default = "default_new_caption")]
    pub new_caption: String,
    #[serde(default = "default_old_caption")]
    pub old_caption: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum ColumnOrder {
    /// 改正後 | 改正前 (the usual order in Japanese regulations).
    #[default]
    #[serde(rename = "new-old")]
    NewOld,
    /// 改正前 | 改正後.
    #[serde(rename = "old-new")]
    OldNew,
}

impl Default for Comparison {
    fn default() -> Self {
        Comparison {
            order: ColumnOrder::NewOld,
            new_caption: default_new_caption(),
            old_caption: default_old_caption(),
        }
    }
}

fn default_new_caption() -> String {
    "改正後".to_string()
}
fn default_old_caption() -> String {
    "改正前".to_string()
}

/// Review intervals in days; read by the freshness rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(default = "default_backup")]
    pub backup_drill_days: u32,
    #[serde(default = "default_training")]
    pub training_days: u32,
    #[serde(default = "default_contact")]
    pub contact_check_days: u32,
    /// Days a revision may be in force before staff must have been told
    /// of it (a 周知 recorded in training.yaml).
    #[serde(default = "default_notice")]
    pub notice_days: u32,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            backup_drill_days: default_backup(),
            training_days: default_training(),
            contact_check_days: default_contact(),
            notice_days: default_notice(),
        }
    }
}

fn default_language() -> String {
    "ja".to_string()
}
fn default_backup() -> u32 {
    180
}
fn default_training() -> u32 {
    365
}
fn default_contact() -> u32 {
    90
}
fn default_notice() -> u32 {
    60
}

pub const FILE_NAME: &str = "handbook.yaml";

impl Config {
    /// Stands in for a `handbook.yaml` that could not be read, so the
    /// content can still be checked and every problem reported in one run.
    pub fn placeholder() -> Self {
        Config {
            title: String::new(),
            organization: String::new(),
            edition: String::new(),
            language: default_language(),
            base_url: None,
            review: Review::default(),
            comparison: Comparison::default(),
            trusted_html: false,
            departments: Vec::new(),
        }
    }
}

pub const EXAMPLE: &str =
    "title: 情報セキュリティ・事業継続ハンドブック\norganization: ○○病院\nedition: 第1版\n";

/// Parses `handbook.yaml`, checking what serde cannot; every problem
/// found, not only the first.
pub fn load(file: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
    match load_mended(file) {
        (Some(config), problems) if problems.is_empty() => Ok(config),
        (_, problems) => Err(problems),
    }
}

/// [`load`], and the settings as far as they could be read in spite of
/// the problems ([`yaml::parse_mended`]; a value found wrong is left at
/// its default), so the rest of the handbook is judged by them, not by
/// stand-ins (a mistyped `titel:` made every printed copy look outdated).
pub fn load_mended(file: &SourceFile) -> (Option<Config>, Vec<Diagnostic>) {
    if file.text.trim().is_empty() {
        return (
            None,
            vec![
                file.error_at("E004", 1, 1, "handbook.yaml が空です")
                    .en("handbook.yaml is empty")
                    .help(format!("少なくとも次のように書いてください:\n{EXAMPLE}"))
                    .help_en(format!("it needs at least:\n{EXAMPLE}")),
            ],
        );
    }
    let (config, mut problems) =
        yaml::parse_mended::<Config>(file, &file.text, 1, ("handbook.yaml ", "handbook.yaml"));
    let Some(mut config) = config else {
        return (None, problems);
    };
    // Shown on every page and printed copy: written but empty is missing.
    for (key, value, example) in [
        (
            "title",
            &config.title,
            "情報セキュリティ・事業継続ハンドブック",
        ),
        ("organization", &config.organization, "○○病院"),
        ("edition", &config.edition, "第1版"),
    ] {
        if value.trim().is_empty() {
            let line = line_of(file, key);
            problems.push(
                file.error_at("E011", line, 1, format!("handbook.yaml の `{key}` が空です"))
                    .en(format!("`{key}` in handbook.yaml is empty"))
                    .help(format!("値を書いてください（例: `{key}: {example}`）。すべてのページと印刷物に表示されます"))
                    .help_en(format!("write a value (e.g. `{key}: {example}`); every page and printed copy shows it")),
            );
        }
    }
    if let Some(url) = &config.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let line = line_of(file, "base_url");
        let text = file.line_text(line);
        let column = text
            .find(url.as_str())
            .map_or(1, |i| text[..i].chars().count() + 1);
        problems.push(file
            .error_at(
                "E012",
                line,
                column,
                format!("base_url の `{url}` はウェブのアドレスではありません"),
            )
            .en(format!("base_url `{url}` is not a web address"))
            .help("院内ウェブの完全なアドレスを書いてください（例: https://intranet.example.jp/handbook/）")
            .help_en("write the full intranet address, e.g. https://intranet.example.jp/handbook/"));
        config.base_url = None;
    }
    for (key, days) in [
        ("backup_drill_days", config.review.backup_drill_days),
        ("training_days", config.review.training_days),
        ("contact_check_days", config.review.contact_check_days),
    ] {
        if let Some(problem) = crate::content::date::interval_problem(days) {
            let line = line_of(file, key);
            let text = file.line_text(line);
            let column = text.find(key).map_or(1, |i| text[..i].chars().count() + 1);
            problems.push(
                file.error_at(
                    "E014",
                    line,
                    column,
                    format!("review.{key}: {}", problem.ja),
                )
                .en(format!(
                    "review.{key} = {days} days is out of range (1 to 36500)"
                ))
                .help("点検の間隔を1日から36500日の間で書いてください（例: 180）")
                .help_en("write the interval in days, between 1 and 36500 (e.g. 180)"),
            );
        }
    }
    // An interval found wrong, or read as a stand-in (1) in place of one
    // of the wrong form, is judged by its default, not by 1 day.
    let defaults = Review::default();
    let review = &mut config.review;
    for (key, days, default) in [
        (
            "backup_drill_days",
            &mut review.backup_drill_days,
            defaults.backup_drill_days,
        ),
        (
            "training_days",
            &mut review.training_days,
            defaults.training_days,
        ),
        (
            "contact_check_days",
            &mut review.contact_check_days,
            defaults.contact_check_days,
        ),
        ("notice_days", &mut review.notice_days, defaults.notice_days),
    ] {
        let line = line_of(file, key);
        let replaced = problems.iter().any(|d| d.stand_in && d.line == line);
        if replaced || crate::content::date::interval_problem(*days).is_some() {
            *days = default;
        }
    }
    (Some(config), problems)
}

fn line_of(file: &SourceFile, key: &str) -> usize {
    file.text
        .lines()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map_or(1, |i| i + 1)
}
