//! Free pages: Markdown with a small front matter.

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml;

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub file: String,
    pub title: String,
    pub order: i64,
    pub markdown: String,
    /// File line of the body's first line, for positions inside it.
    pub body_first_line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    order: Option<i64>,
}

pub const EXAMPLE_FRONT_MATTER: &str = "---\ntitle: 用語集\n---";

impl Page {
    /// Stands for a page that could not be read, so links to it do not fail
    /// too (see `Regulation::stub`).
    pub fn stub(id: &str, file: &str) -> Page {
        Page {
            id: id.to_string(),
            file: file.to_string(),
            title: id.to_string(),
            order: 0,
            markdown: String::new(),
            body_first_line: 1,
        }
    }
}

/// Loads one page; a broken one comes back as a stub, its problems in `diags`.
pub fn load(file: &SourceFile, id: &str, diags: &mut Vec<Diagnostic>) -> Page {
    let loaded = (|| {
        let split = super::frontmatter::split(file, EXAMPLE_FRONT_MATTER)
            .map_err(|d| diags.push(d))
            .ok()?;
        let front: FrontMatter = yaml::parse_all(
            file,
            split.yaml,
            split.yaml_first_line,
            ("ページの冒頭の設定（---の間）", "page front matter"),
        )
        .map_err(|d| diags.extend(d))
        .ok()?;
        Some(Page {
            id: id.to_string(),
            file: file.rel.clone(),
            title: front.title,
            order: front.order.unwrap_or(0),
            markdown: split.body.to_string(),
            body_first_line: split.body_first_line,
        })
    })();
    loaded.unwrap_or_else(|| Page::stub(id, &file.rel))
}
