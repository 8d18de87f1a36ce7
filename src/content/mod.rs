//! The domain model, one file per source kind; no HTML here.
//!
//! Glossary (English identifier → Japanese term):
//! - `Regulation` 規程, `Chapter` 章, `Section` 節 (and 款/目), `Article` 条,
//!   `Paragraph` 項, `Item` 号, `SupplementaryProvision` 附則,
//!   `caption` 見出し, `effective` 施行日, `history` 改定履歴.
//! - `ContactChart` 連絡体制図, `Contact` 連絡先, `Flow` 連絡の流れ,
//!   `verified` 確認日, `after_hours` 夜間・休日, deputies 代行者.
//! - `Severity` 深刻度, `Level` 深刻度の段階, `mandatory` 報告先,
//!   `optional` 任意報告先, `Deadline` 報告期限 (速報・確報).
//! - `Procedure` バックアップ・復旧手順, `rto` 目標復旧時間, `rpo` 目標復旧時点,
//!   `downtime` 紙運用, `Drill` 復旧訓練.
//! - `Training` 教育・訓練, `Session` 実施記録, `FollowUp` フォローアップ.
//! - `Incident` 緊急時対応 (the front door page).
//! - `Bcp` 事業継続計画, `Phase` 段階 (平時の備え・検知・初動対応・復旧・事後対応),
//!   `Action` 対応, `Member` 体制, `System` 対象システム (目標復旧時間・代替手段).
//! - `Distribution` 配布管理台帳, `Copy` 印刷した冊子の控え (管理番号・保管場所).
//! - `Form` 様式, `Section` 欄, `Field` 記入項目, `Signature` 担当・承認印.
//! - `Checklist` サイバーセキュリティ対策チェックリスト (the MHLW checklist),
//!   `Edition` 年度版, `Group` 区分, `Item` チェック項目, `Entry` 回答,
//!   `checked` 確認日, `target` 目標日, `evidence` 根拠.
//! - `VendorInfo` 事業者 (a vendor's MDS/SDS 受領日, 事業者確認用 返送日,
//!   リモートメンテナンス, 契約); a `notice` training kind 周知, its sessions
//!   naming the `regulation` and `revision` (改定履歴の日付) told of.
//! - `blank` 未記入: a value still to be filled in (the starter kit's holes).
//! - `Synonyms` 検索の同義語 (`Group` 同じ意味の言葉), `Shortcut` an entry
//!   that leads a search word to one page first (ランサムウェア → 緊急時対応).

pub mod bcp;
pub mod blank;
pub mod cache;
pub mod checklist;
pub mod contacts;
pub mod crossref;
pub mod date;
pub mod distribution;
pub mod fields;
pub mod form;
pub mod frontmatter;
pub mod incident;
pub mod markdown;
pub mod numerals;
pub mod page;
pub mod phone;
pub mod procedure;
pub mod regulation;
pub mod severity;
pub mod structure;
pub mod synonyms;
pub mod theme;
pub mod training;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::source::{self, SourceFile};

use bcp::Bcp;
pub use cache::Cache;
use cache::Reader;
use checklist::Checklist;
use contacts::ContactChart;
use distribution::Distribution;
use form::Form;
use incident::Incident;
use page::Page;
use procedure::Procedure;
use regulation::Regulation;
use severity::Severity;
use synonyms::Synonyms;
use training::Training;

