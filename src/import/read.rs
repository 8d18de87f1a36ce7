//! Reading one input file: a Word document (by its content, whatever its
//! extension), a refusal with the reason for what cannot be read (a
//! password-protected or old .doc Word file, PDF, RTF, a damaged ZIP), or
//! a text export decoded and joined into paragraphs.

use std::path::Path;

use super::{FileError, Note, NoteKind, Origin, Piece, docx, file_error, style_of, text};

/// What was read from a file, before shaping.
pub struct Read {
    pub pieces: Vec<Piece>,
    pub notes: Vec<Note>,
    pub input: String,
    /// A title kept in the file's properties (docx), as a fallback.
    pub title: Option<String>,
}

pub fn read_file(path: &Path) -> Result<Read, FileError> {
    let bytes = std::fs::read(path).map_err(|e| {
        file_error(
            path,
            format!("ファイルを読めません（{e}）"),
            Some("ファイルの場所と名前を確かめてください"),
        )
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE compound file: Word's password-protected .docx is one
        // (an EncryptedPackage stream inside), and so is the old .doc.
        let encrypted = utf16_contains(&bytes, "EncryptedPackage");
        let (message, help) = if encrypted || ext == "docx" {
            (
                "パスワードで保護（暗号化）された Word 文書のため、読めません",
                "Word で開いて「ファイル」→「情報」→「文書の保護」→「パスワードを使用して暗号化」からパスワードを消して保存し、もう一度取り込んでください",
            )
        } else {
            (
                "古い Word 形式（.doc）の文書は読めません",
                "Word で開いて「名前を付けて保存」で「Word 文書 (*.docx)」を選んで保存し、その .docx を取り込んでください",
            )
        };
        return Err(file_error(path, message, Some(help)));
    }
    if bytes.starts_with(b"PK\x03\x04") || matches!(ext.as_str(), "docx" | "docm" | "dotx") {
        let doc = docx::read(&bytes).map_err(|e| {
            file_error(
                path,
                format!("Word 文書（.docx）として読めません: {e}"),
                Some("ファイルが壊れているか、Word 文書ではありません。Word で開けるか確かめ、開けるなら「名前を付けて保存」で .docx として保存し直してください"),
            )
        })?;
        return Ok(Read {
            pieces: doc.pieces,
            notes: doc.notes,
            input: "Word 文書（.docx）".into(),
            title: doc.title,
        });
    }
    if bytes.starts_with(b"%PDF") || bytes.starts_with(b"{\\rtf") {
        return Err(file_error(
            path,
            "PDF と RTF は読めません",
            Some(
                "元の Word 文書（.docx）を取り込むか、Word で開いて .docx またはテキスト（.txt）で保存してください",
            ),
        ));
    }
    let (decoded, encoding) = text::decode(&bytes).map_err(|e| {
        file_error(
            path,
            e,
            Some("UTF-8 か Shift_JIS のテキストとして保存し直してください"),
        )
    })?;
    let mut notes = Vec::new();
    let (decoded, title) = strip_front_matter(&decoded, &mut notes);
    let lines = text::clean(&decoded, &mut notes);
    let style = style_of(lines.iter().map(|l| l.text.as_str()));
    let pieces = text::join(&lines, style, Origin::Line, &mut notes);
    let input = match encoding {
        Some(e) => format!("テキスト（{e}から変換）"),
        None => "テキスト（UTF-8）".into(),
    };
    Ok(Read {
        pieces,
        notes,
        input,
        title,
    })
}

/// A `.md` that already has front matter (a regulation source passed in
/// again): the front matter is not regulation text. Its lines are blanked,
/// not removed, so line numbers in the report still match the file; its
/// `title:` stands in when the body has none.
fn strip_front_matter(text: &str, notes: &mut Vec<Note>) -> (String, Option<String>) {
    let body = text.trim_start_matches('\u{feff}');
    let mut lines = body.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return (text.to_string(), None);
    }
    let Some(close) = lines.position(|l| l.trim_end() == "---") else {
        return (text.to_string(), None);
    };
    let count = close + 2;
    let yaml: Vec<&str> = body.split_inclusive('\n').take(count).collect();
    let title = yaml.iter().find_map(|l| {
        let v = l.strip_prefix("title:")?.trim();
        let v = v.trim_matches('"').trim_matches('\'').trim();
        (!v.is_empty()).then(|| v.to_string())
    });
    notes.push(Note::new(
        NoteKind::Dropped,
        Some(Origin::Line(1)),
        format!("先頭の front matter（{count}行）は本文ではないため読み飛ばしました"),
    ));
    let rest: String = body.split_inclusive('\n').skip(count).collect();
    (format!("{}{rest}", "\n".repeat(count)), title)
}

fn utf16_contains(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(pattern.len()).any(|w| w == pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_of_a_source_is_skipped() {
        let mut notes = Vec::new();
        let (text, title) = strip_front_matter(
            "---\ntitle: \"規程A\"\neffective: 2025-04-01\n---\n第１条　本文\n",
            &mut notes,
        );
        assert_eq!(text, "\n\n\n\n第１条　本文\n");
        assert_eq!(title.as_deref(), Some("規程A"));
        assert_eq!(notes.len(), 1);
        let (text, title) = strip_front_matter("第１条　本文\n---\n", &mut notes);
        assert_eq!((text.as_str(), title), ("第１条　本文\n---\n", None));
    }
}
