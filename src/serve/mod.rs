//! `handbook serve`: a preview on 127.0.0.1 that rebuilds when a source
//! changes and reloads the open page. Nothing is written to disk: pages are
//! rendered in memory, each when it is first asked for, so a change to one
//! regulation of a thousand costs one load and check plus one page.
//!
//! While the sources have errors, every page is an error page listing them,
//! never the stale site; it reloads by itself once they are fixed.
//!
//! `http` serves (oxhttp, with the Host and redirect guards), `watch`
//! notices saved sources (notify), `page` is the reload script and the
//! error page; this module keeps what is shown and answers each path.

mod http;
mod page;
mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::content::Handbook;
use crate::diag::{Diagnostic, tr};
use crate::render::{self, BuildInfo, Files};
use crate::resolve::Links;
use crate::routes::Route;
use http::Answer;
use page::{LIVE_JS, OWN, error_page, with_live_script};

/// How long a reload poll waits for a change before answering "no change"
/// (the page asks again at once).
const POLL_WAIT: Duration = Duration::from_secs(20);

/// What the preview is showing.
enum Outcome {
    /// Checked without errors: pages are rendered from it on demand, with
    /// the templates parsed once for this generation.
    Ready {
        handbook: Arc<Handbook>,
        links: Arc<Links>,
        info: Arc<BuildInfo>,
        templates: Arc<tera::Tera>,
        /// Pages rendered so far for this generation.
        cache: HashMap<String, Arc<Vec<u8>>>,
    },
    /// The sources have errors (or could not be read at all).
    Broken(Vec<Diagnostic>),
}

struct State {
    /// Bumped by every rebuild; a page reloads when it changes.
    generation: u64,
    outcome: Outcome,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// The diagnostics the last check printed (as printed): a save prints
    /// only those that are new, not every warning of the handbook again.
    printed: Mutex<std::collections::HashSet<String>>,
    /// What the last check read, parsed and found, so a save costs what
    /// changed.
    kept: crate::pipeline::Kept,
    /// `serve -v`: print the time each stage of every check took.
    verbose: bool,
}

/// Options of `handbook serve`.
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub as_of: Option<NaiveDate>,
    pub verbose: bool,
}

/// Serves until the process is stopped. Prints the address on stdout
/// first (a line `serving http://127.0.0.1:PORT/`).
pub fn serve(options: Options) -> Result<(), String> {
    // The watcher names changed files from `/` whatever folder it was
    // given; a relative root (`.`, the default) would match none of them.
    let root = std::path::absolute(&options.root).unwrap_or(options.root);
    if !root.join(crate::config::FILE_NAME).is_file() {
        let shown = root.display();
        return Err(tr(
            format!(
                "{shown} に handbook.yaml がありません。ハンドブックのフォルダで実行するか、--root で指定してください"
            ),
            format!(
                "{shown} has no handbook.yaml; run serve in the handbook folder or pass --root"
            ),
        ));
    }
    let port = match options.port {
        0 => http::free_port()?,
        p => p,
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            generation: 0,
            outcome: Outcome::Broken(Vec::new()),
        }),
        changed: Condvar::new(),
        printed: Mutex::new(std::collections::HashSet::new()),
        kept: crate::pipeline::Kept::default(),
        verbose: options.verbose,
    });
    // Watching starts before the first build, so a save during it is not
    // missed.
    let mut sources = watch::Sources::watch(&root)?;
    rebuild(&shared, &root, options.as_of, "start");
    {
        let shared = Arc::clone(&shared);
        let root = root.clone();
        let as_of = options.as_of;
        std::thread::spawn(move || {
            while let Some(path) = sources.next_change() {
                let what = crate::source::relative(&root, &path);
                rebuild(
                    &shared,
                    &root,
                    as_of,
                    &tr(format!("{what} の変更"), format!("changed {what}")),
                );
            }
        });
    }
    let site = Preview {
        shared: Arc::clone(&shared),
    };
    // The address is printed once the port is being listened on: a script
    // waiting for the line may connect at once.
    let printer = std::thread::spawn(move || {
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        // The line starts `serving http://…` in both languages: scripts
        // wait for it.
        println!(
            "serving http://127.0.0.1:{port}/ {}",
            tr("（Ctrl+C で終了）", "(Ctrl+C to stop)")
        );
        let _ = std::io::stdout().flush();
    });
    let served = http::run(site, port);
    let _ = printer.join();
    served
}

