//! `init` and `new`: files a person starts from. `handbook init` writes
//! the starter kit of `starter/` (with the example's forms), `handbook init
//! --example` the ○○病院 example of this repository; both are compiled in
//! from the lists below, so the binary carries them and a file added to
//! either folder but not to its list fails a test.

use std::path::{Path, PathBuf};

/// A file a new handbook starts with: its path in the handbook, its text.
pub type File = (&'static str, &'static str);

/// The files `$path…` of the folder `$dir` (relative to the repository),
/// each compiled in and written to the same path in the new handbook.
macro_rules! files {
    ($dir:literal: $($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $dir, $path)))),*]
    };
}

/// `starter/`: every source kind, the hospital's own values as 未記入.
pub const STARTER: &[File] = files!("starter/":
    ".gitignore",
    "handbook.yaml",
    "content/index.md",
    "content/pages/about.md",
    "content/regulations/security-incident.md",
    "content/contacts.yaml",
    "content/severity.yaml",
    "content/incident.yaml",
    "content/procedures/emr.yaml",
    "content/procedures/pacs.yaml",
    "content/procedures/department.yaml",
    "content/training.yaml",
    "content/bcp.yaml",
    "content/checklist.yaml",
    "content/distribution.yaml",
);

/// The forms of the starter kit are the example's, as they are: they hold
/// no hospital's values, and one copy cannot drift from the other.
pub const STARTER_FORMS: &[File] = files!("":
    "content/forms/incident-report.yaml",
    "content/forms/restore-drill.yaml",
    "content/forms/training-attendance.yaml",
);

/// The ○○病院 example: this repository's `handbook.yaml` and `content/`.
/// The built-in templates and theme (the repository's `templates/` and
/// `theme/`) need no copy: a handbook without its own uses them.
pub const EXAMPLE: &[File] = files!("":
    "handbook.yaml",
    "content/index.md",
    "content/pages/about.md",
    "content/regulations/security-incident.md",
    "content/regulations/security-incident/2016-04-01.md",
    "content/regulations/medical-info-safety.md",
    "content/regulations/medical-info-safety/2025-04-01.md",
    "content/contacts.yaml",
    "content/severity.yaml",
    "content/incident.yaml",
    "content/procedures/emr.yaml",
    "content/procedures/pacs.yaml",
    "content/training.yaml",
    "content/bcp.yaml",
    "content/checklist.yaml",
    "content/distribution.yaml",
    "content/forms/incident-report.yaml",
    "content/forms/restore-drill.yaml",
    "content/forms/training-attendance.yaml",
);

/// What `init` writes: the starter kit, or the example with the starter's
/// `.gitignore` (the built site is not a source).
pub fn kit(example: bool) -> Vec<File> {
    if example {
        let ignore = STARTER.iter().filter(|(p, _)| *p == ".gitignore");
        ignore.chain(EXAMPLE).copied().collect()
    } else {
        STARTER.iter().chain(STARTER_FORMS).copied().collect()
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if path.exists() {
        let shown = path.display();
        return Err(crate::diag::tr(
            format!("{shown} はすでにあります。何も変えていません"),
            format!("{shown} already exists; nothing was changed"),
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::diag::io_error(dir, &e))?;
    }
    std::fs::write(path, text).map_err(|e| crate::diag::io_error(path, &e))
}

/// Whether `dir` may receive a new handbook: it does not exist yet, or it
/// is an empty folder (a `.git` alone is allowed: `git init` first is a
/// natural order). Anything else is refused before a file is written, so
/// a mistyped folder name never mixes the kit into someone's files.
fn check_target(dir: &Path) -> Result<(), String> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        let shown = dir.display();
        return Err(crate::diag::tr(
            format!("{shown} はフォルダではありません。何も書き込んでいません"),
            format!("{shown} is not a folder; nothing was written"),
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| crate::diag::io_error(dir, &e))?;
    let mut others: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    others.sort();
    others.truncate(3);
    let shown = dir.display();
    Err(crate::diag::tr(
        format!(
            "{shown} は空のフォルダではありません（{} など）。何も書き込んでいません。\
             新しいフォルダの名前を指定してください（例: handbook init handbook）",
            others.join("、")
        ),
        format!(
            "{shown} is not empty ({} …); nothing was written. Give the name of a new folder \
             (e.g. handbook init handbook).",
            others.join(", ")
        ),
    ))
}

/// A new handbook in `dir` that builds as it is: the starter kit, or with
/// `example` the ○○病院 example. Returns how many files were written.
pub fn init(dir: &Path, example: bool) -> Result<usize, String> {
    check_target(dir)?;
    let files = kit(example);
    for (path, text) in &files {
        write_new(&dir.join(path), text)?;
    }
    Ok(files.len())
}

/// `content/regulations/ID.md` with front matter and an empty body.
pub fn new_regulation(root: &Path, id: &str, title: Option<&str>) -> Result<PathBuf, String> {
    let valid = !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(crate::diag::tr(
            format!(
                "`{id}` は id に使えません。半角英小文字・数字・- だけで書いてください（例: `backup-policy`）"
            ),
            format!(
                "`{id}` cannot be an id: use only a-z, 0-9 and - (for example `backup-policy`)"
            ),
        ));
    }
    if !root.join(crate::config::FILE_NAME).is_file() {
        let shown = root.display();
        return Err(crate::diag::tr(
            format!(
                "{shown} に handbook.yaml がありません。ハンドブックのフォルダで実行するか、--root で指定してください"
            ),
            format!("no handbook.yaml in {shown}; run this in the handbook folder or pass --root"),
        ));
    }
    let title = title.unwrap_or("（規程名）");
    if title.chars().any(char::is_control) {
        return Err(crate::diag::tr(
            "題名（--title）は改行や制御文字を含まない1行で書いてください",
            "the title (--title) must be one line, without control characters",
        ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every file under `dir` of the repository (hidden ones included),
    /// as paths relative to `dir`.
    fn files_in(dir: &str) -> BTreeSet<String> {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        walkdir::WalkDir::new(&base)
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&base)
                    .expect("under base")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    fn listed(list: &[File]) -> BTreeSet<String> {
        list.iter().map(|(p, _)| p.to_string()).collect()
    }

    #[test]
    fn the_starter_list_is_the_starter_folder() {
        assert_eq!(
            listed(STARTER),
            files_in("starter"),
            "add every file of starter/ to STARTER in src/scaffold.rs (and only those)"
        );
    }

    #[test]
    fn the_example_list_is_the_example() {
        let mut example: BTreeSet<String> = files_in("content")
            .into_iter()
            .map(|p| format!("content/{p}"))
            .collect();
        example.insert("handbook.yaml".into());
        assert_eq!(
            listed(EXAMPLE),
            example,
            "add every file of content/ to EXAMPLE in src/scaffold.rs (and only those)"
        );
        for (path, _) in STARTER_FORMS {
            assert!(example.contains(*path), "{path} is not in content/");
        }
    }

    #[test]
    fn the_kits_have_no_path_twice_and_stay_inside() {
        for example in [false, true] {
            let kit = kit(example);
            assert_eq!(listed(&kit).len(), kit.len(), "a path twice");
            for (p, _) in &kit {
                assert!(!p.starts_with('/') && !p.contains(".."), "{p}");
            }
        }
    }
}
