//! `handbook`: a static site generator for a hospital's information-security
//! and business-continuity handbook. Data flows one way:
//! read (`source`, `config`, `content`) → check (`check`) → render (`render`)
//! → write (`pipeline`).

// Diagnostics are the error path of content loading and are built rarely;
// boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod diag;
pub mod html;
pub mod json;
pub mod parallel;
pub mod source;
pub mod yaml;

pub mod build_info;
pub mod config;
pub mod content;
pub mod routes;

pub mod resolve;

pub mod check;
pub mod compare;
pub mod render;
pub mod search;

pub mod import;
pub mod pdf;
pub mod pipeline;
pub mod revise;
pub mod scaffold;
pub mod serve;

pub mod cli;

/// For unit tests: an empty folder of the test's own under the system's
/// temporary folder, named for the test and this process.
#[cfg(test)]
pub(crate) fn fresh_test_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("handbook-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
