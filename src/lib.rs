//! `handbook`: a static site generator for a hospital's information-security
//! and business-continuity handbook. Data flows one way:
//! read (`source`, `config`, `content`) → check (`check`) → render (`render`)
//! → write (`pipeline`).

pub mod diag;
pub mod source;
pub mod yaml;
pub mod content;
pub mod config;
pub mod check;
pub mod render;
pub mod pipeline;
pub mod scaffold;
pub mod cli;
