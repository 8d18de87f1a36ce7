//! Shared by the integration tests: temporary folders and running the real
//! `handbook` binary with a fixed build date.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_handbook");
/// 2026-01-01T00:00:00+09:00 is 2025-12-31T15:00:00Z; any fixed value will do.
pub const EPOCH: &str = "1767225600";

/// A fresh folder under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("handbook-test-{}-{n}-{label}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    run_env(args, &[])
}

/// Like [`run`], with extra environment variables.
pub fn run_env(args: &[&dyn AsRef<std::ffi::OsStr>], env: &[(&str, &str)]) -> Output {
    // The messages' language follows the locale: without these, a
    // developer's English locale would turn the Japanese default off.
    let out = Command::new(BIN)
        .args(args.iter().map(|a| a.as_ref()))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .envs(env.iter().copied())
        .output()
        .expect("run handbook");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A copy of the folder `from` at `to`; symbolic links stay links
/// (fixtures test links that loop or lead outside).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("read fixture dir")
        .map(|e| e.expect("dir entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        let kind = e.file_type().expect("file type");
        if kind.is_symlink() {
            // Kept a link (fixtures test links that loop or lead outside).
            let link = std::fs::read_link(e.path()).expect("read link");
            std::os::unix::fs::symlink(link, &target).expect("make link");
        } else if kind.is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir` (relative path → bytes), hidden ones included.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let e = e.expect("dir entry");
            let path = e.path();
            if e.file_type().expect("file type").is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The smallest handbook that builds: handbook.yaml and one regulation of
/// one article (`content/regulations/a.md`, 甲規程), in a fresh folder.
pub fn one_regulation(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/regulations")).unwrap();
    std::fs::write(
        root.join("handbook.yaml"),
        "title: 手引き\norganization: ○○病院\nedition: 第1版\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/regulations/a.md"),
        "---\ntitle: 甲規程\neffective: 2025-04-01\n---\n第１条　甲。\n",
    )
    .unwrap();
    dir
}
