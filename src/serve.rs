//! `handbook serve`: a preview on 127.0.0.1 that rebuilds when a source
//! changes and reloads the open page. Nothing is written to disk: pages are
//! rendered in memory, each when it is first asked for, so a change to one
//! regulation of a thousand costs one load and check plus one page.
//!
//! While the sources have errors, every page is an error page listing them,
//! never the stale site; it reloads by itself once they are fixed.
//!
//! The watcher polls file times and sizes (every `POLL`): no dependency, no
//! platform quirks, and cheap next to a rebuild.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;

use crate::content::Handbook;
use crate::diag::Diagnostic;
use crate::render::{self, BuildInfo, Files};
use crate::resolve::Links;
use crate::routes::Route;

/// How often the sources are looked at.
const POLL: Duration = Duration::from_millis(40);
/// How long an idle reload channel waits before a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The preview's own URLs start with this; no handbook file can.
const OWN: &str = "/__handbook/";

/// What the preview is showing.
enum Outcome {
    /// Checked without errors: pages are rendered from it on demand.
    Ready {
        handbook: Arc<Handbook>,
        links: Arc<Links>,
        info: Arc<BuildInfo>,
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
}

/// Options of `handbook serve`.
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub as_of: Option<NaiveDate>,
}

/// Serves until the process is stopped. Prints the address on stdout
/// first (a line `serving http://127.0.0.1:PORT/`).
pub fn serve(options: Options) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", options.port)).map_err(|e| {
        format!(
            "cannot listen on 127.0.0.1:{}: {e}; choose another port with --port",
            options.port
        )
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the port: {e}"))?
        .port();
    let root = options.root;
    if !root.join("handbook.yaml").is_file() {
        return Err(format!(
            "{} has no handbook.yaml; run serve in the handbook folder or pass --root",
            root.display()
        ));
    }
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            generation: 0,
            outcome: Outcome::Broken(Vec::new()),
        }),
        changed: Condvar::new(),
    });
    // Taken before the first build, so a save during it is not missed.
    let first = fingerprint(&root);
    rebuild(&shared, &root, options.as_of, "start");
    println!("serving http://127.0.0.1:{port}/ (Ctrl+C to stop)");
    let _ = std::io::stdout().flush();

    {
        let shared = Arc::clone(&shared);
        let root = root.clone();
        let as_of = options.as_of;
        std::thread::spawn(move || watch(&shared, &root, as_of, first));
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
    Ok(())
}

/// Loads and checks the sources and makes the result the one shown.
fn rebuild(shared: &Shared, root: &Path, as_of: Option<NaiveDate>, why: &str) {
    let started = Instant::now();
    let outcome = match BuildInfo::new(root, as_of) {
        Err(e) => Outcome::Broken(vec![Diagnostic::error("E000", "SOURCE_DATE_EPOCH", e)]),
        Ok(info) => {
            // A bug must not stop the preview: it becomes an error page.
            let loaded =
                match std::panic::catch_unwind(|| crate::pipeline::load_and_check(root, &info)) {
                    Ok(loaded) => loaded,
                    Err(panic) => crate::pipeline::Loaded {
                        handbook: None,
                        links: Default::default(),
                        diagnostics: vec![internal_error(panic.as_ref())],
                    },
                };
            let has_errors = loaded.has_errors();
            for d in &loaded.diagnostics {
                eprintln!("{}", d.render());
            }
            match loaded.handbook {
                Some(hb) if !has_errors => Outcome::Ready {
                    handbook: Arc::new(hb),
                    links: Arc::new(loaded.links),
                    info: Arc::new(info),
                    cache: HashMap::new(),
                },
                _ => Outcome::Broken(loaded.diagnostics),
            }
        }
    };
    let summary = match &outcome {
        Outcome::Ready { .. } => "ok".to_string(),
        Outcome::Broken(d) => format!(
            "{} error(s): the preview shows them",
            d.iter().filter(|d| d.is_error()).count()
        ),
    };
    let mut state = lock(shared);
    state.generation += 1;
    state.outcome = outcome;
    eprintln!(
        "[{why}] checked in {:.0} ms: {summary}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    shared.changed.notify_all();
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A panic in one request must not stop the preview.
    shared
        .state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The files a handbook is made of, with their times and sizes:
/// `handbook.yaml` and the `content`, `templates` and `theme` folders.
fn fingerprint(root: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let stamp = |path: PathBuf| {
        let meta = std::fs::metadata(&path).ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok());
        (path, modified, meta.map_or(0, |m| m.len()))
    };
    let mut seen = vec![stamp(root.join("handbook.yaml"))];
    for dir in ["content", "templates", "theme"] {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            // Folders change with their files; editors' swap and backup
            // files are not sources.
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_dir() || name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            seen.push(stamp(entry.into_path()));
        }
    }
    seen
}

