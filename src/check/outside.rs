//! The offline rule for a handbook's own templates and theme (E037): a
//! page must load nothing from outside its folder — it is read from a USB
//! stick while the network is down — so a `src`, a stylesheet `<link>`, a
//! CSS `url()` or `@import` that names `http://`, `https://` or `//host`
//! is an error where it is written. A link a reader follows (`<a href>`)
//! is not loaded and stays allowed.

use crate::content::theme::Theme;
use crate::diag::Diagnostic;

/// Every outside address the theme's templates and text files load.
pub fn run(theme: &Theme, diags: &mut Vec<Diagnostic>) {
    for (text, rel) in theme.templates.values() {
        scan(text, rel, true, diags);
    }
    for (path, bytes) in &theme.assets {
        let html = path.ends_with(".html") || path.ends_with(".htm") || path.ends_with(".svg");
        if !(html || path.ends_with(".css")) {
            continue;
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            scan(text, &format!("theme/{path}"), html, diags);
        }
    }
}

/// The places in `text` where an address is loaded: CSS's `url(` and
/// `@import` always, and in HTML `src` and `srcset` attributes and the
/// `href` of a `<link>` that loads (a stylesheet, an icon, a preload; not
/// `canonical`). What stands in a comment is not loaded.
fn scan(text: &str, rel: &str, html: bool, diags: &mut Vec<Diagnostic>) {
    let lower = text.to_ascii_lowercase();
    let comments = comments(&lower, html);
    let mut loads: Vec<usize> = Vec::new();
    for needle in ["url(", "@import"] {
        loads.extend(lower.match_indices(needle).map(|(i, _)| i + needle.len()));
    }
    if html {
        loads.extend(attribute_values(&lower, "src"));
        loads.extend(attribute_values(&lower, "srcset"));
        for (start, _) in lower.match_indices("<link") {
            let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
            let tag = &lower[start..end];
            let loading = [
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "manifest",
                "prefetch",
            ]
            .iter()
            .any(|r| tag.contains(r));
            if loading {
                loads.extend(attribute_values(tag, "href").map(|i| start + i));
            }
        }
    }
    loads.retain(|at| !comments.iter().any(|c| c.contains(at)));
    loads.sort_unstable();
    loads.dedup();
    for at in loads {
        let value = text[at..].trim_start_matches([' ', '\t', '\n', '"', '\'', '(']);
        let from = text.len() - value.len();
        let address: String = value
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ')' | ' ' | '>' | '\n' | ';'))
            .collect();
        let outside = ["http://", "https://", "//"]
            .iter()
            .any(|p| address.to_ascii_lowercase().starts_with(p));
        if !outside {
            continue;
        }
        let (line, column) = line_col(text, from);
        diags.push(
            Diagnostic::error(
                "E037",
                rel,
                format!("外から読み込むアドレス `{address}` があります。ネットワークが止まるとページが崩れ、開くたびに外へ通信します"),
            )
            .en(format!(
                "`{address}` is loaded from outside the handbook: pages break offline and call out whenever they open"
            ))
            .help("そのファイルを theme/ に置き、相対パスで指定してください（例: `url(\"img/logo.png\")`）")
            .help_en("put the file in theme/ and refer to it by a relative path (e.g. `url(\"img/logo.png\")`)")
            .at(line, column)
            .snippet(text.lines().nth(line - 1).unwrap_or_default()),
        );
    }
}

/// Where the value of each attribute `name` starts in `lower` (after its
/// `=`, spaces allowed around it, the name standing after a space).
fn attribute_values<'a>(lower: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    lower.match_indices(name).filter_map(move |(i, _)| {
        let before = lower[..i].chars().next_back()?;
        if !before.is_ascii_whitespace() {
            return None;
        }
        let after = &lower[i + name.len()..];
        let rest = after.trim_start().strip_prefix('=')?;
        Some(lower.len() - rest.len())
    })
}

/// The byte ranges of the comments of `lower`: `/* … */` (CSS), and in
/// HTML `<!-- … -->` too.
fn comments(lower: &str, html: bool) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut kinds = vec![("/*", "*/")];
    if html {
        kinds = vec![("<!--", "-->")];
    }
    for (open, close) in kinds {
        let mut from = 0;
        while let Some(start) = lower[from..].find(open).map(|i| from + i) {
            let end = lower[start + open.len()..]
                .find(close)
                .map_or(lower.len(), |e| start + open.len() + e + close.len());
            found.push(start..end);
            from = end;
        }
    }
    found
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, html: bool) -> Vec<(usize, usize, String)> {
        let mut diags = Vec::new();
        scan(text, "theme/x", html, &mut diags);
        diags
            .iter()
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect()
    }

    #[test]
    fn what_is_loaded_from_outside_is_found_and_links_are_not() {
        let css = "body { color: red; }\n@import url(\"https://cdn.example/x.css\");\n.logo { background: url(//img.example/a.png); }\n.ok { background: url(img/a.png); }\n";
        let got = found(css, false);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (2, 14));
        assert!(got[0].2.contains("https://cdn.example/x.css"));
        assert_eq!((got[1].0, got[1].1), (3, 25));

        let html = "<link rel=\"stylesheet\" href=\"https://cdn.example/s.css\">\n<script src = 'http://evil.example/a.js'></script>\n<a href=\"https://www.mhlw.go.jp/\">厚生労働省</a>\n<img src=\"{{ root }}theme/logo.png\">\n<link rel=\"canonical\" href=\"https://intranet.example/\">\n<!-- <script src=\"https://old.example/a.js\"></script> -->\n";
        let got = found(html, true);
        let lines: Vec<usize> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [1, 2], "{got:?}");
        assert!(found("/* @import url(\"https://x.example/a.css\"); */\n", false).is_empty());
    }
}
