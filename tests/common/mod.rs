//! Shared by the integration tests: temporary folders and running the real
//! `handbook` binary with a fixed build date.
#![allow(dead_code)]

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
    let out = Command::new(BIN)
        .args(args.iter().map(|a| a.as_ref()))
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
