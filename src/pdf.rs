//! `handbook pdf`: prints the built binder (`print.html`) to a PDF through
//! an installed Chromium, Chrome or Edge in headless mode. Nothing is
//! downloaded; without a browser the command says what to install.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::diag::tr;

/// Browser programs looked up on `PATH`, in order.
const NAMES: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "msedge",
];

/// Where browsers are installed outside `PATH`.
const PLACES: [&str; 6] = [
    "/usr/bin/chromium",
    "/snap/bin/chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
];

/// How long one print may take before it is given up.
const TIMEOUT: Duration = Duration::from_secs(180);

/// How to get a browser to print with, in this run's language.
fn install_hint() -> String {
    tr(
        "Debian・Ubuntu では `sudo apt install chromium`、Windows・macOS では Google Chrome か \
         Microsoft Edge を入れるか、CHROMIUM にブラウザーのプログラムを指定してください。\
         ブラウザーがなければ、出力したハンドブックの print.html を開いて手で PDF に印刷してください",
        "install one: on Debian or Ubuntu `sudo apt install chromium`; \
         on Windows or macOS Google Chrome or Microsoft Edge; or set CHROMIUM to the browser's \
         program file. Without a browser, open print.html in the built handbook and print it to \
         PDF by hand",
    )
}

/// The browser to print with: `CHROMIUM` when set, else the first one
/// found on `PATH` or in the usual install places.
pub fn find_chromium() -> Result<PathBuf, String> {
    if let Some(given) = std::env::var_os("CHROMIUM") {
        let path = PathBuf::from(&given);
        if path.is_file() {
            return Ok(path);
        }
        let (shown, hint) = (path.display(), install_hint());
        return Err(tr(
            format!(
                "CHROMIUM={shown} はファイルではありません。Chromium・Chrome・Edge のプログラムを指定してください。{hint}"
            ),
            format!(
                "CHROMIUM={shown} is not a file; point it at a Chromium, Chrome or Edge program, or {hint}"
            ),
        ));
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    for name in NAMES {
        for dir in &on_path {
            for candidate in [dir.join(name), dir.join(format!("{name}.exe"))] {
                if candidate.is_file() {
                    return Ok(candidate);
                }
            }
        }
    }
    PLACES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or_else(|| {
            let hint = install_hint();
            tr(
                format!("冊子を印刷する Chromium・Chrome・Edge が見つかりません。{hint}"),
                format!("no Chromium, Chrome or Edge found to print the binder with; {hint}"),
            )
        })
}

/// Whether this process runs as root, where Chromium refuses its sandbox.
fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Prints `html` to `pdf` with `browser`. The PDF appears whole or not at
/// all: it is written beside the target and renamed into place.
pub fn print(browser: &Path, html: &Path, pdf: &Path) -> Result<(), String> {
    let html = std::path::absolute(html).map_err(|e| crate::diag::io_error(html, &e))?;
    let pdf = std::path::absolute(pdf).map_err(|e| crate::diag::io_error(pdf, &e))?;
    let pid = std::process::id();
    let profile = std::env::temp_dir().join(format!("handbook-pdf-profile-{pid}"));
    let partial = pdf.with_extension(format!("pdf.tmp-{pid}"));
    std::fs::create_dir_all(&profile).map_err(|e| crate::diag::io_error(&profile, &e))?;
    // Chromium talks a lot on stderr; a file cannot fill up and stall it.
    let log = profile.join("stderr.log");
    let log_file = std::fs::File::create(&log).map_err(|e| crate::diag::io_error(&log, &e))?;
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // The binder needs nothing from a network; any request goes nowhere.
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
    ]);
    if is_root() {
        cmd.arg("--no-sandbox");
    }
    cmd.arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", partial.display()))
        .arg(&html)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log_file));
    let result = run(cmd, browser, &partial, &log).and_then(|()| stamp_dates(&partial));
    let _ = std::fs::remove_dir_all(&profile);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &pdf).map_err(|e| crate::diag::io_error(&pdf, &e))
}