/// Everything read from a handbook folder.
#[derive(Debug)]
pub struct Handbook {
    pub root: PathBuf,
    pub config: Config,
    /// `content/index.md`, when present.
    pub front: Option<Page>,
    /// Sorted by `order`, then title, then id.
    pub regulations: Vec<Regulation>,
    pub pages: Vec<Page>,
    pub contacts: Option<ContactChart>,
    pub severity: Option<Severity>,
    /// Sorted by `order`, then system name, then id.
    pub procedures: Vec<Procedure>,
    pub training: Option<Training>,
    pub incident: Option<Incident>,
    /// `content/bcp.yaml`, when present.
    pub bcp: Option<Bcp>,
    /// `content/distribution.yaml`, when present.
    pub distribution: Option<Distribution>,
    /// Sorted by `order`, then title, then id.
    pub forms: Vec<Form>,
    /// `content/checklist.yaml`, with the edition it answers.
    pub checklist: Option<Checklist>,
    /// `content/synonyms.yaml`, when present (the built-in list is
    /// `synonyms::builtin`).
    pub synonyms: Option<Synonyms>,
    /// Sources kept for the checks that point into them.
    pub sources: Vec<Arc<SourceFile>>,
    /// The handbook's own templates and theme files.
    pub theme: theme::Theme,
    /// Where each regulation is in `regulations`, by id (made where the
    /// list is made or sorted). A lookup checks what it finds there, so a
    /// list changed since is still searched right, only slower.
    regulation_at: HashMap<String, usize>,
    /// Where each source is in `sources`, by its path from the root (a
    /// lookup checks what it finds, as for `regulation_at`): the checks
    /// look up a source for every diagnostic they point into it with.
    source_at: HashMap<String, usize>,
}

impl Handbook {
    /// A handbook with nothing read into it yet (for tools that fill one
    /// in themselves, the fuzz targets among them).
    pub fn empty(root: PathBuf, config: Config) -> Handbook {
        Handbook {
            root,
            config,
            front: None,
            regulations: Vec::new(),
            pages: Vec::new(),
            contacts: None,
            severity: None,
            procedures: Vec::new(),
            training: None,
            incident: None,
            bcp: None,
            distribution: None,
            forms: Vec::new(),
            checklist: None,
            synonyms: None,
            sources: Vec::new(),
            theme: theme::Theme::default(),
            regulation_at: HashMap::new(),
            source_at: HashMap::new(),
        }
    }

    /// Puts the version of each regulation in force on `as_of` in front
    /// (see [`Regulation::settle`]), keeping the order of the list.
    pub fn settle(&mut self, as_of: chrono::NaiveDate) {
        let regulations = std::mem::take(&mut self.regulations);
        self.regulations = regulations.into_iter().map(|r| r.settle(as_of)).collect();
        self.regulations
            .sort_by(|a, b| (a.order, &a.title, &a.id).cmp(&(b.order, &b.title, &b.id)));
        self.regulation_at = index_of(&self.regulations, |r| &r.id);
    }

    pub fn regulation(&self, id: &str) -> Option<&Regulation> {
        look_up(&self.regulation_at, &self.regulations, id, |r| &r.id)
    }

    /// The source read from `rel` (its path from the root), while the
    /// sources are kept.
    pub fn source(&self, rel: &str) -> Option<&SourceFile> {
        look_up(&self.source_at, &self.sources, rel, |s| &s.rel).map(|s| &**s)
    }

    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.id == id)
    }

    pub fn procedure(&self, id: &str) -> Option<&Procedure> {
        self.procedures.iter().find(|p| p.id == id)
    }

    pub fn form(&self, id: &str) -> Option<&Form> {
        self.forms.iter().find(|f| f.id == id)
    }

    pub fn contact(&self, id: &str) -> Option<&contacts::Contact> {
        self.contacts.as_ref().and_then(|c| c.get(id))
    }
}

