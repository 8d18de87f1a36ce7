//! `handbook serve` from outside, over raw TCP: what it answers to requests
//! a hostile page or program could send (off-site redirects, forged or
//! doubled Host headers), that it serves a bounded number of connections
//! at once and still answers once idle ones are dropped, and that a saved
//! source is picked up. The browser side (reload in Chromium) is
//! tests/browser/serve.test.mjs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, EPOCH, TempDir};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    start_with(
        Command::new(BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(root),
    )
}

/// `handbook serve` as `command` starts it, once it prints its address.
fn start_with(command: &mut Command) -> Server {
    let mut child = command
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start handbook serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the address");
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

fn handbook() -> TempDir {
    common::one_regulation("serve")
}

/// The status line and headers of the answer to `request`, sent as is.
fn raw(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    answer.split("\r\n\r\n").next().unwrap_or("").to_string()
}

fn get(port: u16, target: &str, host: &str) -> String {
    raw(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn status(head: &str) -> &str {
    head.split(' ').nth(1).unwrap_or("")
}

#[test]
fn never_redirects_off_the_site() {
    let dir = handbook();
    let server = start(dir.path());
    for target in [
        "//evil%2ecom",
        "/\\evil",
        "///evil",
        "//evil.com/x",
        "/a//b",
    ] {
        let head = get(server.port, target, "127.0.0.1");
        assert!(
            !head.to_ascii_lowercase().contains("location:"),
            "{target}: {head}"
        );
        assert_eq!(status(&head), "400", "{target}: {head}");
    }
    // A folder without its slash still gets one, relative to the request.
    let head = get(server.port, "/regulations", "127.0.0.1");
    assert_eq!(status(&head), "301", "{head}");
    assert!(head.contains("location: ./regulations/"), "{head}");
}

#[test]
fn only_requests_for_this_computer_are_served() {
    let dir = handbook();
    let server = start(dir.path());
    let page = "/regulations/a.html";
    assert_eq!(status(&get(server.port, page, "127.0.0.1")), "200");
    assert_eq!(status(&get(server.port, page, "localhost:1")), "200");
    assert_eq!(status(&get(server.port, page, "evil.example")), "403");
    let cases = [
        // Two Host headers, the forged one first or last.
        "GET /regulations/a.html HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "GET /regulations/a.html HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        // A space before the colon: some parsers take it as Host.
        "GET /regulations/a.html HTTP/1.1\r\nHost : evil.example\r\nConnection: close\r\n\r\n",
        // No Host at all.
        "GET /regulations/a.html HTTP/1.0\r\n\r\n",
    ];
    for request in cases {
        let head = raw(server.port, request);
        assert_eq!(status(&head), "400", "{request:?}: {head}");
    }
    // The request line naming another site is not ours either.
    let head = raw(
        server.port,
        "GET http://evil.example/regulations/a.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&head), "403", "{head}");
    let head = raw(
        server.port,
        "POST /regulations/a.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&head), "405", "{head}");
}

fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn connections_are_capped_and_idle_ones_dropped() {
    let dir = handbook();
    let server = start(dir.path());
    // Connections that never send a request, more than are served at once.
    let idle: Vec<TcpStream> = (0..120)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let pid = server.child.id();
    if Path::new("/proc/self/status").exists() {
        let n = threads(pid);
        assert!(n <= 48, "{n} threads for 120 idle connections");
    }
    // A real request is answered once the idle ones have timed out.
    let started = Instant::now();
    let head = get(server.port, "/regulations/a.html", "127.0.0.1");
    assert_eq!(status(&head), "200", "{head}");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "{:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn a_saved_source_is_served_without_a_restart() {
    let dir = handbook();
    let server = start(dir.path());
    saves_are_served(dir.path(), &server);
}

/// Run in the handbook's folder without `--root` (the README's quick
/// start), the preview still sees a save: the folder watched is given as
/// `.`, the changes come named from `/`.
#[test]
fn a_save_is_seen_in_the_folder_serve_was_started_in() {
    let dir = handbook();
    let server = start_with(
        Command::new(BIN)
            .args(["serve", "--port", "0"])
            .current_dir(dir.path()),
    );
    saves_are_served(dir.path(), &server);
}

/// Saves a new text of the regulation, then a broken one, and waits for
/// the preview to serve each.
fn saves_are_served(dir: &Path, server: &Server) {
    let body = |port| {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(
            b"GET /regulations/a.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    assert!(body(server.port).contains("甲。"));
    std::fs::write(
        dir.join("content/regulations/a.md"),
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　乙に改める。\n",
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !body(server.port).contains("乙に改める。") {
        assert!(Instant::now() < deadline, "the change never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Broken sources: every page is the error page, never the old one.
    std::fs::write(dir.join("content/regulations/a.md"), "---\ntitle: [\n---\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let page = body(server.port);
        if page.starts_with("HTTP/1.1 500") {
            assert!(!page.contains("乙に改める。"));
            break;
        }
        assert!(Instant::now() < deadline, "the error page never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A save prints the diagnostics it caused, not every standing one again:
/// the second check after a save that changes nothing else names the old
/// error once, as not shown again.
#[test]
fn a_save_prints_only_new_diagnostics() {
    let dir = handbook();
    std::fs::write(
        dir.path().join("content/regulations/a.md"),
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　第９条の規定による。\n",
    )
    .unwrap();
    let log = dir.path().join("serve.log");
    let mut child = Command::new(BIN)
        .args(["serve", "--lang", "en", "--port", "0", "--root"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start handbook serve");
    let checks = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text.matches("checked in").count() >= n {
                return text;
            }
            assert!(Instant::now() < deadline, "no check {n}: {text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let first = checks(1);
    assert_eq!(first.matches("error[E030]").count(), 1, "{first}");
    std::fs::write(
        dir.path().join("content/regulations/b.md"),
        "---\ntitle: 乙規程\neffective: 2025-04-01\n---\n第１条　第８条の規定による。\n",
    )
    .unwrap();
    let second = checks(2);
    let _ = child.kill();
    let _ = child.wait();
    let after = &second[first.len()..];
    assert_eq!(after.matches("error[E030]").count(), 1, "{after}");
    assert!(after.contains("b.md"), "{after}");
    assert!(!after.contains("a.md:"), "{after}");
    assert!(
        after.contains("(1 unchanged diagnostic(s) not shown again)"),
        "{after}"
    );
}

/// The preview keeps each regulation's parse and resolution for the next
/// save: a regulation whose file did not change still has its mentions
/// linked after another file is saved, and one whose file changed is read
/// again.
#[test]
fn a_save_reads_again_only_what_changed_and_keeps_the_rest_linked() {
    let dir = handbook();
    std::fs::write(
        dir.path().join("content/regulations/a.md"),
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　甲。\n第２条　第１条の定めによる。\n",
    )
    .unwrap();
    let server = start(dir.path());
    let get = |path: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    let until = |path: &str, ok: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let p = get(path);
            if ok(&p) {
                return p;
            }
            assert!(Instant::now() < deadline, "{path}: {p}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let linked = |p: &str| p.contains("href=\"#art-1\"");
    until("/regulations/a.html", &|p| linked(p));
    // Another file saved: once its page is there, a.md (from the kept
    // parse) is still linked.
    std::fs::write(
        dir.path().join("content/regulations/b.md"),
        "---\ntitle: 乙規程\neffective: 2025-04-01\n---\n第１条　乙。\n",
    )
    .unwrap();
    until("/regulations/b.html", &|p| p.contains("乙。"));
    assert!(
        linked(&get("/regulations/a.html")),
        "a.md lost its links after b.md was saved"
    );
    // a.md itself changed: read again, its new text and link shown.
    std::fs::write(
        dir.path().join("content/regulations/a.md"),
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　甲。\n第２条　丙。\n第３条　第２条の定めによる。\n",
    )
    .unwrap();
    until("/regulations/a.html", &|p| {
        p.contains("丙。") && p.contains("href=\"#art-2\"")
    });
}