/// Polls the sources and rebuilds on every change.
fn watch(
    shared: &Shared,
    root: &Path,
    as_of: Option<NaiveDate>,
    mut last: Vec<(PathBuf, Option<SystemTime>, u64)>,
) {
    loop {
        std::thread::sleep(POLL);
        let now = fingerprint(root);
        if now != last {
            let what = changed_file(&last, &now)
                .map(|p| crate::source::relative(root, &p))
                .unwrap_or_else(|| "sources".into());
            last = now;
            rebuild(shared, root, as_of, &format!("changed {what}"));
        }
    }
}

/// One file that differs between two fingerprints, to name in the log.
fn changed_file(
    old: &[(PathBuf, Option<SystemTime>, u64)],
    new: &[(PathBuf, Option<SystemTime>, u64)],
) -> Option<PathBuf> {
    new.iter()
        .find(|n| !old.contains(n))
        .or_else(|| old.iter().find(|o| !new.iter().any(|n| n.0 == o.0)))
        .map(|x| x.0.clone())
}

/// A response: status, content type, body.
struct Response {
    status: &'static str,
    kind: &'static str,
    body: Arc<Vec<u8>>,
}

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    // A request is a line and a few headers; nothing larger is read.
    let mut reader = BufReader::new(std::io::Read::take(stream.try_clone()?, 64 * 1024));
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut host = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    let mut stream = stream;
    // Only pages opened as 127.0.0.1 or localhost: a web site that points
    // its own name at 127.0.0.1 (DNS rebinding) must not read the preview.
    if !host.as_deref().is_none_or(local_host) {
        return send(
            &mut stream,
            &text(
                "403 Forbidden",
                "open the preview as http://127.0.0.1:PORT/",
            ),
            false,
        );
    }
    let mut words = request.split_whitespace();
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return send(
            &mut stream,
            &text("405 Method Not Allowed", "only GET is served"),
            false,
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == format!("{OWN}events") {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        return events(stream, shared, since);
    }
    // A folder without its slash: relative links need the slash.
    if !path.ends_with('/') && !path.rsplit('/').next().unwrap_or("").contains('.') {
        let location = format!("{path}/");
        write!(
            stream,
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n"
        )?;
        return stream.flush();
    }
    let response = respond(shared, path);
    send(&mut stream, &response, method == "HEAD")
}

/// Whether a Host header names this computer.
fn local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

fn send(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        r.status,
        r.kind,
        r.body.len()
    )?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

fn text(status: &'static str, body: &str) -> Response {
    Response {
        status,
        kind: "text/plain; charset=utf-8",
        body: Arc::new(body.as_bytes().to_vec()),
    }
}