/// Source files (`.md`, or `.yaml` for data folders) directly in `dir`,
/// sorted by name.
fn source_files(dir: &Path, ext: &str, diags: &mut Vec<Diagnostic>, root: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        // A source that is a symbolic link which cannot be followed (broken,
        // or a loop) would silently vanish from the handbook; say so.
        // Editors' lock files (`.#x.md`) are such links, and not sources.
        if let Ok(e) = &entry
            && e.path_is_symlink()
            && e.path().extension().is_some_and(|x| x == ext)
            && !e.file_name().to_string_lossy().starts_with('.')
            && let Err(err) = std::fs::canonicalize(e.path())
        {
            diags.push(
                Diagnostic::error(
                    "E001",
                    &source::relative(root, e.path()),
                    format!("このシンボリックリンクをたどれません（{err}）"),
                )
                .en(format!("cannot follow this symbolic link: {err}"))
                .help("リンクが壊れているか、自分自身を指して輪になっています。消すか、ファイルを指すように直してください")
                .help_en("the link is broken or points to itself in a loop; remove it or point it at a file"),
            );
            continue;
        }
        match entry {
            Ok(e) if e.file_type().is_file() || e.path().is_file() => {
                let name = e.file_name().to_string_lossy();
                if e.path().extension().is_some_and(|x| x == ext) {
                    out.push(e.into_path());
                } else if !name.starts_with('.') && !name.ends_with('~') {
                    // A `.MD`, `.markdown` or `.txt` file would silently vanish
                    // from the handbook; say so.
                    diags.push(
                        Diagnostic::warning(
                            "W002",
                            &source::relative(root, e.path()),
                            format!("このファイルは読みません（ここで読むのは `.{ext}` のファイルだけです）"),
                        )
                        .en(format!("this file is not read: only `.{ext}` files are sources here"))
                        .help(format!(
                            "名前の終わりを `.{ext}` にするか、content/ の外に移してください"
                        ))
                        .help_en(format!(
                            "rename it to end in `.{ext}`, or move it out of content/"
                        )),
                    );
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(
                Diagnostic::error(
                    "E001",
                    &e.path().map_or_else(
                        || source::relative(root, dir),
                        |p| source::relative(root, p),
                    ),
                    format!("読めません（{e}）"),
                )
                .en(format!("cannot read: {e}"))
                .help("ファイルの権限を確かめるか、壊れたリンクを消してください")
                .help_en("check the file's permissions, or remove a broken link"),
            ),
        }
    }
    out
}

/// The id of a source: its file stem, which must be usable in a file name
/// and a URL everywhere (USB sticks formatted FAT32, Windows shares).
fn id_of(path: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let ok = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !stem.starts_with('-');
    if !ok {
        let suggestion: String = stem
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let renamed = format!(
            "{}.{}",
            if suggestion.trim_matches('-').is_empty() {
                "regulation-1"
            } else {
                suggestion.trim_matches('-')
            },
            path.extension()
                .map_or("md".into(), |e| e.to_string_lossy())
        );
        diags.push(
            Diagnostic::error(
                "E020",
                rel,
                format!("ファイル名 `{stem}` は id として使えません"),
            )
            .en(format!("the file name `{stem}` cannot be used as an id"))
            .help(format!(
                "ファイル名を半角英小文字・数字・- だけにしてください（例: `{renamed}`）。id はページのアドレスの一部になります"
            ))
            .help_en(format!(
                "rename the file using only a-z, 0-9 and -, e.g. `{renamed}`; the id becomes part of the page address"
            )),
        );
        return None;
    }
    Some(stem)
}

/// The sources of one folder, in name order: id, path from the root, and
/// the file when it could be read (a file that could not be read still has
/// an id that links may name).
fn read_folder(
    read: &Reader,
    dir: &Path,
    ext: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String, Option<Arc<SourceFile>>)> {
    let root = read.root;
    let mut found = Vec::new();
    for path in source_files(dir, ext, diags, root) {
        let rel = source::relative(root, &path);
        let Some(id) = id_of(&path, &rel, diags) else {
            continue;
        };
        found.push((id, rel, path));
    }
    // Read (and decode) on all cores; diagnostics in file order.
    let files = crate::parallel::map(&found, |(_, _, path)| read.file(path));
    found
        .into_iter()
        .zip(files)
        .map(|((id, rel, _), file)| (id, rel, file.map_err(|d| diags.push(d)).ok()))
        .collect()
}

/// Reads a whole handbook. Returns what could be read, and every problem.
pub fn load(root: &Path) -> (Option<Handbook>, Vec<Diagnostic>) {
    load_with(root, None)
}

/// [`load`], reusing what `cache` holds of files that did not change and
/// keeping what it parses there.
pub fn load_with(root: &Path, cache: Option<&Cache>) -> (Option<Handbook>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let config_path = root.join(config::FILE_NAME);
    if !config_path.is_file() {
        diags.push(
            Diagnostic::error(
                "E006",
                config::FILE_NAME,
                format!("{} に {} がありません", root.display(), config::FILE_NAME),
            )
            .en(format!("no {} in {}", config::FILE_NAME, root.display()))
            .help("ハンドブックのフォルダで実行するか、--root でフォルダを指定してください。新しく作るときは `handbook init フォルダ名` です")
            .help_en("run the command in the handbook folder, pass --root DIR, or create one with `handbook init DIR`"),
        );
        return (None, diags);
    }
    let read = Reader::new(root, cache);
    let mut sources = Vec::new();
    let (config, problems) = match read.file(&config_path) {
        Ok(file) => {
            let loaded = config::load_mended(&file);
            // handbook.yaml is a source like any other for the checks that
            // scan every file (a password written there is E033, not E010).
            sources.push(file);
            loaded
        }
        Err(d) => (None, vec![d]),
    };
    diags.extend(problems);
    let config = config.unwrap_or_else(Config::placeholder);
    let content = root.join("content");
    // The rest is read on a thread of its own while the regulations are
    // parsed; its sources and diagnostics come after theirs, as they did
    // when it was read after them.
    let (mut regulations, rest) = std::thread::scope(|scope| {
        let rest = scope.spawn(|| read_rest(&read, &content));
        let mut regulations = Vec::new();
        let files = read_folder(&read, &content.join("regulations"), "md", &mut diags);
        // Each regulation is parsed on its own, on all cores.
        let parsed = crate::parallel::map(&files, |(id, rel, file)| match file {
            Some(file) => {
                if let Some(hit) = cache.and_then(|c| c.regulation(file, id)) {
                    return hit;
                }
                let mut found = Vec::new();
                let reg = regulation::load(file, id, &mut found);
                if let Some(c) = cache {
                    c.keep(file, id, &reg, &found);
                }
                (reg, found)
            }
            None => (Regulation::stub(id, rel), Vec::new()),
        });
        if let Some(c) = cache {
            c.only(&files.iter().map(|(_, rel, _)| rel.as_str()).collect());
        }
        for ((_, _, file), (reg, found)) in files.into_iter().zip(parsed) {
            regulations.push(reg);
            diags.extend(found);
            sources.extend(file);
        }
        read_versions(
            &read,
            &content.join("regulations"),
            &mut regulations,
            &mut sources,
            &mut diags,
        );
        let rest = match rest.join() {
            Ok(rest) => rest,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (regulations, rest)
    });
    sources.extend(rest.sources);
    diags.extend(rest.diags);
    regulations.sort_by(|a, b| (a.order, &a.title, &a.id).cmp(&(b.order, &b.title, &b.id)));
    let index = index_of(&regulations, |r| &r.id);
    let source_at = index_of(&sources, |s| &s.rel);
    let handbook = Handbook {
        root: root.to_path_buf(),
        config,
        front: rest.front,
        regulations,
        pages: rest.pages,
        contacts: rest.contacts,
        severity: rest.severity,
        procedures: rest.procedures,
        training: rest.training,
        incident: rest.incident,
        bcp: rest.bcp,
        distribution: rest.distribution,
        forms: rest.forms,
        checklist: rest.checklist,
        synonyms: rest.synonyms,
        sources,
        theme: theme::load(root, &mut diags),
        regulation_at: index,
        source_at,
    };
    read.done();
    (Some(handbook), diags)
}

/// Where each of `items` is, by its `key`: the first of two with one key
/// (two regulations with one id, an error the checks report), as a search
/// from the front finds.
fn index_of<T>(items: &[T], key: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    let mut at = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        at.entry(key(item).clone()).or_insert(i);
    }
    at
}

/// The first of `items` whose `key` is `wanted`, through `at` (made by
/// [`index_of`]); what is found there is checked, so a list changed since
/// is still searched right, only slower.
fn look_up<'a, T>(
    at: &HashMap<String, usize>,
    items: &'a [T],
    wanted: &str,
    key: impl Fn(&T) -> &String,
) -> Option<&'a T> {
    at.get(wanted)
        .and_then(|&i| items.get(i))
        .filter(|item| key(item) == wanted)
        .or_else(|| items.iter().find(|item| key(item) == wanted))
}

