//! What the preview adds to the site: the reload script every page gets,
//! and the error page every URL shows while the sources have errors.

use crate::diag::Diagnostic;
use crate::html::escape;

/// The preview's own URLs start with this; no handbook file can.
pub const OWN: &str = "/__handbook/";

/// Reloads the page once the sources change: asks the preview, again and
/// again, to answer when the generation the page was made from is
/// replaced (a long poll; each answer is an ordinary response, so the
/// server needs no streaming connection).
pub const LIVE_JS: &str = r#"(function () {
  var me = document.currentScript;
  var since = me ? me.getAttribute('data-generation') : '0';
  function wait(delay) {
    setTimeout(function () {
      var x = new XMLHttpRequest();
      x.open('GET', '/__handbook/wait?since=' + since);
      x.onload = function () {
        var now = x.status === 200 ? x.responseText.trim() : since;
        if (now !== since) {
          location.reload();
        } else {
          wait(0);
        }
      };
      x.onerror = function () {
        wait(1000);
      };
      x.send();
    }, delay);
  }
  wait(0);
})();
"#;

/// The script element that reloads a page made from `generation`.
pub fn live_script(generation: u64) -> String {
    format!("<script src=\"{OWN}live.js\" data-generation=\"{generation}\"></script>")
}

/// An HTML page with the reload script before the end of its body.
pub fn with_live_script(html: &[u8], generation: u64) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let script = live_script(generation);
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
    .into_bytes()
}

/// The page shown for every URL while the sources have errors.
pub fn error_page(diags: &[Diagnostic], generation: u64) -> String {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    let shown: Vec<&Diagnostic> = if errors.is_empty() {
        diags.iter().collect()
    } else {
        errors
    };
    let mut items = String::new();
    for d in &shown {
        items.push_str(&format!(
            "<li><p class=\"where\"><code>{}</code> <span>{}:{}:{}</span></p>\
             <p class=\"what\">{}</p>",
            escape(d.code),
            escape(&d.file),
            d.line,
            d.column,
            escape(&d.message)
        ));
        if let Some(snippet) = &d.snippet {
            items.push_str(&format!("<pre>{}</pre>", escape(snippet)));
        }
        if let Some(help) = &d.help {
            items.push_str(&format!("<p class=\"help\">直し方: {}</p>", escape(help)));
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
        let body = with_live_script(b"<html><body><p>x</p></body></html>", 3);
        let body = String::from_utf8(body).unwrap();
        assert!(
            body.ends_with("data-generation=\"3\"></script></body></html>"),
            "{body}"
        );
    }
}
