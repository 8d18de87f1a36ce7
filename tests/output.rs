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
