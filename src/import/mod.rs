//! `handbook import`: regulations the hospital already has, from Word
//! (`.docx`, read directly) or its text exports (`.txt`, `.md`), turned
//! into `content/regulations/ID.md` with front matter, and a report of
//! what was found, what was left out and what needs a person's eye.
//!
//! The flow: `read` (`docx` or `text`) → paragraphs ([`Piece`]) → `shape`
//! (title, number, 改定履歴, 施行日, 附則, what is not regulation text,
//! Word's numbering fixed up in `markers`) → `compose`d source text →
//! checked the way `build` checks it → written.

mod compose;
mod docx;
mod front;
mod markers;
mod numbering;
mod read;
mod report;
mod shape;
mod tail;
mod text;
mod xml;
mod zip;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::content::structure::{LineKind, Style, classify};
use crate::diag::{Diagnostic, tr};

pub use front::{Front, HistoryRow};
pub use report::Counts;

/// Marks that start a line of their own in a regulation (the parser keeps
/// them apart too).
pub const BULLETS: [char; 8] = ['●', '○', '・', '※', '■', '◆', '◎', '□'];

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The handbook folder (with handbook.yaml).
    pub root: PathBuf,
    /// The id (file name) to use; only with one file.
    pub id: Option<String>,
    /// The title to use instead of the document's; only with one file.
    pub title: Option<String>,
    /// Overwrite an existing `content/regulations/ID.md`.
    pub force: bool,
    /// Report only; write nothing.
    pub dry_run: bool,
}

/// Where something is in the original: a line of a text export, or a
/// paragraph of a Word document (counted from 1 in reading order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Line(usize),
    Paragraph(usize),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Line(n) => write!(f, "{n}行目"),
            Origin::Paragraph(n) => write!(f, "段落{n}"),
        }
    }
}

/// One paragraph of the original, as text (a table keeps its cells).
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub at: Origin,
    /// Source lines joined into it (text exports).
    pub lines: Vec<usize>,
    /// The line before it was long enough to be continued by it: if its
    /// number turns out not to be one, it is the rest of that line.
    pub joinable: bool,
    pub table: Option<Vec<Vec<String>>>,
    /// Read as structure (an article, 項, 号, heading) by the shaping pass.
    pub structural: bool,
    /// Lines to write as they are (an e-Gov table: its indentation is its
    /// structure).
    pub verbatim: bool,
}

impl Piece {
    pub fn new(text: String, at: Origin) -> Piece {
        Piece {
            text,
            at,
            lines: Vec::new(),
            joinable: false,
            table: None,
            structural: false,
            verbatim: false,
        }
    }
}

/// What kind of remark a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// A person should look at this (a guess, a blank date, a line that
    /// could not be placed).
    Check,
    /// Changed on the way in (a number relabelled, a 附則 heading added).
    Changed,
    /// Word debris removed (bookmarks, comments, hidden text …).
    Dropped,
    /// Not regulation text: left out, and where it belongs instead.
    LeftOut,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    pub at: Option<Origin>,
    /// The last line of a range (a form of many lines).
    pub to: Option<Origin>,
    pub text: String,
}

impl Note {
    pub fn new(kind: NoteKind, at: Option<Origin>, text: impl Into<String>) -> Note {
        Note {
            kind,
            at,
            to: None,
            text: text.into(),
        }
    }
}

/// The result of importing one file.
#[derive(Debug)]
pub struct Report {
    pub source: PathBuf,
    pub id: String,
    /// `content/regulations/ID.md`, relative to the root.
    pub target: String,
    pub written: bool,
    /// Word document or text export, and the encoding converted from.
    pub input: String,
    pub front: Front,
    /// Where the 施行日 was read, or why it could not be.
    pub effective_from: String,
    pub counts: Counts,
    pub notes: Vec<Note>,
    /// What `handbook check` says about the imported regulation.
    pub diagnostics: Vec<Diagnostic>,
    /// The whole imported source (front matter and body).
    pub source_text: String,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The report as printed, in Japanese.
    pub fn render(&self) -> String {
        report::render(self)
    }
}

