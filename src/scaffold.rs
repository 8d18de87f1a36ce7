//! `init` and `new`: files a person starts from.

use std::path::{Path, PathBuf};

const HANDBOOK_YAML: &str = "# ハンドブックの設定\ntitle: 情報セキュリティ・事業継続ハンドブック\norganization: ○○病院\nedition: 第1版\nlanguage: ja\n# base_url: https://intranet.example.jp/handbook/\nreview:\n  backup_drill_days: 180\n  training_days: 365\n  contact_check_days: 90\n";

const INDEX_MD: &str = "---\ntitle: ホーム\n---\nこのハンドブックは、情報セキュリティ事故や災害のときに職員が見る手順と規程をまとめたものです。\n";

const EXAMPLE_REGULATION: &str = "---\ntitle: 情報セキュリティ基本規程\nnumber: 規程第1号\nowner: 情報システム部門\neffective: 2025-04-01\nhistory:\n  - date: 2025-04-01\n    note: 制定\n---\n第１章　総則\n\n（目的）\n第１条　この規程は、当院の情報資産を守るために必要な事項を定める。\n\n（適用範囲）\n第２条　この規程は、当院の全職員に適用する。\n２　前項の職員には、委託先の従業者を含む。\n\n附　則\nこの規程は、令和７年４月１日から施行する。\n";

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "{} already exists; nothing was changed",
            path.display()
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A new handbook that builds as it is.
pub fn init(dir: &Path) -> Result<(), String> {
    if dir.join(crate::config::FILE_NAME).exists() {
        return Err(format!(
            "{} already has a handbook.yaml; nothing was changed",
            dir.display()
        ));
    }
    write_new(&dir.join(crate::config::FILE_NAME), HANDBOOK_YAML)?;
    write_new(&dir.join("content/index.md"), INDEX_MD)?;
    write_new(
        &dir.join("content/regulations/basic-policy.md"),
        EXAMPLE_REGULATION,
    )?;
    write_new(&dir.join(".gitignore"), "/public\n")?;
    Ok(())
}

/// `content/regulations/ID.md` with front matter and an empty body.
pub fn new_regulation(root: &Path, id: &str, title: Option<&str>) -> Result<PathBuf, String> {
    let valid = !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(format!(
            "`{id}` cannot be an id: use only a-z, 0-9 and - (for example `backup-policy`)"
        ));
    }
    if !root.join(crate::config::FILE_NAME).is_file() {
        return Err(format!(
            "no handbook.yaml in {}; run this in the handbook folder or pass --root",
            root.display()
        ));
    }
    let title = title.unwrap_or("（規程名）");
    if title.chars().any(char::is_control) {
        return Err(
            "題名（--title）は改行や制御文字を含まない1行で書いてください (the title must be one line, without control characters)"
                .to_string(),
        );
    }
    let today = crate::build_info::build_date()?;
    // A JSON string is a YAML double-quoted string: a title with `:`, `#`
    // or quotes stays one value.
    let title = serde_json::to_string(title).map_err(|e| e.to_string())?;
    let text = format!(
        "---\ntitle: {title}\n# number: 規程第○号\n# owner: （所管部署）\neffective: {today}\nhistory:\n  - date: {today}\n    note: 制定\n---\n"
    );
    let path = root.join("content/regulations").join(format!("{id}.md"));
    write_new(&path, &text)?;
    Ok(path)
}