/// The page for `url_path`, rendered when first asked for.
fn respond(shared: &Shared, url_path: &str) -> Response {
    let Some(path) = file_path(url_path) else {
        return text("400 Bad Request", "bad path");
    };
    let (generation, handbook, links, info) = {
        let state = lock(shared);
        if path == "__handbook/live.js" {
            return Response {
                status: "200 OK",
                kind: "text/javascript; charset=utf-8",
                body: Arc::new(LIVE_JS.as_bytes().to_vec()),
            };
        }
        match &state.outcome {
            Outcome::Broken(diags) => {
                let page = error_page(diags, state.generation);
                return Response {
                    status: "500 Internal Server Error",
                    kind: "text/html; charset=utf-8",
                    body: Arc::new(page.into_bytes()),
                };
            }
            Outcome::Ready {
                handbook,
                links,
                info,
                cache,
            } => {
                if let Some(bytes) = cache.get(&path) {
                    return found(&path, bytes, state.generation);
                }
                (
                    state.generation,
                    Arc::clone(handbook),
                    Arc::clone(links),
                    Arc::clone(info),
                )
            }
        }
    };
    // Render outside the lock, so the watcher and other requests go on.
    let rendered = std::panic::catch_unwind(|| render_for(&handbook, &links, &info, &path))
        .unwrap_or_else(|panic| Err(internal_error(panic.as_ref()).message));
    let files = match rendered {
        Ok(files) => files,
        Err(e) => {
            let d = Diagnostic::error("E000", "templates", e);
            return Response {
                status: "500 Internal Server Error",
                kind: "text/html; charset=utf-8",
                body: Arc::new(error_page(&[d], generation).into_bytes()),
            };
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
        Some(bytes) => found(&path, &bytes, generation),
        None => text("404 Not Found", &format!("{path}: no such page")),
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
        format!("internal error in handbook: {what}"),
    )
    .help("this is a bug in handbook, not in the sources; please report it with the file you last saved")
}

/// The files of the job that writes `path`; everything for the pages that
/// are made of all the others, and the theme.
fn render_for(hb: &Handbook, links: &Links, info: &BuildInfo, path: &str) -> Result<Files, String> {
    let Some(route) = Route::parse(path) else {
        return Ok(Vec::new());
    };
    if let Route::Asset(_) = route {
        return Ok(render::assets(hb)?
            .into_iter()
            .map(|(n, b)| (Route::Asset(n).path(), b))
            .collect());
    }
    let site = render::Site::new(hb, links, info)?;
    match site.render_page(&route) {
        Some(page) => Ok(vec![(route.path(), page?)]),
        None if route.whole_site() => site.render_all(),
        None => Ok(Vec::new()),
    }
}

/// A found file; HTML pages get the reload script.
fn found(path: &str, bytes: &Arc<Vec<u8>>, generation: u64) -> Response {
    if !path.ends_with(".html") {
        return Response {
            status: "200 OK",
            kind: content_type(path),
            body: Arc::clone(bytes),
        };
    }
    let html = String::from_utf8_lossy(bytes);
    let script = live_script(generation);
    let body = match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    };
    Response {
        status: "200 OK",
        kind: "text/html; charset=utf-8",
        body: Arc::new(body.into_bytes()),
    }
}

/// The output path a URL path names: percent-decoded, `/` and folders to
/// their `index.html`; `None` for anything that leaves the site.
fn file_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    let mut path = decoded.trim_start_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
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
        _ => "application/octet-stream",
    }
}

/// Reloads the page when the generation it was made from is replaced.
const LIVE_JS: &str = r#"(function () {
  var me = document.currentScript;
  var since = me ? me.getAttribute('data-generation') : '0';
  var source = new EventSource('/__handbook/events?since=' + since);
  source.onmessage = function (e) {
    if (e.data !== since) {
      source.close();
      location.reload();
    }
  };
})();
"#;

fn live_script(generation: u64) -> String {
    format!("<script src=\"{OWN}live.js\" data-generation=\"{generation}\"></script>")
}