/// Loads, resolves and checks the sources, parses the templates, and makes
/// the result the one shown.
fn rebuild(shared: &Shared, root: &Path, as_of: Option<NaiveDate>, why: &str) {
    let started = Instant::now();
    // The diagnostics found, to print: none when the check did not run.
    let (outcome, found) = match BuildInfo::new(root, as_of) {
        Err(e) => (
            Outcome::Broken(vec![
                Diagnostic::error("E000", "SOURCE_DATE_EPOCH", e.clone()).en(e),
            ]),
            None,
        ),
        // A bug must not stop the preview: it becomes an error page.
        Ok(info) => match std::panic::catch_unwind(|| ready(shared, root, info)) {
            Ok((outcome, found)) => (outcome, Some(found)),
            Err(panic) => (Outcome::Broken(vec![internal_error(panic.as_ref())]), None),
        },
    };
    let summary = match &outcome {
        Outcome::Ready { .. } => "ok".to_string(),
        Outcome::Broken(d) => {
            let n = d.iter().filter(|d| d.is_error()).count();
            tr(
                format!("エラー {n} 件（プレビューに表示しています）"),
                format!("{n} error(s): the preview shows them"),
            )
        }
    };
    let mut state = lock(shared);
    state.generation += 1;
    let previous = std::mem::replace(&mut state.outcome, outcome);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    shared.changed.notify_all();
    drop(state);
    // The open pages reload while the diagnostics are written out.
    if let Some(found) = found {
        let printed = std::panic::catch_unwind(|| print_new(shared, &found));
        if let Err(panic) = printed {
            eprintln!("{}", internal_error(panic.as_ref()).render());
        }
    }
    eprintln!(
        "{}",
        tr(
            format!("[{why}] {ms:.0} ms で確認しました: {summary}"),
            format!("[{why}] checked in {ms:.0} ms: {summary}")
        )
    );
    // The previous handbook is freed after the new one is shown, outside
    // the lock: at 1,000 regulations that takes longer than some checks.
    drop(previous);
}

/// Prints the diagnostics the last check did not print, and how many it
/// leaves out because they were printed before: at 1,000 regulations a
/// handbook can have a thousand standing warnings, and printing them all
/// again on every save hid the one the save caused (and took longer than
/// the check).
fn print_new(shared: &Shared, diagnostics: &[Diagnostic]) {
    let mut printed = crate::parallel::lock(&shared.printed);
    let now: Vec<String> = diagnostics.iter().map(Diagnostic::render).collect();
    let mut same = 0;
    for text in &now {
        if printed.contains(text) {
            same += 1;
        } else {
            eprintln!("{text}");
        }
    }
    if same > 0 {
        eprintln!(
            "{}",
            tr(
                format!("（前回と同じ {same} 件は表示を省略しました）"),
                format!("({same} unchanged diagnostic(s) not shown again)"),
            )
        );
    }
    *printed = now.into_iter().collect();
}

/// The handbook ready to be shown, or what is wrong with it; and the
/// diagnostics the check found, to be printed.
fn ready(shared: &Shared, root: &Path, info: BuildInfo) -> (Outcome, Vec<Diagnostic>) {
    let loaded = crate::pipeline::load_and_check_kept(root, &info, &shared.kept, shared.verbose);
    let has_errors = loaded.has_errors();
    let (Some(handbook), false) = (loaded.handbook, has_errors) else {
        return (
            Outcome::Broken(loaded.diagnostics.clone()),
            loaded.diagnostics,
        );
    };
    // The templates are parsed again only when one of them changed.
    let same = match &lock(shared).outcome {
        Outcome::Ready {
            handbook: was,
            templates,
            ..
        } if was.theme.templates == handbook.theme.templates => Some(Arc::clone(templates)),
        _ => None,
    };
    let outcome = match same.map_or_else(|| render::templates(&handbook).map(Arc::new), Ok) {
        Ok(templates) => Outcome::Ready {
            handbook: Arc::new(handbook),
            links: Arc::new(loaded.links),
            info: Arc::new(info),
            templates,
            cache: HashMap::new(),
        },
        Err(d) => Outcome::Broken(vec![d]),
    };
    (outcome, loaded.diagnostics)
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A panic in one request must not stop the preview.
    crate::parallel::lock(&shared.state)
}

/// The preview as the HTTP side sees it.
struct Preview {
    shared: Arc<Shared>,
}

impl http::Site for Preview {
    fn answer(&self, path: &str, query: &str) -> Answer {
        if path == format!("{OWN}live.js") {
            return Answer::ok(
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            );
        }
        if path == format!("{OWN}wait") {
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            return Answer::text(200, &wait(&self.shared, since).to_string());
        }
        if let Some(redirect) = http::folder_redirect(path) {
            return redirect;
        }
        match file_path(path) {
            Some(path) => respond(&self.shared, &path),
            None => Answer::text(400, "bad path"),
        }
    }
}

/// The generation shown once it is not `since`, or after [`POLL_WAIT`].
fn wait(shared: &Shared, since: u64) -> u64 {
    let state = lock(shared);
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, POLL_WAIT, |s| s.generation == since)
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    state.generation
}

