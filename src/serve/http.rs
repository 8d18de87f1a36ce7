//! The preview's HTTP side, on `oxhttp` (HTTP/1.1 from `httparse` and the
//! `http` crate, synchronous, two small dependencies). It was chosen over
//! `tiny_http`, the usual small server, because tiny_http starts a thread
//! for every open connection with no limit: oxhttp caps the connections it
//! serves at once (the rest wait to be accepted) and times out a client
//! that stops sending or reading. It refuses a request without exactly one
//! Host header, and one whose header names are malformed (`Host : x`).
//!
//! On top of that, this module answers only requests meant for this
//! computer (Host 127.0.0.1 or localhost: a web page that points its own
//! name at 127.0.0.1, DNS rebinding, must not read the preview), only GET
//! and HEAD, and never redirects off the site.

use std::time::Duration;

use oxhttp::model::header::{CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};

/// Connections served at once: a few tabs each with its reload poll and
/// the browser's parallel requests. The rest wait to be accepted.
pub const MAX_CONNECTIONS: usize = 32;
/// A client that sends or reads nothing for this long is dropped.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// An answer, before it becomes a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub kind: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Answer {
    pub fn ok(kind: &'static str, body: Vec<u8>) -> Answer {
        Answer {
            status: 200,
            kind,
            body,
            location: None,
        }
    }

    pub fn text(status: u16, body: &str) -> Answer {
        Answer {
            status,
            kind: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
        }
    }

    pub fn html(status: u16, body: String) -> Answer {
        Answer {
            status,
            kind: "text/html; charset=utf-8",
            body: body.into_bytes(),
            location: None,
        }
    }
}

/// What the preview does with a request that passed the guards: a page
/// for a path of the site (with the query, for the reload poll), or a
/// [`folder_redirect`].
pub trait Site: Send + Sync + 'static {
    fn answer(&self, path: &str, query: &str) -> Answer;
}

/// Serves `site` on 127.0.0.1:`port` until the process ends.
pub fn run(site: impl Site, port: u16) -> Result<(), String> {
    let server = oxhttp::Server::new(move |request| respond(&site, request))
        .bind(([127, 0, 0, 1], port))
        .with_global_timeout(TIMEOUT)
        .with_max_concurrent_connections(MAX_CONNECTIONS);
    let listening = server.spawn().map_err(|e| {
        crate::diag::tr(
            format!("127.0.0.1:{port} で待ち受けできません（{e}）。--port で別のポートを指定してください"),
            format!("cannot listen on 127.0.0.1:{port}: {e}; choose another port with --port"),
        )
    })?;
    listening.join().map_err(|e| {
        crate::diag::tr(
            format!("プレビューが止まりました（{e}）"),
            format!("the preview stopped: {e}"),
        )
    })
}

/// A free port on 127.0.0.1, for `--port 0`.
pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| {
            crate::diag::tr(
                format!("空いているポートが見つかりません（{e}）"),
                format!("cannot find a free port: {e}"),
            )
        })
}

fn respond(site: &impl Site, request: &mut Request<Body>) -> Response<Body> {
    let answer = guard(request).unwrap_or_else(|| {
        let uri = request.uri();
        site.answer(uri.path(), uri.query().unwrap_or(""))
    });
    let head = request.method() == Method::HEAD;
    let mut response = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(CONTENT_TYPE, answer.kind)
        .header(CACHE_CONTROL, "no-store");
    if let Some(l) = &answer.location {
        response = response.header(LOCATION, l.as_str());
    }
    let body = if head {
        Body::empty()
    } else {
        Body::from(answer.body)
    };
    response.body(body).unwrap_or_else(|_| {
        let mut r = Response::new(Body::from("bad response"));
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// The answer to a request the preview refuses, or `None` to go on.
fn guard(request: &Request<Body>) -> Option<Answer> {
    // oxhttp already refused a request with no Host or two of them.
    let hosts: Vec<&str> = request
        .headers()
        .get_all(HOST)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let authority = request.uri().authority().map(|a| a.as_str());
    let local = hosts.len() == 1 && hosts.iter().chain(authority.iter()).all(|h| local_host(h));
    if !local {
        return Some(Answer::text(
            403,
            "open the preview as http://127.0.0.1:PORT/",
        ));
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Some(Answer::text(405, "only GET is served"));
    }
    None
}

/// Whether a Host header names this computer.
pub fn local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// A folder asked for without its slash gets it, since relative links
/// need it: `/forms` → `./forms/`. The location is relative to the
/// request and starts with `./`, so it never leaves the site (`//evil.com`
/// would be another site; `evil.com:` a scheme); a path that is not a
/// plain one of the site's gets no redirect at all.
pub fn folder_redirect(path: &str) -> Option<Answer> {
    folder_location(path).map(|location| Answer {
        status: 301,
        kind: "text/plain; charset=utf-8",
        body: Vec::new(),
        location: Some(location),
    })
}

fn folder_location(path: &str) -> Option<String> {
    if path.ends_with('/') || super::file_path(path).is_none() {
        return None;
    }
    let last = path.rsplit('/').next()?;
    (!last.contains('.')).then(|| format!("./{last}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn redirects_stay_on_the_site() {
        assert_eq!(folder_location("/forms").as_deref(), Some("./forms/"));
        assert_eq!(folder_location("/a/b").as_deref(), Some("./b/"));
        for off in ["//evil%2ecom", "/\\evil", "///evil", "//evil.com", "/a//b"] {
            assert_eq!(folder_location(off), None, "{off}");
        }
        assert_eq!(folder_location("/forms/"), None);
        assert_eq!(folder_location("/index.html"), None);
    }
}
