//! Where `handbook build --out` may write: never over or inside the
//! handbook's sources (the next build would read the built pages as
//! templates or content), never through a symbolic link it would replace.

mod common;

use common::{TempDir, run};

fn handbook() -> TempDir {
    let dir = common::one_regulation("output");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    dir
}

#[test]
fn an_output_folder_among_the_sources_is_refused_and_nothing_is_written() {
    let dir = handbook();
    let root = dir.path();
    for out in [
        "templates",
        "theme",
        "content",
        "content/regulations/site",
        "./sub/../content/x",
        ".",
        "..",
    ] {
        let o = run(&[&"build", &"--root", &root, &"--out", &root.join(out)]);
        assert_eq!(o.code, Some(2), "--out {out}: {}", o.stderr);
        assert!(o.stderr.contains("--out"), "--out {out}: {}", o.stderr);
    }
    assert!(!root.join("theme").exists());
    assert!(!root.join("content/regulations/site").exists());
    assert!(!root.join("content/x").exists());
    assert_eq!(
        std::fs::read_dir(root.join("templates")).unwrap().count(),
        0
    );
    let o = run(&[&"build", &"--root", &root]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(root.join("public/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_linked_output_folder_is_refused_not_replaced() {
    let dir = handbook();
    let target = TempDir::new("output-target");
    let link = dir.path().join("site");
    std::os::unix::fs::symlink(target.path(), &link).unwrap();
    let o = run(&[&"build", &"--root", &dir.path(), &"--out", &link]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0);
}

/// A template that does not parse (read while the handbook is checked)
/// stops the build as a content error (E036, exit 1) with the template
/// named, and the previous site stays.
#[test]
fn a_template_that_does_not_parse_leaves_the_previous_site() {
    let dir = handbook();
    let root = dir.path();
    let o = run(&[&"build", &"--root", &root]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let before = common::snapshot(&root.join("public"));
    std::fs::write(root.join("templates/page.html"), "{% if %}\n").unwrap();
    let o = run(&[&"build", &"--root", &root]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains("E036") && o.stderr.contains("templates/page.html:1:"),
        "{}",
        o.stderr
    );
    assert_eq!(common::snapshot(&root.join("public")), before);
    let left: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "a temporary folder was left");
}
