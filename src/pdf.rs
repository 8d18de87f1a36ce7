//! `handbook pdf`: prints the built binder (`print.html`) to a PDF through
//! an installed Chromium, Chrome or Edge in headless mode. Nothing is
//! downloaded; without a browser the command says what to install.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

const INSTALL_HINT: &str = "install one: on Debian or Ubuntu `sudo apt install chromium`; \
     on Windows or macOS Google Chrome or Microsoft Edge; or set CHROMIUM to the browser's \
     program file. Without a browser, open print.html in the built handbook and print it to \
     PDF by hand";

/// The browser to print with: `CHROMIUM` when set, else the first one
/// found on `PATH` or in the usual install places.
pub fn find_chromium() -> Result<PathBuf, String> {
    if let Some(given) = std::env::var_os("CHROMIUM") {
        let path = PathBuf::from(&given);
        if path.is_file() {
            return Ok(path);
        }
        return Err(format!(
            "CHROMIUM={} is not a file; point it at a Chromium, Chrome or Edge program, or {}",
            path.display(),
            INSTALL_HINT
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
            format!(
                "no Chromium, Chrome or Edge found to print the binder with; {}",
                INSTALL_HINT
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
    let html = std::path::absolute(html).map_err(|e| format!("{}: {e}", html.display()))?;
    let pdf = std::path::absolute(pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
    let pid = std::process::id();
    let profile = std::env::temp_dir().join(format!("handbook-pdf-profile-{pid}"));
    let partial = pdf.with_extension(format!("pdf.tmp-{pid}"));
    std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    // Chromium talks a lot on stderr; a file cannot fill up and stall it.
    let log = profile.join("stderr.log");
    let log_file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
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
    let result = run(cmd, browser, &partial, &log);
    let _ = std::fs::remove_dir_all(&profile);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &pdf).map_err(|e| format!("{}: {e}", pdf.display()))
}

fn run(mut cmd: Command, browser: &Path, partial: &Path, log: &Path) -> Result<(), String> {
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", browser.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish printing within {} s",
                    browser.display(),
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("{}: {e}", browser.display())),
        }
    };
    let stderr = std::fs::read_to_string(log).unwrap_or_default();
    let is_pdf = std::fs::read(partial).is_ok_and(|b| b.starts_with(b"%PDF-"));
    if !status.success() || !is_pdf {
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        return Err(format!(
            "{} did not print the binder ({status}){}",
            browser.display(),
            last.map(|l| format!(": {l}")).unwrap_or_default()
        ));
    }
    Ok(())
}