/// What [`load_with`] reads besides handbook.yaml and the regulations.
struct Rest {
    pages: Vec<Page>,
    front: Option<Page>,
    forms: Vec<Form>,
    procedures: Vec<Procedure>,
    contacts: Option<ContactChart>,
    severity: Option<Severity>,
    training: Option<Training>,
    incident: Option<Incident>,
    checklist: Option<Checklist>,
    bcp: Option<Bcp>,
    distribution: Option<Distribution>,
    synonyms: Option<Synonyms>,
    sources: Vec<Arc<SourceFile>>,
    diags: Vec<Diagnostic>,
}

/// Reads the pages, forms, procedures and data files of `content`: all
/// but the regulations, which they need nothing of.
fn read_rest(read: &Reader, content: &Path) -> Rest {
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    let mut pages = Vec::new();
    for (id, rel, file) in read_folder(read, &content.join("pages"), "md", &mut diags) {
        match file {
            Some(file) => {
                pages.push(read.model(&file, &id, &mut diags, |f, d| page::load(f, &id, d)));
                sources.push(file);
            }
            None => pages.push(Page::stub(&id, &rel)),
        }
    }
    let mut front = None;
    let index = content.join("index.md");
    if index.is_file() {
        match read.file(&index) {
            Ok(file) => {
                front =
                    Some(read.model(&file, "index", &mut diags, |f, d| page::load(f, "index", d)));
                sources.push(file);
            }
            Err(d) => diags.push(d),
        }
    }
    let mut forms = Vec::new();
    for (id, rel, file) in read_folder(read, &content.join("forms"), "yaml", &mut diags) {
        match file {
            Some(file) => {
                forms.push(read.model(&file, &id, &mut diags, |f, d| form::load(f, &id, d)));
                sources.push(file);
            }
            None => forms.push(Form::stub(&id, &rel)),
        }
    }
    forms.sort_by(|a, b| (a.order, &a.title, &a.id).cmp(&(b.order, &b.title, &b.id)));
    let mut procedures = Vec::new();
    for (id, rel, file) in read_folder(read, &content.join("procedures"), "yaml", &mut diags) {
        match file {
            Some(file) => {
                procedures
                    .push(read.model(&file, &id, &mut diags, |f, d| procedure::load(f, &id, d)));
                sources.push(file);
            }
            None => procedures.push(Procedure::stub(&id, &rel)),
        }
    }
    procedures.sort_by(|a, b| (a.order, &a.system, &a.id).cmp(&(b.order, &b.system, &b.id)));
    let contacts = read_data(
        read,
        contacts::FILE,
        &mut sources,
        &mut diags,
        contacts::load,
    );
    let severity = read_data(
        read,
        severity::FILE,
        &mut sources,
        &mut diags,
        severity::load,
    );
    let training = read_data(
        read,
        training::FILE,
        &mut sources,
        &mut diags,
        training::load,
    );
    let incident = read_data(
        read,
        incident::FILE,
        &mut sources,
        &mut diags,
        incident::load,
    );
    let checklist = read_checklist(read, &mut sources, &mut diags);
    let bcp = read_data(read, bcp::FILE, &mut sources, &mut diags, bcp::load);
    let distribution = read_data(
        read,
        distribution::FILE,
        &mut sources,
        &mut diags,
        distribution::load,
    );
    let synonyms = read_data(
        read,
        synonyms::FILE,
        &mut sources,
        &mut diags,
        synonyms::load,
    );
    pages.sort_by(|a, b| (a.order, &a.title, &a.id).cmp(&(b.order, &b.title, &b.id)));
    Rest {
        pages,
        front,
        forms,
        procedures,
        contacts,
        severity,
        training,
        incident,
        checklist,
        bcp,
        distribution,
        synonyms,
        sources,
        diags,
    }
}