/// A file that could not be imported: nothing was written for it.
#[derive(Debug)]
pub struct FileError {
    pub file: PathBuf,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)?;
        if let Some(h) = &self.help {
            // The messages of the import are Japanese, as is this mark.
            write!(f, "\n  = 直し方: {h}")?;
        }
        write!(f, "\n  （このファイルについては何も書き込んでいません）")
    }
}

fn file_error(file: &Path, message: impl Into<String>, help: Option<&str>) -> FileError {
    FileError {
        file: file.to_path_buf(),
        message: message.into(),
        help: help.map(str::to_string),
    }
}

/// Whether `id` can name a regulation (a-z 0-9 -, not starting with -).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An id from a file name: ASCII letters lower-cased, digits kept, anything
/// else a single `-`. Empty when the name has no ASCII letters or digits
/// (a Japanese file name).
pub fn id_from_name(stem: &str) -> String {
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_string()
}

/// Imports each file into `opts.root`. Usage problems (no handbook, `--id`
/// with several files) are an `Err`; a file that cannot be read is a
/// [`FileError`] in its place, and the others are still imported.
pub fn import(files: &[PathBuf], opts: &Options) -> Result<Vec<Result<Report, FileError>>, String> {
    if files.is_empty() {
        return Err(tr(
            "取り込むファイルを指定してください（例: handbook import 規程.docx）",
            "name the files to import (e.g. handbook import 規程.docx)",
        ));
    }
    if files.len() > 1 && (opts.id.is_some() || opts.title.is_some()) {
        return Err(tr(
            "--id と --title は、ファイルを1つだけ取り込むときに使えます（ファイルごとに実行してください）",
            "--id and --title are for importing one file (run the command once per file)",
        ));
    }
    if let Some(id) = &opts.id
        && !valid_id(id)
    {
        return Err(tr(
            format!(
                "--id「{id}」は使えません。英小文字・数字・- で指定してください（例: --id backup-policy）"
            ),
            format!("--id `{id}` cannot be used: use a-z, 0-9 and - (e.g. --id backup-policy)"),
        ));
    }
    if !opts.root.join(crate::config::FILE_NAME).is_file() {
        let shown = opts.root.display();
        return Err(tr(
            format!(
                "{shown} に handbook.yaml がありません。ハンドブックのフォルダで実行するか、--root で指定してください（新しく作るときは handbook init フォルダ名）"
            ),
            format!(
                "no handbook.yaml in {shown}; run this in the handbook folder or pass --root (make a new one with handbook init DIR)"
            ),
        ));
    }
    let mut taken = HashSet::new();
    Ok(files
        .iter()
        .map(|f| import_one(f, opts, &mut taken))
        .collect())
}

/// `第１条（目的）　この規程は…`, as many hospital regulations write it: the
/// caption line and the article line the regulation parser reads
/// (`（目的）` then `第１条　この規程は…`).
pub fn split_inline_caption(text: &str) -> Option<(String, String)> {
    let (_, len) = crate::content::structure::parse_article_label(text)?;
    let (label, rest) = text.split_at(len);
    // Word's automatic 第１条 is followed by its tab (written as a space).
    let rest = rest.trim_start_matches([' ', '\u{3000}', '\t']);
    let close = match rest.chars().next()? {
        '（' => '）',
        '(' => ')',
        _ => return None,
    };
    let end = rest.find(close)?;
    let caption = &rest[..end + close.len_utf8()];
    let inner = &caption[close.len_utf8()..caption.len() - close.len_utf8()];
    let numeral = inner
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if inner.is_empty() || numeral || inner.contains('。') || inner.chars().count() > 40 {
        return None;
    }
    let body = rest[end + close.len_utf8()..].trim_start_matches([' ', '\u{3000}', '\t']);
    Some((
        caption.to_string(),
        format!("{label}\u{3000}{body}").trim_end().to_string(),
    ))
}

