//! Splitting a Markdown source into its YAML front matter and its body,
//! keeping the line numbers of both.

use crate::diag::Diagnostic;
use crate::source::SourceFile;

/// A source split at its `---` fences. Lines are 1-based file lines.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_first_line: usize,
}

/// Splits `file` into front matter and body; `example` is shown in the help
/// when the front matter is missing.
pub fn split<'a>(file: &'a SourceFile, example: &str) -> Result<Split<'a>, Diagnostic> {
    let text = file.text.as_str();
    if text.trim().is_empty() {
        return Err(file
            .error_at("E004", 1, 1, "ファイルが空です")
            .en("the file is empty")
            .help(format!(
                "冒頭の設定（--- の間）から書き始めてください。例:\n{example}"
            ))
            .help_en(format!(
                "start it with front matter, for example:\n{example}"
            )));
    }
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err(file
            .error_at(
                "E005",
                1,
                1,
                "ファイルが冒頭の設定（`---` の行）で始まっていません",
            )
            .en("the file does not start with front matter (`---`)")
            .help(format!(
                "ファイルのいちばん上に、2本の `---` の行で挟んで設定を書いてください。例:\n{example}"
            ))
            .help_en(format!(
                "put the settings between two `---` lines at the very top, for example:\n{example}"
            )));
    };
    let mut offset = 0;
    for (i, line) in after_open.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_first_line: 2,
                body,
                body_first_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(file
        .error_at("E005", 1, 1, "冒頭の設定が `---` の行で閉じられていません")
        .en("the front matter is not closed")
        .help("設定の最後の行の次に `---` の行を加えてください")
        .help_en("add a line `---` after the last front-matter setting"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md".into(), "a.md".into(), text.into())
    }

    #[test]
    fn splits_with_line_numbers() {
        let f = file("---\ntitle: x\n---\n本文\n");
        let s = split(&f, "").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.yaml_first_line, 2);
        assert_eq!(s.body, "本文\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn missing_unclosed_and_empty() {
        assert_eq!(split(&file("本文"), "").err().unwrap().code, "E005");
        assert_eq!(
            split(&file("---\ntitle: x\n"), "").err().unwrap().code,
            "E005"
        );
        assert_eq!(split(&file("  \n"), "").err().unwrap().code, "E004");
    }
}