/// Earlier versions of each regulation: `content/regulations/<id>/<施行日>.md`
/// beside `content/regulations/<id>.md`, the newest. Each goes, oldest
/// first, into its regulation's `versions`.
fn read_versions(
    read: &Reader,
    dir: &Path,
    regulations: &mut [Regulation],
    sources: &mut Vec<Arc<SourceFile>>,
    diags: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // What a folder entry is comes with the entry: only a link needs a
    // look at what it points to (the regulations' own files are most of
    // the entries).
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type()
                .is_ok_and(|t| t.is_dir() || (t.is_symlink() && e.path().is_dir()))
        })
        .map(|e| e.path())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let rel = source::relative(read.root, &folder);
        let Some(reg) = regulations.iter_mut().find(|r| r.id == name) else {
            diags.push(
                Diagnostic::error(
                    "E024",
                    &rel,
                    format!("以前の版のフォルダですが、{rel}.md がありません"),
                )
                .en(format!(
                    "a folder of earlier versions, but there is no {rel}.md"
                ))
                .help(format!(
                    "以前の版のフォルダは、その規程のファイルと同じ名前で隣に置きます。\
                     フォルダ名を規程のファイル名に合わせるか、{rel}.md を元に戻してください"
                ))
                .help_en(format!(
                    "the folder must sit beside the regulation it keeps versions of: \
                     rename it to match a regulation's file name, or restore {rel}.md"
                )),
            );
            continue;
        };
        for (stem, file_rel, file) in read_folder(read, &folder, "md", diags) {
            let Some(file) = file else { continue };
            let version = regulation::load(&file, &reg.id, diags);
            sources.push(file);
            let named = chrono::NaiveDate::parse_from_str(&stem, "%Y-%m-%d").ok();
            if version.since != chrono::NaiveDate::MIN && named != Some(version.since) {
                let (line, column) = version.since_at;
                let want = version.since.format("%Y-%m-%d");
                diags.push(
                    Diagnostic::error(
                        "E023",
                        &file_rel,
                        format!("以前の版のファイル名は、その版の施行日（{want}.md）にしてください"),
                    )
                    .en(format!("this earlier version's file name must be the date it took effect ({want}.md)"))
                    .at(line, column)
                    .help(format!(
                        "ファイル名を {want}.md に変えてください。版の名前は施行日（改定履歴の最後の日付、なければ `effective`）です"
                    ))
                    .help_en(format!(
                        "rename the file to {want}.md: a version is named by the date it took effect \
                         (its latest 改定履歴 date, or `effective`)"
                    )),
                );
                continue;
            }
            if version.since >= reg.since && reg.since != chrono::NaiveDate::MIN {
                let (line, column) = version.since_at;
                diags.push(
                    Diagnostic::error(
                        "E024",
                        &file_rel,
                        format!(
                            "以前の版は、今の版（{}、{}施行）より前に施行されたものでなければなりません",
                            reg.file,
                            crate::content::date::wareki(reg.since)
                        ),
                    )
                    .en(format!(
                        "an earlier version must take effect before the current one ({}), \
                         which is {}",
                        reg.file,
                        reg.since.format("%Y-%m-%d")
                    ))
                    .at(line, column)
                    .help(format!(
                        "{} の改定履歴に後の日付で改定を書き加えるか、同じ版ならこのファイルを消してください",
                        reg.file
                    ))
                    .help_en(format!(
                        "add the revision to the 改定履歴 of {} with its later date, or remove this file if it is the same version",
                        reg.file
                    )),
                );
                continue;
            }
            reg.versions.push(version);
        }
        reg.versions.sort_by_key(|v| v.since);
    }
}