/// A server-sent event stream: the current generation as soon as it is not
/// `since`, then every new one.
fn events(mut stream: TcpStream, shared: &Shared, since: u64) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
          Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()?;
    let mut seen = since;
    loop {
        let generation = {
            let state = lock(shared);
            let (state, _) = shared
                .changed
                .wait_timeout_while(state, KEEP_ALIVE, |s| s.generation == seen)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state.generation
        };
        if generation == seen {
            stream.write_all(b": keep-alive\n\n")?;
        } else {
            write!(stream, "data: {generation}\n\n")?;
            seen = generation;
        }
        stream.flush()?;
    }
}

/// The page shown for every URL while the sources have errors.
fn error_page(diags: &[Diagnostic], generation: u64) -> String {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    let shown: Vec<&Diagnostic> = if errors.is_empty() {
        diags.iter().collect()
    } else {
        errors
    };
    let mut items = String::new();
    for d in &shown {
        let e = render::escape;
        items.push_str(&format!(
            "<li><p class=\"where\"><code>{}</code> <span>{}:{}:{}</span></p>\
             <p class=\"what\">{}</p>",
            e(d.code),
            e(&d.file),
            d.line,
            d.column,
            e(&d.message)
        ));
        if let Some(snippet) = &d.snippet {
            items.push_str(&format!("<pre>{}</pre>", e(snippet)));
        }
        if let Some(help) = &d.help {
            items.push_str(&format!("<p class=\"help\">直し方: {}</p>", e(help)));
        }
        items.push_str("</li>\n");
    }
    if shown.is_empty() {
        items.push_str("<li><p class=\"what\">ハンドブックを読み込めませんでした。端末の表示を確認してください。</p></li>");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>エラー {n}件 — handbook serve</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <main>\n<h1>原稿にエラーが{n}件あります</h1>\n\
         <p>直して保存すると、このページは自動で更新されます。エラーがある間は公開用のページを表示しません。</p>\n\
         <ol class=\"errors\">\n{items}</ol>\n</main>\n{script}\n</body>\n</html>\n",
        n = shown.len(),
        script = live_script(generation),
    )
}

const STYLE: &str = "body { font-family: sans-serif; margin: 0; background: #fff; color: #111; }\n\
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }\n\
h1 { color: #a00; border-bottom: 3px solid #a00; }\n\
ol.errors { padding-left: 1.5rem; }\n\
ol.errors li { margin: 0 0 1rem; }\n\
.where code { background: #a00; color: #fff; padding: 0 .3em; }\n\
.where span { font-family: monospace; }\n\
pre { background: #f4f4f4; padding: .5rem; overflow-x: auto; }\n\
.help { color: #064; }\n";

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
        assert_eq!(file_path("/%zz"), None);
    }

    #[test]
    fn only_local_host_names_are_served() {
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "localhost",
            "[::1]:3000",
        ] {
            assert!(local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "127.0.0.1.evil.example",
            "10.0.0.1:3000",
        ] {
            assert!(!local_host(bad), "{bad}");
        }
    }

    #[test]
    fn the_error_page_escapes_what_the_sources_say() {
        let d = Diagnostic::error("E001", "content/<x>.md", "bad <script>")
            .at(3, 4)
            .help("write & fix");
        let page = error_page(&[d], 7);
        assert!(page.contains("content/&lt;x&gt;.md:3:4"), "{page}");
        assert!(page.contains("bad &lt;script&gt;"));
        assert!(page.contains("write &amp; fix"));
        assert!(page.contains("data-generation=\"7\""));
        assert!(!page.contains("<script>"));
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_body() {
        let bytes = Arc::new(b"<html><body><p>x</p></body></html>".to_vec());
        let r = found("index.html", &bytes, 3);
        let body = String::from_utf8(r.body.to_vec()).unwrap();
        assert!(
            body.ends_with("data-generation=\"3\"></script></body></html>"),
            "{body}"
        );
        let css = found("theme/style.css", &bytes, 3);
        assert_eq!(css.body, bytes);
        assert_eq!(css.kind, "text/css; charset=utf-8");
    }
}
