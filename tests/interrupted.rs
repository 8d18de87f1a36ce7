//! A build killed with SIGKILL part-way leaves the previous output intact:
//! whenever the process dies, the output folder holds exactly the previous
//! site or exactly the new one, never a mix and never nothing; and the next
//! build cleans up what the killed one left behind.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{BIN, EPOCH, TempDir, copy_dir, snapshot};

/// The example handbook with `copies` more regulations, each with its own
/// number, so a build takes long enough to be killed in the middle.
fn handbook(root: &Path, copies: usize, title: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = std::fs::read_to_string(repo.join("handbook.yaml")).expect("handbook.yaml");
    let yaml = yaml
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: {title}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("handbook.yaml"), yaml).expect("write yaml");
    copy_dir(&repo.join("content"), &root.join("content"));
    let source = std::fs::read_to_string(repo.join("content/regulations/security-incident.md"))
        .expect("regulation");
    for i in 0..copies {
        let text = source.replace("number: 情シ規程第1号", &format!("number: 複製規程第{i}号"));
        assert_ne!(text, source, "the copy must get its own number");
        std::fs::write(
            root.join(format!("content/regulations/copy-{i:03}.md")),
            text,
        )
        .expect("write copy");
    }
}

fn build(root: &Path, out: &Path) {
    let status = Command::new(BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stderr(Stdio::null())
        .status()
        .expect("run build");
    assert!(status.success(), "build failed");
}

/// Starts a build, waits until it starts writing (it prints the stage
/// times with -v; each page is written as it is rendered, from the end of
/// `templates` until the swap after `whole site`) plus `delay`, and kills
/// it. True when it was still running.
fn kill_mid_build(root: &Path, out: &Path, delay: Duration) -> bool {
    let mut child = Command::new(BIN)
        .args(["build", "-v", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn build");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    // Up to the start of rendering: what follows writes.
    for line in lines.by_ref() {
        if line
            .expect("stderr line")
            .trim_start()
            .starts_with("templates")
        {
            break;
        }
    }
    std::thread::sleep(delay);
    let running = child.try_wait().expect("try_wait").is_none();
    child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
    let _ = child.wait();
    running
}

#[test]
fn sigkill_during_a_build_leaves_the_previous_output_whole() {
    let tmp = TempDir::new("sigkill");
    let before_root = tmp.path().join("before");
    let after_root = tmp.path().join("after");
    std::fs::create_dir_all(&before_root).expect("mkdir");
    std::fs::create_dir_all(&after_root).expect("mkdir");
    handbook(&before_root, 120, "改定前のハンドブック");
    handbook(&after_root, 120, "改定後のハンドブック");

    // What each complete build looks like.
    let out = tmp.path().join("site");
    build(&after_root, &out);
    let after = snapshot(&out);
    build(&before_root, &out);
    let before = snapshot(&out);
    assert_ne!(before, after, "the two handbooks must build differently");

    let mut killed_mid_write = 0;
    let mut previous = before.clone();
    for delay_ms in [0u64, 0, 1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120, 200] {
        let running = kill_mid_build(&after_root, &out, Duration::from_millis(delay_ms));
        let now = snapshot(&out);
        assert!(
            now == previous || now == after,
            "after SIGKILL {delay_ms} ms into writing, {} holds a mix: {} files \
             (previous {}, new {})",
            out.display(),
            now.len(),
            previous.len(),
            after.len()
        );
        if running && now == previous {
            killed_mid_write += 1;
        }
        // Start again from the previous site when the killed build finished.
        if now == after {
            build(&before_root, &out);
            assert_eq!(snapshot(&out), before);
        }
        previous = before.clone();
    }
    assert!(
        killed_mid_write >= 3,
        "only {killed_mid_write} kills landed while the build was writing; the test \
         proves nothing unless some do"
    );

    // The next build cleans up what the killed ones left beside the output.
    build(&after_root, &out);
    assert_eq!(snapshot(&out), after);
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read tmp")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site."))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}