/// The checklist and the edition it answers: the built-in editions, and
/// the handbook's own `content/checklist-edition.yaml` when there is one
/// (read and checked even without a checklist).
fn read_checklist(
    read: &Reader,
    sources: &mut Vec<Arc<SourceFile>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Checklist> {
    let mut editions = checklist::builtin(diags);
    let own = read_data(
        read,
        checklist::EDITION_FILE,
        sources,
        diags,
        checklist::load_edition,
    );
    // An edition file that exists but could not be read is already an
    // error; the checklist naming it is not reported again.
    let own_broken = matches!(own, Some(None));
    editions.extend(own.flatten());
    let path = read.root.join(checklist::FILE);
    if !path.exists() {
        return None;
    }
    match read.file(&path) {
        Ok(file) => {
            let c = checklist::load(&file, &editions, own_broken, diags);
            sources.push(file);
            Some(c)
        }
        Err(d) => {
            diags.push(d);
            Some(Checklist::default())
        }
    }
}

/// Reads an optional single data file (`content/contacts.yaml`…). A file
/// that exists but cannot be read still yields an empty model, so references
/// to it are not reported as a second error.
fn read_data<T: Default + Clone + Send + Sync + 'static>(
    read: &Reader,
    rel: &str,
    sources: &mut Vec<Arc<SourceFile>>,
    diags: &mut Vec<Diagnostic>,
    load: fn(&SourceFile, &mut Vec<Diagnostic>) -> T,
) -> Option<T> {
    let path = read.root.join(rel);
    if !path.exists() {
        return None;
    }
    match read.file(&path) {
        Ok(file) => {
            let model = read.model(&file, "", diags, load);
            sources.push(file);
            Some(model)
        }
        Err(d) => {
            diags.push(d);
            Some(T::default())
        }
    }
}

