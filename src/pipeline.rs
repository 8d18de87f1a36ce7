//! The stages in order: load → check → render → write. The only place that
//! writes the built handbook to disk, and it never leaves a half-written
//! site: everything goes to a temporary folder that is then swapped in.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build_info::BuildInfo;
use crate::content::{self, Handbook};
use crate::diag::{self, Diagnostic};
use crate::render;
use crate::resolve::Links;

/// Marks a folder as ours, so `build` only ever replaces its own output.
pub const MARKER: &str = ".handbook-build";

/// What a run produced: the diagnostics, and whether it may go on.
pub struct Loaded {
    pub handbook: Option<Handbook>,
    /// What every link of the handbook resolved to.
    pub links: Links,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Adds a problem found after the checks, in its sorted place.
    fn add(&mut self, problem: Option<Diagnostic>) {
        if let Some(d) = problem {
            self.diagnostics.push(d);
            diag::sort(&mut self.diagnostics);
        }
    }
}

/// Times the steps of a run for `build -v`: each step's name and how long
/// it took since the last one.
pub struct Steps {
    verbose: bool,
    last: Instant,
}

impl Steps {
    pub fn new(verbose: bool) -> Steps {
        Steps {
            verbose,
            last: Instant::now(),
        }
    }

    fn done(&mut self, name: &str) {
        if self.verbose {
            let ms = self.last.elapsed().as_secs_f64() * 1000.0;
            match peak_memory_mib() {
                Some(mib) => eprintln!("  {name:<10} {ms:>8.1} ms  {mib:>6.1} MiB"),
                None => eprintln!("  {name:<10} {ms:>8.1} ms"),
            }
        }
        self.last = Instant::now();
    }
}

/// The most memory the process has held so far (Linux: `VmHWM`), for
/// `build -v`: after each step, so the step that needs the most shows.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Reads and checks a handbook, judging freshness and choosing the
/// versions in force as of `info.as_of`; writes nothing.
pub fn load_and_check(root: &Path, info: &BuildInfo) -> Loaded {
    let (mut loaded, problem) =
        load_and_check_timed(root, info, None, &mut Steps::new(false), own_templates);
    loaded.add(problem.flatten());
    loaded
}

/// What the preview keeps from one load and check to the next, so a save
/// costs what changed: the files read and what was made of them, and what
/// the rules over each file and each regulation found.
#[derive(Default)]
pub struct Kept {
    content: content::Cache,
    checks: crate::check::Memo,
}

/// [`load_and_check`] with what `kept` holds of the last one (the
/// preview's).
pub fn load_and_check_kept(root: &Path, info: &BuildInfo, kept: &Kept, verbose: bool) -> Loaded {
    // The preview parses the templates itself, again only when one changed,
    // and shows what is wrong with them (E036).
    load_and_check_timed(root, info, Some(kept), &mut Steps::new(verbose), |_| ()).0
}

/// What is wrong with the handbook's own templates, if it has any (the
/// built-ins alone are known to be fine): a check finds it as a build would.
fn own_templates(theme: &crate::content::theme::Theme) -> Option<crate::diag::Diagnostic> {
    if theme.templates.is_empty() {
        return None;
    }
    render::templates_of(theme).err()
}