/// The file at `path` of the site, rendered when first asked for.
fn respond(shared: &Shared, path: &str) -> Answer {
    let (generation, handbook, links, info, templates) = {
        let state = lock(shared);
        match &state.outcome {
            Outcome::Broken(diags) => {
                return Answer::html(500, error_page(diags, state.generation));
            }
            Outcome::Ready {
                handbook,
                links,
                info,
                templates,
                cache,
            } => {
                if let Some(bytes) = cache.get(path) {
                    return found(path, bytes, state.generation);
                }
                (
                    state.generation,
                    Arc::clone(handbook),
                    Arc::clone(links),
                    Arc::clone(info),
                    Arc::clone(templates),
                )
            }
        }
    };
    // Render outside the lock, so the watcher and other requests go on.
    // The templates hold no state a panic could leave half-changed.
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        render_for(&handbook, &links, &info, &templates, path)
    }))
    .unwrap_or_else(|panic| Err(internal_error(panic.as_ref()).message));
    let files = match rendered {
        Ok(files) => files,
        Err(e) => {
            let d = render::rendering_problem(&handbook.theme, &e)
                .unwrap_or_else(|| Diagnostic::error("E000", "templates", e.clone()).en(e));
            return Answer::html(500, error_page(&[d], generation));
        }
    };
    let mut state = lock(shared);
    let mut answer = None;
    let current = state.generation == generation;
    for (p, bytes) in files {
        let bytes = Arc::new(bytes);
        if p == path {
            answer = Some(Arc::clone(&bytes));
        }
        if current && let Outcome::Ready { cache, .. } = &mut state.outcome {
            cache.insert(p, bytes);
        }
    }
    match answer {
        Some(bytes) => found(path, &bytes, generation),
        None => Answer::text(
            404,
            &tr(
                format!("{path}: このページはありません"),
                format!("{path}: no such page"),
            ),
        ),
    }
}

/// A panic, as a diagnostic for the error page.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Diagnostic::error(
        "E000",
        "handbook",
        format!("handbook の内部エラーです: {what}"),
    )
    .en(format!("internal error in handbook: {what}"))
    .help("原稿ではなく handbook の不具合です。最後に保存したファイルを添えて報告してください")
    .help_en("this is a bug in handbook, not in the sources; please report it with the file you last saved")
}

/// The file at `path`, with the page's neighbours when rendering it made
/// them too: one page, the theme, or for the pages made of all the others,
/// everything.
fn render_for(
    hb: &Handbook,
    links: &Links,
    info: &BuildInfo,
    templates: &Arc<tera::Tera>,
    path: &str,
) -> Result<Files, String> {
    let Some(route) = Route::parse(path) else {
        return Ok(Vec::new());
    };
    if let Route::Asset(_) = route {
        return Ok(render::assets(hb)
            .into_iter()
            .map(|(n, b)| (Route::Asset(n).path(), b))
            .collect());
    }
    let site = render::Site::with_templates(hb, links, info, Arc::clone(templates));
    match site.render_page(&route) {
        Some(page) => Ok(vec![(route.path(), page?)]),
        None if route.whole_site() => site.render_all(),
        None => Ok(Vec::new()),
    }
}

/// A found file; HTML pages get the reload script.
fn found(path: &str, bytes: &Arc<Vec<u8>>, generation: u64) -> Answer {
    let kind = content_type(path);
    if path.ends_with(".html") {
        Answer::ok(kind, with_live_script(bytes, generation))
    } else {
        Answer::ok(kind, bytes.to_vec())
    }
}

/// The output path a URL path names: percent-decoded, `/` and folders to
/// their `index.html`; `None` for anything that leaves the site.
fn file_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    let mut path = decoded.strip_prefix('/')?.to_string();
    if path.is_empty() || path.ends_with('/') {
        path = crate::routes::folder_index(&path);
    }
    if path
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == ".." || seg.contains('\\'))
    {
        return None;
    }
    Some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a file whose kind the preview does not know is served as.
const OTHER_TYPE: &str = "application/octet-stream";

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => OTHER_TYPE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_map_to_site_files_and_never_leave_it() {
        assert_eq!(file_path("/").as_deref(), Some("index.html"));
        assert_eq!(file_path("/forms/").as_deref(), Some("forms/index.html"));
        assert_eq!(
            file_path("/regulations/a.html").as_deref(),
            Some("regulations/a.html")
        );
        assert_eq!(file_path("/%E8%A6%8F.html").as_deref(), Some("規.html"));
        assert_eq!(file_path("/../etc/passwd"), None);
        assert_eq!(file_path("/a/%2e%2e/b"), None);
        assert_eq!(file_path("/a//b"), None);
        assert_eq!(file_path("//evil%2ecom"), None);
        assert_eq!(file_path("/%zz"), None);
        assert_eq!(file_path("a.html"), None);
    }

    #[test]
    fn html_gets_the_reload_script_and_other_files_do_not() {
        let bytes = Arc::new(b"<html><body><p>x</p></body></html>".to_vec());
        let css = found("theme/style.css", &bytes, 3);
        assert_eq!(css.body, *bytes);
        assert_eq!(css.kind, "text/css; charset=utf-8");
        let html = found("index.html", &bytes, 3);
        assert!(
            String::from_utf8(html.body)
                .unwrap()
                .contains("data-generation=\"3\"")
        );
    }
}