#[cfg(test)]
mod tests {
    /// A regulation is found by its id (a source by its path) through the
    /// index, and still found (by a search) once the list has changed
    /// behind the index's back.
    #[test]
    fn a_regulation_is_found_by_id_before_and_after_the_list_changes() {
        let dir = crate::fresh_test_dir("regat");
        std::fs::create_dir_all(dir.join("content/regulations")).unwrap();
        std::fs::write(dir.join("handbook.yaml"), "title: 手引き\n").unwrap();
        for (id, order) in [("a", 3), ("b", 1), ("c", 2)] {
            std::fs::write(
                dir.join(format!("content/regulations/{id}.md")),
                format!("---\ntitle: 規程{id}\neffective: 2025-04-01\norder: {order}\n---\n第１条　甲。\n"),
            )
            .unwrap();
        }
        let (hb, _) = super::load(&dir);
        let mut hb = hb.expect("a handbook");
        let ids = |hb: &super::Handbook| -> Vec<Option<String>> {
            ["a", "b", "c", "d"]
                .iter()
                .map(|id| hb.regulation(id).map(|r| r.id.clone()))
                .collect()
        };
        let found = vec![Some("a".into()), Some("b".into()), Some("c".into()), None];
        assert_eq!(ids(&hb), found);
        hb.regulations.reverse();
        assert_eq!(ids(&hb), found);
        // [a, c] now: b's place holds a, and a's is past the end.
        hb.regulations.pop();
        assert_eq!(
            ids(&hb),
            vec![Some("a".into()), None, Some("c".into()), None]
        );
        // The sources, by their path, the same way.
        let rels = |hb: &super::Handbook| -> Vec<Option<String>> {
            [
                "handbook.yaml",
                "content/regulations/b.md",
                "content/regulations/d.md",
            ]
            .iter()
            .map(|rel| hb.source(rel).map(|s| s.rel.clone()))
            .collect()
        };
        let found = vec![
            Some("handbook.yaml".into()),
            Some("content/regulations/b.md".into()),
            None,
        ];
        assert_eq!(rels(&hb), found);
        hb.sources.reverse();
        assert_eq!(rels(&hb), found);
        hb.sources.clear();
        assert_eq!(rels(&hb), vec![None, None, None]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