/// The layout the regulation parser will choose: articles when any line
/// is a 第N条, numbered sections otherwise.
pub fn style_of<'a>(lines: impl Iterator<Item = &'a str>) -> Style {
    let mut lines = lines;
    if lines.any(|l| {
        matches!(classify(l, Style::Articles), LineKind::Article { .. })
            || split_inline_caption(l.trim_start_matches([' ', '\u{3000}'])).is_some()
    }) {
        Style::Articles
    } else {
        Style::Sections
    }
}

fn import_one(
    path: &Path,
    opts: &Options,
    taken: &mut HashSet<String>,
) -> Result<Report, FileError> {
    let read = read::read_file(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut notes = read.notes;
    let fallback_title = read.title.clone().filter(|t| !t.trim().is_empty());
    let shaped = shape::shape(
        read.pieces,
        &shape::Titles {
            given: opts.title.clone(),
            property: fallback_title,
            file: stem.clone(),
        },
        &mut notes,
    );
    let dir = opts.root.join("content/regulations");
    let id = match &opts.id {
        Some(id) => id.clone(),
        None => {
            let from_name = id_from_name(&stem);
            if valid_id(&from_name) {
                from_name
            } else {
                let id = (1..)
                    .map(|n| format!("regulation-{n}"))
                    .find(|id| !taken.contains(id) && !dir.join(format!("{id}.md")).exists())
                    .unwrap_or_else(|| "regulation".into());
                notes.push(Note::new(
                    NoteKind::Changed,
                    None,
                    format!(
                        "ファイル名「{stem}」からは ID（ページの名前。英小文字・数字・-）を作れないため、「{id}」にしました。別の名前にするときは --id で指定してください"
                    ),
                ));
                id
            }
        }
    };
    let target = format!("content/regulations/{id}.md");
    let target_path = dir.join(format!("{id}.md"));
    if taken.contains(&id) {
        return Err(file_error(
            path,
            format!("ID「{id}」は、この取り込みで先に別のファイルに使いました"),
            Some("ファイル名を変えるか、1つずつ --id を付けて取り込んでください"),
        ));
    }
    if target_path.exists() && !opts.force && opts.dry_run {
        notes.push(Note::new(
            NoteKind::Check,
            None,
            format!(
                "{target} はすでにあります。取り込むときは --force（上書き）か --id（別の名前）が必要です"
            ),
        ));
    } else if target_path.exists() && !opts.force {
        return Err(file_error(
            path,
            format!("{target} はすでにあります"),
            Some(
                "上書きするときは --force を付けてください。別の名前で取り込むときは --id で指定してください",
            ),
        ));
    }
    taken.insert(id.clone());
    let (body, line_map) = compose::compose(&shaped.body, shaped.style);
    let front_text = shaped.front.yaml();
    let source_text = format!("{front_text}{body}");
    let body_first_line = front_text.lines().count() + 1;
    let (counts, placement) = report::count(
        &source_text,
        &id,
        &target,
        body_first_line,
        &line_map,
        &shaped.body,
    );
    notes.extend(placement);
    let diagnostics = check_in_isolation(&id, &source_text);
    let mut written = false;
    if !opts.dry_run {
        let write =
            std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&target_path, &source_text));
        write.map_err(|e| {
            file_error(
                path,
                format!("{} に書き込めません（{e}）", target_path.display()),
                None,
            )
        })?;
        written = true;
    }
    Ok(Report {
        source: path.to_path_buf(),
        id,
        target,
        written,
        input: read.input,
        front: shaped.front,
        effective_from: shaped.effective_from,
        counts,
        notes,
        diagnostics,
        source_text,
    })
}