/// [`load_and_check`], timed in `steps`; `beside` runs on the handbook's
/// templates (as its `theme/` and `templates/` hold them) on a thread of
/// its own while the handbook is resolved and checked.
fn load_and_check_timed<T: Send>(
    root: &Path,
    info: &BuildInfo,
    kept: Option<&Kept>,
    steps: &mut Steps,
    beside: impl FnOnce(&crate::content::theme::Theme) -> T + Send,
) -> (Loaded, Option<T>) {
    let cache = kept.map(|k| &k.content);
    let (mut handbook, mut diagnostics) = content::load_with(root, cache);
    steps.done("read");
    let mut links = Links::default();
    let mut made = None;
    if let Some(hb) = &mut handbook {
        let theme = crate::content::theme::Theme {
            templates: hb.theme.templates.clone(),
            ..Default::default()
        };
        made = std::thread::scope(|scope| {
            let made = scope.spawn(|| beside(&theme));
            hb.settle(info.as_of);
            links = crate::resolve::run(hb);
            if let Some(cache) = cache {
                cache.keep_resolved(hb);
            }
            steps.done("resolve");
            diagnostics.extend(crate::check::run_with(
                hb,
                &links,
                info.as_of,
                kept.map(|k| &k.checks),
            ));
            steps.done("check");
            match made.join() {
                Ok(made) => Some(made),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
    }
    // A credential in a field the schema does not know is one problem,
    // not two: say what matters (E033), not that the field is unknown.
    // E033 points at the value, E010 at the key of the same line.
    let secrets: Vec<(String, usize)> = diagnostics
        .iter()
        .filter(|d| d.code == "E033")
        .map(|d| (d.file.clone(), d.line))
        .collect();
    diagnostics.retain(|d| d.code != "E010" || !secrets.contains(&(d.file.clone(), d.line)));
    // A value of the wrong form read as a stand-in of the right one, so
    // the rest of its file could be read: what the checks then say on its
    // line (連絡先 `` はありません, the title is empty, a number expected)
    // is about the stand-in, not another problem. What is said of the
    // whole file (at 1:1) stays.
    let stand_ins: std::collections::HashSet<(String, usize)> = diagnostics
        .iter()
        .filter(|d| d.stand_in)
        .map(|d| (d.file.clone(), d.line))
        .collect();
    if !stand_ins.is_empty() {
        diagnostics.retain(|d| {
            d.stand_in
                || (d.line, d.column) == (1, 1)
                || !stand_ins.contains(&(d.file.clone(), d.line))
        });
    }
    diag::sort(&mut diagnostics);
    let loaded = Loaded {
        handbook,
        links,
        diagnostics,
    };
    (loaded, made)
}

/// Builds the handbook at `root` into `out`. Content errors come back as
/// diagnostics with nothing written; I/O and template failures as `Err`.
pub fn build(root: &Path, out: &Path, info: &BuildInfo, verbose: bool) -> Result<Loaded, String> {
    check_out(root, out)?;
    let mut steps = Steps::new(verbose);
    // The templates are parsed while the handbook is resolved and checked.
    let (mut loaded, templates) =
        load_and_check_timed(root, info, None, &mut steps, render::templates_of);
    let templates = match templates {
        Some(Err(d)) => {
            loaded.add(Some(d));
            None
        }
        other => other,
    };
    if loaded.has_errors() {
        return Ok(loaded);
    }
    // The sources' text was kept for the checks (and the lines their
    // diagnostics show); the pages are made from the model alone.
    if let Some(hb) = &mut loaded.handbook {
        hb.sources = Vec::new();
    }
    give_back_freed_memory();
    let Some(hb) = &loaded.handbook else {
        return Ok(loaded);
    };
    let tera = match templates {
        Some(tera) => tera.map_err(|d| d.render())?,
        None => render::templates(hb).map_err(|d| d.render())?,
    };
    let site = render::Site::with_templates(hb, &loaded.links, info, std::sync::Arc::new(tera));
    steps.done("templates");
    // Each page is written into the temporary folder as soon as it is
    // done, so the build never holds the whole site.
    let staging = Staging::new(root, out)?;
    let rendered = site
        .render_pages(render::Out::Write(&staging))
        .and_then(|pages| {
            steps.done("pages");
            site.render_whole_site(pages, &render::Out::Write(&staging))
        });
    let files = match rendered {
        Ok(files) => files,
        // A template that fails while a page is made (a value it names
        // that is not there) is the handbook's problem, told as one
        // (E036); the unfinished site goes with the temporary folder.
        Err(e) => {
            let d = render::rendering_problem(&hb.theme, &e).ok_or(e)?;
            drop(site);
            loaded.add(Some(d));
            return Ok(loaded);
        }
    };
    for (path, bytes) in files {
        staging.put(&path, &bytes)?;
    }
    steps.done("whole site");
    staging.commit()?;
    steps.done("write");
    Ok(loaded)
}

/// Loads, checks and renders the handbook at `root` without writing:
/// the pages, or the diagnostics when there are errors.
pub fn render_only(root: &Path, info: &BuildInfo) -> Result<(Loaded, render::Files), String> {
    let loaded = load_and_check(root, info);
    let files = match &loaded.handbook {
        Some(hb) if !loaded.has_errors() => render::render(hb, &loaded.links, info)?,
        _ => Vec::new(),
    };
    Ok((loaded, files))
}

/// Refuses an output folder that would overwrite or mix with the
/// handbook's sources: the handbook folder itself or a folder above it,
/// `handbook.yaml`, or anything inside `content/`, `templates/` or
/// `theme/` (every later build would read the built pages as sources).
/// A symbolic link as the output folder is refused too: the swap would
/// replace the link, not fill the folder it points to. Checked on the real
/// paths, so `..` and links on the way cannot get around it.
pub fn check_out(root: &Path, out: &Path) -> Result<(), String> {
    let shown = out.display();
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(crate::diag::tr(
            format!(
                "出力先 {shown} はシンボリックリンクです。リンク先のフォルダを --out に指定してください"
            ),
            format!(
                "the output folder {shown} is a symbolic link; give the folder it points to as --out"
            ),
        ));
    }
    let real_root = real(root)?;
    let real_out = real(out)?;
    let inside_sources = ["handbook.yaml", "content", "templates", "theme"]
        .iter()
        .any(|s| real_out.starts_with(real_root.join(s)));
    if real_root.starts_with(&real_out) || inside_sources {
        return Err(crate::diag::tr(
            format!(
                "出力先 {shown} はハンドブックの原稿（handbook.yaml・content・templates・theme）と重なります。\
                 別のフォルダを --out に指定してください（既定は public）"
            ),
            format!(
                "the output folder {shown} overlaps the handbook's sources; choose another --out"
            ),
        ));
    }
    Ok(())
}

/// `p` made absolute with links resolved, for a path that may not exist
/// yet: component by component, each part that exists is resolved by the
/// system (links, `..` after a link); past the first missing part, `..`
/// is taken as written (`sub/../content` is `content`).
fn real(p: &Path) -> Result<PathBuf, String> {
    let abs = absolute(p)?;
    let mut real = PathBuf::new();
    for part in abs.components() {
        let next = real.join(part);
        match part {
            std::path::Component::ParentDir if !next.exists() => {
                real.pop();
            }
            std::path::Component::CurDir => {}
            _ => real = std::fs::canonicalize(&next).unwrap_or(next),
        }
    }
    Ok(real)
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    std::path::absolute(p).map_err(|e| crate::diag::io_error(p, &e))
}

/// The file of the temporary folder where parts are put aside while a
/// build runs: no file of a site is at the top with a name starting `.`
/// (the theme's files are under `theme/`).
const SPILL: &str = ".handbook-spill";

impl render::Sink for Staging {
    fn put(&self, path: &str, pieces: &[render::Piece]) -> Result<(), String> {
        use std::io::Write;
        let (file, target) = self.create(path)?;
        let fail = |e: std::io::Error| crate::diag::io_error(&target, &e);
        // A page is one piece, written as it is (not copied into a buffer).
        if let [render::Piece::Bytes(bytes)] = pieces {
            let mut file = file;
            return file.write_all(bytes).map_err(fail);
        }
        let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
        // The file parts were put aside in, opened once for all of them.
        let mut reader = None;
        for piece in pieces {
            match piece {
                render::Piece::Bytes(b) => file.write_all(b).map_err(fail)?,
                render::Piece::Spilled(name) => {
                    let (mut part, len) = self.aside(name, &mut reader)?;
                    let copied = std::io::copy(&mut part, &mut file).map_err(fail)?;
                    if copied != len {
                        return Err(format!(
                            "{}: a part put aside came back short ({copied} of {len} bytes)",
                            self.tmp.join(SPILL).display()
                        ));
                    }
                }
            }
        }
        file.flush().map_err(fail)
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        use std::io::Write;
        let (file, target) = self.create(path)?;
        let fail = |e: std::io::Error| crate::diag::io_error(&target, &e);
        let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut file).map_err(fail)?;
        file.flush().map_err(fail)
    }

    fn spill(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        use std::io::Write;
        let path = self.tmp.join(SPILL);
        let fail = |e: std::io::Error| crate::diag::io_error(&path, &e);
        let mut spill = crate::parallel::lock(&self.spill);
        if spill.file.is_none() {
            spill.file = Some(std::fs::File::create(&path).map_err(fail)?);
        }
        if let Some(file) = &mut spill.file {
            file.write_all(bytes).map_err(fail)?;
        }
        let at = spill.len;
        spill.len += bytes.len() as u64;
        spill
            .parts
            .insert(name.to_string(), (at, bytes.len() as u64));
        Ok(())
    }

    fn unspill(&self, name: &str) -> Result<Vec<u8>, String> {
        use std::io::Read;
        let mut reader = crate::parallel::lock(&self.unspilling);
        let (mut part, len) = self.aside(name, &mut reader)?;
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        part.read_to_end(&mut bytes)
            .map_err(|e| crate::diag::io_error(&self.tmp.join(SPILL), &e))?;
        Ok(bytes)
    }
}

/// The parts put aside during a build ([`render::Sink::spill`]): one file
/// in the temporary folder, each part where it was appended.
#[derive(Default)]
struct Spill {
    file: Option<std::fs::File>,
    len: u64,
    /// Each part's place in the file: its offset and length.
    parts: std::collections::HashMap<String, (u64, u64)>,
}

/// A site being written: a fresh sibling folder of `out` that files go
/// into (from any thread), swapped in by [`Staging::commit`]. Dropped
/// without a commit, it is removed and `out` is left as it was.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    spill: std::sync::Mutex<Spill>,
    /// The spill opened for [`render::Sink::unspill`], which the search
    /// index calls once for each page.
    unspilling: std::sync::Mutex<Option<std::fs::File>>,
    /// The folders made in `tmp` so far (3,000 pages share a few).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Checks `out` (see [`check_out`]; it must be a previous build or
    /// empty) and makes the temporary folder.
    pub fn new(root: &Path, out: &Path) -> Result<Staging, String> {
        check_out(root, out)?;
        let out = absolute(out)?;
        let parent = out.parent().ok_or("the output folder has no parent")?;
        let name = out
            .file_name()
            .ok_or("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        recover(parent, &name, &out)?;
        if out.exists() {
            let empty = std::fs::read_dir(&out)
                .map_err(|e| crate::diag::io_error(&out, &e))?
                .next()
                .is_none();
            if !out.join(MARKER).exists() && !empty {
                let shown = out.display();
                return Err(crate::diag::tr(
                    format!(
                        "{shown} は `handbook build` が作ったフォルダではない（{MARKER} がない）ため、置き換えません。\
                         消すか、別のフォルダを --out に指定してください"
                    ),
                    format!(
                        "refusing to replace {shown}: it was not made by `handbook build` (no {MARKER} file); \
                         remove it or choose another --out"
                    ),
                ));
            }
        }
        std::fs::create_dir_all(parent).map_err(|e| crate::diag::io_error(parent, &e))?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.tmp-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| crate::diag::io_error(&tmp, &e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| crate::diag::io_error(&tmp, &e))?;
        Ok(Staging {
            out,
            tmp,
            old,
            spill: std::sync::Mutex::default(),
            unspilling: std::sync::Mutex::default(),
            made: std::sync::Mutex::default(),
        })
    }

    /// Writes one file of the site (`path` from the output root).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.put_pieces(path, &[bytes])
    }

    /// Writes one file of the site made of `pieces`, one after another.
    pub fn put_pieces(&self, path: &str, pieces: &[&[u8]]) -> Result<(), String> {
        let pieces: Vec<render::Piece> = pieces.iter().map(|p| render::Piece::Bytes(p)).collect();
        render::Sink::put(self, path, &pieces)
    }

    /// Closes the file parts were put aside in, so it can be removed.
    fn close_spill(&self) {
        let mut spill = crate::parallel::lock(&self.spill);
        drop(spill.file.take());
        drop(crate::parallel::lock(&self.unspilling).take());
    }

    /// The part put aside as `name`, to read (see [`Spill`]), through
    /// `reader`: the file opened for reading, opened here the first time.
    fn aside<'r>(
        &self,
        name: &str,
        reader: &'r mut Option<std::fs::File>,
    ) -> Result<(std::io::Take<&'r std::fs::File>, u64), String> {
        use std::io::{Read, Seek, SeekFrom};
        let path = self.tmp.join(SPILL);
        let fail = |e: std::io::Error| crate::diag::io_error(&path, &e);
        let (at, len) = {
            // Written straight to the file (no buffer), so another handle
            // reads it.
            let spill = crate::parallel::lock(&self.spill);
            *spill
                .parts
                .get(name)
                .ok_or_else(|| format!("{}: no part {name} was put aside", path.display()))?
        };
        if reader.is_none() {
            *reader = Some(std::fs::File::open(&path).map_err(fail)?);
        }
        let mut file = reader.as_ref().expect("opened above");
        file.seek(SeekFrom::Start(at)).map_err(fail)?;
        Ok((file.take(len), len))
    }

    /// A new file at `path` of the temporary folder, its folder made.
    fn create(&self, path: &str) -> Result<(std::fs::File, PathBuf), String> {
        let target = self.tmp.join(path);
        if let Some(dir) = target.parent()
            && !crate::parallel::lock(&self.made).contains(dir)
        {
            std::fs::create_dir_all(dir).map_err(|e| crate::diag::io_error(dir, &e))?;
            crate::parallel::lock(&self.made).insert(dir.to_path_buf());
        }
        let file =
            std::fs::File::create(&target).map_err(|e| crate::diag::io_error(&target, &e))?;
        Ok((file, target))
    }

    /// Marks the folder as ours and swaps it in for `out`.
    pub fn commit(self) -> Result<(), String> {
        let (out, tmp, old) = (&self.out, &self.tmp, &self.old);
        self.close_spill();
        let spill = tmp.join(SPILL);
        if spill.exists() {
            std::fs::remove_file(&spill).map_err(|e| crate::diag::io_error(&spill, &e))?;
        }
        std::fs::write(tmp.join(MARKER), b"built by handbook; safe to delete\n")
            .map_err(|e| crate::diag::io_error(tmp, &e))?;
        if out.exists() {
            // One step where the system allows it: at every instant `out`
            // is either the whole previous site or the whole new one.
            if exchange(tmp, out).is_ok() {
                // The new site is in place; a previous copy left behind is
                // removed by the next build.
                if let Err(e) = std::fs::remove_dir_all(tmp) {
                    let shown = tmp.display();
                    eprintln!(
                        "{}",
                        crate::diag::tr(
                            format!("注意: 前のサイト {shown} を消せませんでした（{e}）"),
                            format!("warning: could not remove the previous site at {shown}: {e}"),
                        )
                    );
                }
                return Ok(());
            }
            std::fs::rename(out, old).map_err(|e| crate::diag::io_error(out, &e))?;
        }
        if let Err(e) = std::fs::rename(tmp, out) {
            let _ = std::fs::rename(old, out);
            return Err(crate::diag::io_error(out, &e));
        }
        if old.exists() {
            std::fs::remove_dir_all(old).map_err(|e| crate::diag::io_error(old, &e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// Whatever happened, the temporary folder goes: after a swap it holds
    /// the previous site (or is gone, renamed to `out`); after a failure,
    /// the unfinished one.
    fn drop(&mut self) {
        // Closed first: some systems (Windows) remove no open file.
        self.close_spill();
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// Cleans up after a build that was killed: puts back a previous site that
/// was moved aside when `out` is missing (killed between the two renames
/// where the one-step exchange is not available), and removes the
/// temporary folders of builds that are no longer running.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let rest = file.strip_prefix(&format!(".{name}."))?;
            let (is_old, pid) = match rest.split_once('-')? {
                ("old", pid) => (true, pid),
                ("tmp", pid) => (false, pid),
                _ => return None,
            };
            let pid: u32 = pid.parse().ok()?;
            (pid != std::process::id() && !running(pid)).then(|| (e.path(), is_old))
        })
        .collect();
    leftovers.sort();
    for (path, is_old) in leftovers {
        if is_old && !out.exists() && path.join(MARKER).exists() {
            std::fs::rename(&path, out).map_err(|e| crate::diag::io_error(out, &e))?;
        } else {
            std::fs::remove_dir_all(&path).map_err(|e| crate::diag::io_error(&path, &e))?;
        }
    }
    Ok(())
}

/// Whether process `pid` is alive; where that cannot be told, assume it
/// is, and leave its folders alone.
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Keeps the allocator from holding on to freed memory (glibc): memory
/// freed at the top of a heap goes back to the system past 256 KiB, not
/// past a threshold that grows with every large page freed (glibc's
/// default, which held 20 MiB more at the peak of a build of 3,000
/// regulations, for no gain in time). Called once, before anything else.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    const M_TRIM_THRESHOLD: std::ffi::c_int = -1;
    // SAFETY: mallopt takes no pointer and only sets a parameter of the
    // allocator, under its lock.
    unsafe {
        mallopt(M_TRIM_THRESHOLD, 256 << 10);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

/// Returns the memory freed so far to the system (glibc's `malloc_trim`):
/// the sources' text, freed before the pages are made, is spread over the
/// allocator's per-thread arenas, which keep it otherwise, and the pages
/// would then need as much again (30 MiB of peak memory at 3,000
/// regulations).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: malloc_trim takes no pointer and only walks the allocator's
    // own free lists, under its locks.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}

/// Swaps two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::{CString, c_char, c_int, c_uint};
    use std::os::unix::ffi::OsStrExt;
    unsafe extern "C" {
        fn renameat2(
            olddirfd: c_int,
            oldpath: *const c_char,
            newdirfd: c_int,
            newpath: *const c_char,
            flags: c_uint,
        ) -> c_int;
    }
    const AT_FDCWD: c_int = -100;
    const RENAME_EXCHANGE: c_uint = 2;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both arguments are NUL-terminated paths that outlive the
    // call; renameat2 reads them and touches no other memory.
    let rc = unsafe { renameat2(AT_FDCWD, a.as_ptr(), AT_FDCWD, b.as_ptr(), RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_killed_between_renames_gets_its_previous_site_back() {
        let parent = crate::fresh_test_dir("recover");
        // pid_max is at most 2^22 on Linux, so this process never ran.
        let dead = 4_194_305;
        let old = parent.join(format!(".site.old-{dead}"));
        let tmp = parent.join(format!(".site.tmp-{dead}"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(old.join("index.html"), "previous").unwrap();
        let out = parent.join("site");
        recover(&parent, "site", &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists() && !tmp.exists());
        std::fs::remove_dir_all(&parent).unwrap();
    }
}