/// With `SOURCE_DATE_EPOCH` set, the PDF's creation and modification
/// dates become that moment instead of the wall clock, so the same sources
/// print to the same bytes. Chromium writes them in the document's Info
/// dictionary as `/CreationDate (D:YYYYMMDDHHmmSS+00'00')`; the new date
/// has the same length, so no offset in the file moves.
fn stamp_dates(pdf: &Path) -> Result<(), String> {
    let Some(when) = crate::build_info::source_date_epoch()? else {
        return Ok(());
    };
    let mut bytes = std::fs::read(pdf).map_err(|e| crate::diag::io_error(pdf, &e))?;
    let stamp = when.format("%Y%m%d%H%M%S").to_string();
    let stamped = set_dates(&mut bytes, stamp.as_bytes());
    if stamped {
        std::fs::write(pdf, &bytes).map_err(|e| crate::diag::io_error(pdf, &e))?;
    }
    Ok(())
}

/// Overwrites the 14 digits after every `/CreationDate (D:` and
/// `/ModDate (D:` with `stamp`; whether any was found.
fn set_dates(bytes: &mut [u8], stamp: &[u8]) -> bool {
    let mut found = false;
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(i) = bytes[from..].windows(key.len()).position(|w| w == key) {
            let at = from + i + key.len();
            let digits = bytes.get(at..at + 14);
            if digits.is_some_and(|d| d.iter().all(u8::is_ascii_digit)) && stamp.len() == 14 {
                bytes[at..at + 14].copy_from_slice(stamp);
                found = true;
            }
            from = at;
        }
    }
    found
}

fn run(mut cmd: Command, browser: &Path, partial: &Path, log: &Path) -> Result<(), String> {
    let mut child = cmd.spawn().map_err(|e| {
        let shown = browser.display();
        tr(
            format!("{shown} を起動できません（{e}）"),
            format!("could not start {shown}: {e}"),
        )
    })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                let (shown, secs) = (browser.display(), TIMEOUT.as_secs());
                return Err(tr(
                    format!("{shown} が {secs} 秒たっても印刷を終えませんでした"),
                    format!("{shown} did not finish printing within {secs} s"),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(crate::diag::io_error(browser, &e)),
        }
    };
    let stderr = std::fs::read_to_string(log).unwrap_or_default();
    let is_pdf = std::fs::read(partial).is_ok_and(|b| b.starts_with(b"%PDF-"));
    if !status.success() || !is_pdf {
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        let (shown, last) = (
            browser.display(),
            last.map(|l| format!(": {l}")).unwrap_or_default(),
        );
        return Err(tr(
            format!("{shown} が冊子を印刷できませんでした（{status}）{last}"),
            format!("{shown} did not print the binder ({status}){last}"),
        ));
    }
    Ok(())
}

/// Where poppler's `pdfinfo` is looked for outside `PATH`.
const PDFINFO_PLACES: [&str; 3] = [
    "/usr/bin/pdfinfo",
    "/usr/local/bin/pdfinfo",
    "/opt/homebrew/bin/pdfinfo",
];

/// The tool that reads back where each chapter landed: poppler's
/// `pdfinfo` (`PDFINFO` chooses one). Chromium cannot print a page number
/// that points elsewhere (no `target-counter()`), so the binder is printed,
/// read back, numbered and printed again.
pub fn find_pdfinfo() -> Result<PathBuf, String> {
    let hint = tr(
        "ページ番号を入れるには poppler の pdfinfo が必要です。Debian・Ubuntu では \
         `sudo apt install poppler-utils`、macOS では `brew install poppler` で入れるか、\
         PDFINFO にそのプログラムを指定してください",
        "pdfinfo from poppler is needed to number the pages: on Debian or Ubuntu \
         `sudo apt install poppler-utils`, on macOS `brew install poppler`, or set PDFINFO \
         to the program",
    );
    if let Some(given) = std::env::var_os("PDFINFO") {
        let path = PathBuf::from(&given);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(tr(
                format!(
                    "PDFINFO={} はファイルではありません。{hint}",
                    path.display()
                ),
                format!("PDFINFO={} is not a file; {hint}", path.display()),
            ))
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .iter()
        .flat_map(|d| [d.join("pdfinfo"), d.join("pdfinfo.exe")])
        .chain(PDFINFO_PLACES.iter().map(PathBuf::from))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            tr(
                format!("pdfinfo が見つかりません。{hint}"),
                format!("pdfinfo not found; {hint}"),
            )
        })
}

/// What the cover of a numbered copy says (from the register of printed
/// copies, `content/distribution.yaml`).
#[derive(Debug, Clone)]
pub struct CopyFill {
    pub number: u32,
    pub place: String,
    pub holder: Option<String>,
    /// The day it is printed, as the cover shows it.
    pub printed: String,
}