/// What `handbook check` would say about the regulation alone: it is put
/// in a scratch handbook of its own (in the system's temporary folder,
/// removed afterwards), so a dry run writes nothing into the handbook.
fn check_in_isolation(id: &str, source_text: &str) -> Vec<Diagnostic> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "handbook-import-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let rel = format!("content/regulations/{id}.md");
    let prepared = std::fs::create_dir_all(dir.join("content/regulations"))
        .and_then(|_| {
            std::fs::write(
                dir.join(crate::config::FILE_NAME),
                "title: 取り込みの確認\norganization: 確認\nedition: 確認\n",
            )
        })
        .and_then(|_| std::fs::write(dir.join(&rel), source_text));
    let diagnostics = match prepared {
        Ok(()) => {
            let as_of = crate::build_info::build_date().unwrap_or_else(|_| {
                chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
            });
            let info = crate::build_info::BuildInfo {
                date: as_of,
                as_of,
                commit: None,
            };
            crate::pipeline::load_and_check(&dir, &info)
                .diagnostics
                .into_iter()
                .filter(|d| d.file == rel)
                .collect()
        }
        Err(e) => vec![
            Diagnostic::warning(
                "W000",
                &rel,
                format!("取り込んだ規程を確認できませんでした（一時フォルダ: {e}）"),
            )
            .en(format!(
                "the imported regulation could not be checked (temporary folder: {e})"
            )),
        ],
    };
    let _ = std::fs::remove_dir_all(&dir);
    diagnostics
}

/// `<` that would start raw HTML becomes `&lt;`, except the harmless tags
/// the handbook allows (ruby for readings, br, sup, sub …): text from Word
/// never turns into markup on a page, and never into an E032.
pub fn escape_tags(s: &str) -> String {
    const HARMLESS: [&str; 12] = [
        "ruby", "rt", "rp", "br", "wbr", "sup", "sub", "kbd", "mark", "small", "u", "s",
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let tag_like =
            after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        let harmless = HARMLESS.contains(&name.to_ascii_lowercase().as_str())
            && after[after.len() - after.trim_start_matches('/').len() + name.len()..]
                .starts_with(['>', '/']);
        if tag_like && !harmless {
            out.push_str("&lt;");
        } else {
            out.push('<');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_file_names() {
        assert_eq!(id_from_name("001_ed0ee407ca4c9e40"), "001-ed0ee407ca4c9e40");
        assert_eq!(id_from_name("Backup Policy v2"), "backup-policy-v2");
        assert_eq!(id_from_name("医療情報システム安全管理規程"), "");
        assert_eq!(id_from_name("規程_security"), "security");
        assert!(valid_id("security-incident"));
        assert!(!valid_id("-x"));
        assert!(!valid_id("A"));
    }

    #[test]
    fn inline_captions_are_split() {
        assert_eq!(
            split_inline_caption("第１条（目的）この規程は、定める。"),
            Some(("（目的）".into(), "第１条　この規程は、定める。".into()))
        );
        assert_eq!(
            split_inline_caption("第十二条の二(委託)　委託する。"),
            Some(("(委託)".into(), "第十二条の二　委託する。".into()))
        );
        assert_eq!(split_inline_caption("第１条　本文（注）"), None);
        assert_eq!(
            split_inline_caption("第三条　（責任者）　責任者を置く。").map(|s| s.0),
            Some("（責任者）".into())
        );
        assert_eq!(split_inline_caption("第１条　(1) 甲"), None);
        assert_eq!(split_inline_caption("第１条（以下「甲」という。）"), None);
    }

    #[test]
    fn tags_are_escaped_but_ruby_kept() {
        assert_eq!(
            escape_tags("<ruby>漢字<rt>かんじ</rt></ruby>と<script>x</script>、a<b、<注>"),
            "<ruby>漢字<rt>かんじ</rt></ruby>と&lt;script>x&lt;/script>、a&lt;b、<注>"
        );
        assert_eq!(escape_tags("<strong>"), "&lt;strong>");
        assert_eq!(escape_tags("<s>取消</s>"), "<s>取消</s>");
    }
}