/// The page of every named destination in `pdfinfo -dests` output
/// (`   3 [ XYZ 0 836 null ] "ch1"`).
pub fn parse_dests(text: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let Some(page) = words.next().and_then(|w| w.parse::<u32>().ok()) else {
            continue;
        };
        let Some(name) = line
            .rsplit_once('"')
            .and_then(|(head, _)| head.rsplit_once('"'))
            .map(|(_, name)| name)
        else {
            continue;
        };
        out.entry(name.to_string()).or_insert(page);
    }
    out
}

const PAGE_REF: &str = "<span class=\"pageref ";

/// The target of every page-number place in the binder, in order.
pub fn page_refs(html: &str) -> Vec<String> {
    html.split(PAGE_REF)
        .skip(1)
        .filter_map(|s| s.split("data-ref=\"").nth(1)?.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The binder with its page numbers and the copy's cover written in.
/// `pages` gives each target's page; a target it lacks (not printed, so
/// Chromium made no destination for it) keeps its empty place, which
/// shows nothing. With `placeholder`, every place gets the widest number
/// instead: the first print only has to lay the pages out, and a number
/// box of fixed width keeps the second print's layout the same.
pub fn fill_binder(
    html: &str,
    pages: &HashMap<String, u32>,
    placeholder: bool,
    copy: Option<&CopyFill>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut rest = html;
    while let Some(i) = rest.find(PAGE_REF) {
        let Some(close) = rest[i..].find("></span>") else {
            break;
        };
        let tag_end = i + close + 1;
        let target = rest[i..tag_end]
            .split("data-ref=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or("");
        out.push_str(&rest[..tag_end]);
        let number = if placeholder {
            Some("000".to_string())
        } else {
            pages.get(target).map(u32::to_string)
        };
        if let Some(n) = number {
            out.push_str(&format!("<span class=\"pr-num\">{n}</span>"));
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    let mut out = out.replacen(
        "<body class=\"binder\">",
        "<body class=\"binder paged\">",
        1,
    );
    if let Some(c) = copy {
        let fills = [
            ("number", format!("第{}号", c.number)),
            ("printed", c.printed.clone()),
            ("place", c.place.clone()),
            ("holder", c.holder.clone().unwrap_or_default()),
        ];
        for (field, value) in fills {
            let empty = format!("data-fill=\"{field}\"></td>");
            let filled = format!("data-fill=\"{field}\">{}</td>", crate::html::escape(&value));
            out = out.replacen(&empty, &filled, 1);
        }
    }
    out
}

/// A file that is removed when it goes out of scope.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// How many times the binder may be printed before its page numbers must
/// have settled. Numbers sit in boxes of fixed width, so the second print
/// lays out like the first; a third is the margin for a theme that does
/// not keep them fixed.
const PASSES: usize = 3;

/// Prints the built binder at `out/print.html` to `pdf` with every page
/// number written in: the contents' and each cross-reference's (`→ p.12`),
/// and, for a numbered copy, its number, place and holder on the cover.
/// Returns how many times it printed.
pub fn print_binder(
    browser: &Path,
    pdfinfo: &Path,
    out: &Path,
    pdf: &Path,
    copy: Option<&CopyFill>,
) -> Result<usize, String> {
    let source = out.join(crate::routes::Route::Print.path());
    let html = std::fs::read_to_string(&source).map_err(|e| crate::diag::io_error(&source, &e))?;
    if copy.is_some() && !html.contains("data-fill=\"number\"") {
        let shown = source.display();
        return Err(tr(
            format!(
                "{shown} の表紙に冊子番号を書き入れる場所（<td data-fill=\"number\"></td>）がありません。\
                 --copy を使うには、ハンドブック独自の templates/print.html にそれが必要です"
            ),
            format!(
                "{shown} has no place for the copy number on its cover (a <td data-fill=\"number\"></td>); \
                 the handbook's own templates/print.html needs one for --copy"
            ),
        ));
    }
    let refs = page_refs(&html);
    // Beside print.html, so its links to theme/ and its own #anchors work.
    let pid = std::process::id();
    let scratch = Scratch(out.join(format!(".print-pdf-{pid}.html")));
    // Each print goes to a scratch PDF; only the one whose numbers are
    // right becomes `pdf`, so a failure never leaves a half-numbered one.
    let printed = Scratch(pdf.with_extension(format!("pass-{pid}.pdf")));
    let done = |pass: usize| {
        std::fs::rename(&printed.0, pdf)
            .map(|_| pass)
            .map_err(|e| crate::diag::io_error(pdf, &e))
    };
    let mut pages: HashMap<String, u32> = HashMap::new();
    let mut placeholder = true;
    for pass in 1..=PASSES {
        let text = fill_binder(&html, &pages, placeholder, copy);
        std::fs::write(&scratch.0, text).map_err(|e| crate::diag::io_error(&scratch.0, &e))?;
        print(browser, &scratch.0, &printed.0)?;
        if refs.is_empty() {
            return done(pass);
        }
        let landed = read_dests(pdfinfo, &printed.0)?;
        let now: HashMap<String, u32> = refs
            .iter()
            .filter_map(|r| landed.get(r).map(|p| (r.clone(), *p)))
            .collect();
        if !placeholder && now == pages {
            return done(pass);
        }
        pages = now;
        placeholder = false;
    }
    let shown = source.display();
    Err(tr(
        format!(
            "{shown} のページ番号が {PASSES} 回印刷しても定まりませんでした。\
             `.pr-num` の幅を変えるテーマが原因のことがあります"
        ),
        format!(
            "the page numbers of {shown} did not settle after {PASSES} prints; \
             a theme that changes the width of `.pr-num` can cause this"
        ),
    ))
}

/// The named destinations of `pdf` and their pages.
fn read_dests(pdfinfo: &Path, pdf: &Path) -> Result<HashMap<String, u32>, String> {
    let output = Command::new(pdfinfo)
        .arg("-dests")
        .arg(pdf)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            let shown = pdfinfo.display();
            tr(
                format!("{shown} を実行できません（{e}）"),
                format!("could not run {shown}: {e}"),
            )
        })?;
    if !output.status.success() {
        let (tool, file) = (pdfinfo.display(), pdf.display());
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.trim();
        return Err(tr(
            format!("{tool} -dests {file} が失敗しました: {said}"),
            format!("{tool} -dests {file} failed: {said}"),
        ));
    }
    Ok(parse_dests(&String::from_utf8_lossy(&output.stdout)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_dates_are_replaced_in_place() {
        let mut pdf = b"<</Producer (Skia/PDF m156)\n/CreationDate (D:20261201162732+00'00')\n/ModDate (D:20261201162732+00'00')>>".to_vec();
        let len = pdf.len();
        assert!(set_dates(&mut pdf, b"20261120000000"));
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap();
        assert_eq!(text.matches("D:20261120000000+00'00'").count(), 2, "{text}");
        let mut other = b"/CreationDate (D:2026)".to_vec();
        assert!(!set_dates(&mut other, b"20261120000000"));
    }

    #[test]
    fn destinations_are_read_from_pdfinfo() {
        let text = "Page  Destination                 Name\n   3 [ XYZ    0  836 null      ] \"ch1\"\n  12 [ XYZ  265  245 null      ] \"ch3_c-it-dept\"\n";
        let d = parse_dests(text);
        assert_eq!(d.get("ch1"), Some(&3));
        assert_eq!(d.get("ch3_c-it-dept"), Some(&12));
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn page_numbers_and_the_copy_are_written_into_their_places() {
        let html = "<body class=\"binder\"><a href=\"#ch1\">A</a><span class=\"pageref toc-page\" data-ref=\"ch1\"></span>\
                    <a href=\"#ch2_x\">B</a><span class=\"pageref see-page\" data-ref=\"ch2_x\"></span>\
                    <td class=\"cover-fill\" data-fill=\"number\"></td><td class=\"cover-fill\" data-fill=\"place\"></td>";
        assert_eq!(page_refs(html), ["ch1", "ch2_x"]);
        let pages: HashMap<String, u32> = [("ch1".to_string(), 3)].into_iter().collect();
        let copy = CopyFill {
            number: 4,
            place: "当直室<1階>".into(),
            holder: None,
            printed: "令和8年11月20日".into(),
        };
        let out = fill_binder(html, &pages, false, Some(&copy));
        assert!(out.contains("<body class=\"binder paged\">"));
        assert!(out.contains("data-ref=\"ch1\"><span class=\"pr-num\">3</span></span>"));
        // Not landed anywhere: left empty, so it shows nothing.
        assert!(out.contains("data-ref=\"ch2_x\"></span>"));
        assert!(out.contains("data-fill=\"number\">第4号</td>"));
        assert!(out.contains("data-fill=\"place\">当直室&lt;1階&gt;</td>"));
        let first = fill_binder(html, &HashMap::new(), true, None);
        assert_eq!(
            first.matches("<span class=\"pr-num\">000</span>").count(),
            2
        );
    }
}
