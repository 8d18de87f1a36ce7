//! Reading source files: the UTF-8 guard (with a guess at the Windows
//! encodings staff really save in), BOM and CRLF handling, and the line
//! index that turns byte offsets into line and column.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// A source file, decoded and normalised to `\n` line ends.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Path relative to the handbook root, with `/`, as shown in diagnostics.
    pub rel: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, rel: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path,
            rel,
            text,
            line_starts,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of 1-based line `line`, without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        self.text.get(start..end).unwrap_or("")
    }

    /// An error at 1-based `line`/`column`, with that line as its snippet.
    pub fn error_at(
        &self,
        code: &'static str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, &self.rel, message)
            .at(line, column)
            .snippet(self.line_text(line))
    }
}

/// Path of `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The largest file a build reads: the longest statute printed whole is
/// under 3 MiB; beyond this a paste went wrong, and a build would take
/// seconds and gigabytes for it.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Reads and decodes one source file. An I/O failure or a file that is not
/// UTF-8 is a diagnostic, so the build can go on and report everything.
pub fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    Confine::new(root).read(path)
}

/// The one rule for every file a build reads (sources, templates, theme),
/// for one load of the handbook at `root`: a file that is, or lies in a
/// folder that is, a symbolic link leading out of the handbook folder is
/// refused (E007); what it points to would be published, and the handbook
/// would change when something outside it does. The handbook folder's real
/// path is found once, and that of each folder files are read from once: a
/// load reads thousands of files from a few folders, and finding every
/// file's real path from the root down was a third of what a save cost the
/// preview.
pub struct Confine<'a> {
    root: &'a Path,
    real_root: std::sync::OnceLock<Option<PathBuf>>,
    folders: std::sync::Mutex<std::collections::HashMap<PathBuf, PathBuf>>,
}

impl<'a> Confine<'a> {
    pub fn new(root: &'a Path) -> Confine<'a> {
        Confine {
            root,
            real_root: std::sync::OnceLock::new(),
            folders: Default::default(),
        }
    }

    /// Reads and decodes the file at `path` (see [`read`]).
    pub fn read(&self, path: &Path) -> Result<SourceFile, Diagnostic> {
        let rel = relative(self.root, path);
        let bytes = self.read_bytes_as(path, &rel)?;
        let text = decode_owned(bytes, &rel)?;
        Ok(SourceFile::new(path.to_path_buf(), rel, text))
    }

    /// The bytes of the file at `path`: refused when it is outside (E007)
    /// or too large (E008); E001 when it cannot be read.
    pub fn read_bytes(&self, path: &Path) -> Result<Vec<u8>, Diagnostic> {
        self.read_bytes_as(path, &relative(self.root, path))
    }

    /// [`Confine::read_bytes`], the file shown as `rel`.
    fn read_bytes_as(&self, path: &Path, rel: &str) -> Result<Vec<u8>, Diagnostic> {
        use std::io::Read;
        self.check(path, rel)?;
        let unreadable = |e: std::io::Error| {
            Diagnostic::error("E001", rel, format!("ファイルを読めません（{e}）"))
                .en(format!("cannot read the file: {e}"))
                .help("ファイルがあること、読む権限があることを確かめてください")
                .help_en("check that the file exists and is readable")
        };
        // Opened once: its size is the open file's, not another look-up
        // of the path.
        let mut file = std::fs::File::open(path).map_err(unreadable)?;
        let len = file.metadata().map_err(unreadable)?.len();
        if len > MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                "E008",
                rel,
                format!(
                    "ファイルが大きすぎます（{:.1} MiB。1つのファイルは {} MiB まで）",
                    len as f64 / 1048576.0,
                    MAX_FILE_BYTES >> 20
                ),
            )
            .en(format!(
                "the file is {:.1} MiB; a source may be at most {} MiB",
                len as f64 / 1048576.0,
                MAX_FILE_BYTES >> 20
            ))
            .help("規程や資料をいくつかのファイルに分けてください（大きな画像や記録の貼り付けは含めないでください）")
            .help_en("split it into several files"));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.read_to_end(&mut bytes).map_err(unreadable)?;
        Ok(bytes)
    }

    /// Refuses `path` (shown as `rel`) when its real path is outside the
    /// handbook folder's. A path that cannot be resolved passes: reading
    /// it says why.
    pub fn check(&self, path: &Path, rel: &str) -> Result<(), Diagnostic> {
        let real_root = self
            .real_root
            .get_or_init(|| std::fs::canonicalize(self.root).ok());
        let (Some(real_root), Some(target)) = (real_root, self.real(path)) else {
            return Ok(());
        };
        if target.starts_with(real_root) {
            return Ok(());
        }
        let shown = target.display();
        Err(Diagnostic::error(
            "E007",
            rel,
            format!("このファイルはハンドブックのフォルダの外（{shown}）を指すシンボリックリンクを通して読まれます"),
        )
        .en(format!(
            "this file is reached through a symbolic link that leads out of the handbook folder, to {shown}"
        ))
        .help("リンクではなく、ファイルそのものをハンドブックのフォルダにコピーしてください")
        .help_en("copy the file into the handbook folder instead of linking to it"))
    }

    /// The real path of `path` (what `canonicalize` gives): for a file
    /// that is not itself a link, its folder's real path (found once per
    /// folder) and its name.
    fn real(&self, path: &Path) -> Option<PathBuf> {
        // The path must end in the name itself: `a/link/` and `a/link/.`
        // name the folder a link points to, though `Path` drops their end.
        if let (Some(folder), Some(std::path::Component::Normal(name))) =
            (path.parent(), path.components().next_back())
            && !folder.as_os_str().is_empty()
            && path
                .as_os_str()
                .as_encoded_bytes()
                .ends_with(name.as_encoded_bytes())
            && std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink())
            && let Some(real) = self.folder(folder)
        {
            return Some(real.join(name));
        }
        std::fs::canonicalize(path).ok()
    }

    /// The real path of `folder`, found once per load. One that cannot be
    /// found (being renamed, say) is looked for again each time.
    fn folder(&self, folder: &Path) -> Option<PathBuf> {
        if let Some(real) = crate::parallel::lock(&self.folders).get(folder) {
            return Some(real.clone());
        }
        let real = std::fs::canonicalize(folder).ok()?;
        crate::parallel::lock(&self.folders).insert(folder.to_path_buf(), real.clone());
        Some(real)
    }
}

/// UTF-8 (with or without BOM, any line ends) → text with `\n` line ends.
pub fn decode(bytes: &[u8], rel: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => Ok(normalise_newlines(text)),
        Err(e) => {
            // Point at the first non-ASCII byte: a legacy-encoded character
            // can look like valid UTF-8 for a byte or two.
            let at = bytes[..e.valid_up_to()]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(e.valid_up_to());
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..at])
                .chars()
                .count()
                + 1;
            let encoding = guess_encoding(bytes);
            let (iconv, editor) = match encoding {
                // Notepad's "ANSI" is CP932, a superset of Shift_JIS (①, ㈱ …);
                // `iconv -f SHIFT_JIS` stops at those.
                "Shift_JIS" => ("CP932", "Shift_JIS (ANSI / CP932)"),
                "EUC-JP" => ("EUC-JP", "EUC-JP"),
                "UTF-16" => ("UTF-16", "UTF-16"),
                _ => ("CP932", "an unknown encoding"),
            };
            let (encoding_ja, editor_ja) = match encoding {
                "an unknown encoding" => ("不明な文字コード", "不明な文字コード"),
                _ => (encoding, editor),
            };
            let iconv_line = format!(
                "iconv -f {iconv} -t UTF-8 \"{rel}\" > converted.tmp && mv converted.tmp \"{rel}\""
            );
            Err(Diagnostic::error(
                "E002",
                rel,
                format!("ファイルが UTF-8 ではありません（{encoding_ja} のようです）"),
            )
            .en(format!("the file is not UTF-8; it looks like {encoding}"))
            .at(line, column)
            .help(format!(
                "UTF-8 で保存し直してください。メモ帳なら「名前を付けて保存」で文字コード「UTF-8」を選びます。\
                 または、ハンドブックのフォルダで `{iconv_line}` を実行します（今のファイルは {editor_ja}）"
            ))
            .help_en(format!(
                "save it as UTF-8: in メモ帳 choose 文字コード「UTF-8」 when saving, or run \
                 `{iconv_line}` in the handbook folder (the file is now in {editor})"
            )))
        }
    }
}

/// [`decode`], keeping the bytes as the text when they are already what
/// it would make (UTF-8 with `\n` line ends, the usual file): no copy of
/// every source.
pub fn decode_owned(mut bytes: Vec<u8>, rel: &str) -> Result<String, Diagnostic> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = &bytes[bom..];
    if simdutf8::basic::from_utf8(text).is_err() || memchr::memchr(b'\r', text).is_some() {
        return decode(&bytes, rel);
    }
    bytes.drain(..bom);
    // SAFETY: simdutf8 has just found the bytes to be UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

fn normalise_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// Best guess at the legacy encoding of bytes that are not UTF-8. Windows
/// editors save Japanese as Shift_JIS (CP932); older Unix tools as EUC-JP.
pub fn guess_encoding(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return "UTF-16";
    }
    let euc_ok = valid_euc_jp(bytes);
    // Shift_JIS hiragana, katakana and punctuation all lead with 0x81–0x9F,
    // bytes EUC-JP never uses outside its 0x8E/0x8F prefixes.
    let has_sjis_lead = bytes
        .iter()
        .any(|&b| (0x81..=0x9F).contains(&b) && b != 0x8E && b != 0x8F);
    if euc_ok && !has_sjis_lead {
        "EUC-JP"
    } else if valid_shift_jis(bytes) {
        "Shift_JIS"
    } else {
        "an unknown encoding"
    }
}

fn valid_shift_jis(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 || (0xA1..=0xDF).contains(&b) {
            i += 1;
        } else if (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b) {
            match bytes.get(i + 1) {
                Some(&t) if (0x40..=0x7E).contains(&t) || (0x80..=0xFC).contains(&t) => i += 2,
                _ => return false,
            }
        } else {
            return false;
        }
    }
    true
}

fn valid_euc_jp(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let trail = |k: usize| bytes.get(i + k).is_some_and(|t| (0xA1..=0xFE).contains(t));
        if b < 0x80 {
            i += 1;
        } else if b == 0x8E && bytes.get(i + 1).is_some_and(|t| (0xA1..=0xDF).contains(t)) {
            i += 2;
        } else if b == 0x8F && trail(1) && trail(2) {
            i += 3;
        } else if (0xA1..=0xFE).contains(&b) && trail(1) {
            i += 2;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real path a load finds for a file is `canonicalize`'s, however
    /// files and folders are linked, and what leads out is refused.
    #[cfg(unix)]
    #[test]
    fn confine_finds_canonicalize_real_path_and_refuses_links_out() {
        use std::os::unix::fs::symlink;
        let base = crate::fresh_test_dir("confine");
        let (root, out) = (base.join("hb"), base.join("elsewhere"));
        for dir in ["hb/content/pages", "hb/content/other", "elsewhere/pages"] {
            std::fs::create_dir_all(base.join(dir)).unwrap();
        }
        std::fs::write(root.join("content/pages/a.md"), "甲\n").unwrap();
        std::fs::write(out.join("pages/b.md"), "乙\n").unwrap();
        std::fs::write(out.join("c.md"), "丙\n").unwrap();
        // Inside: a file linked to a file, a folder linked to a folder.
        symlink(
            root.join("content/pages/a.md"),
            root.join("content/other/a.md"),
        )
        .unwrap();
        symlink(root.join("content/pages"), root.join("content/same")).unwrap();
        // Out: a folder, a file, and a file of a folder inside reached
        // through a link out and back.
        symlink(out.join("pages"), root.join("content/linked")).unwrap();
        symlink(out.join("c.md"), root.join("content/other/c.md")).unwrap();
        symlink(&root, out.join("back")).unwrap();
        symlink(out.join("back/content"), root.join("content/round")).unwrap();
        let confine = Confine::new(&root);
        let cases = [
            ("content/pages/a.md", true),
            ("content/pages/./a.md", true),
            ("content/linked/", false),
            ("content/linked/.", false),
            ("content/same/", true),
            ("content/other/a.md", true),
            ("content/same/a.md", true),
            ("content/pages/../same/a.md", true),
            ("content/round/pages/a.md", true),
            ("content/linked/b.md", false),
            ("content/other/c.md", false),
        ];
        for (rel, inside) in cases {
            let path = root.join(rel);
            assert_eq!(
                confine.real(&path),
                std::fs::canonicalize(&path).ok(),
                "{rel}"
            );
            let checked = confine.check(&path, rel);
            assert_eq!(checked.is_ok(), inside, "{rel}");
            if let Err(d) = checked {
                assert_eq!(d.code, "E007", "{rel}");
            }
        }
        // Reading goes through the same rule.
        assert_eq!(
            confine.read(&root.join("content/same/a.md")).unwrap().text,
            "甲\n"
        );
        assert_eq!(
            confine
                .read(&root.join("content/linked/b.md"))
                .unwrap_err()
                .code,
            "E007"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn decoding_owned_bytes_is_decoding_them() {
        let cases: [&[u8]; 10] = [
            b"",
            b"a\nb\n",
            "第1条\n".as_bytes(),
            b"\xEF\xBB\xBFa\r\nb\rc\n",
            b"\xEF\xBB\xBF\xE7\xAC\xAC\n",
            b"title: \x8B\x4B\x92\xF6\n",
            // Two BOMs: only the first is one.
            b"\xEF\xBB\xBF\xEF\xBB\xBF---\n",
            b"\xEF\xBB\xBF\xEF\xBB\xBF---\r\n",
            b"\xEF\xBB\xBF\xEF\xBB\xBFa\n\x8B\x4B\n",
            b"\xEF\xBB\xBF",
        ];
        let shown =
            |d: Diagnostic| format!("{} {:?} {:?} {:?}", d.message, d.line, d.column, d.help);
        for bytes in cases {
            let owned = decode_owned(bytes.to_vec(), "a.md").map_err(shown);
            let borrowed = decode(bytes, "a.md").map_err(shown);
            assert_eq!(owned, borrowed, "{bytes:?}");
        }
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode(b"\xEF\xBB\xBFa\r\nb\rc\n", "x").unwrap();
        assert_eq!(text, "a\nb\nc\n");
    }

    #[test]
    fn shift_jis_and_euc_jp_are_named() {
        // 「規程」 in Shift_JIS and in EUC-JP.
        let sjis = b"title: \x8B\x4B\x92\xF6\n";
        let euc = b"title: \xB5\xAC\xC4\xF8\n";
        let e = decode(sjis, "a.md").unwrap_err();
        assert!(e.message.contains("Shift_JIS"), "{}", e.message);
        assert_eq!((e.line, e.column), (1, 8));
        let e = decode(euc, "a.md").unwrap_err();
        assert!(e.message.contains("EUC-JP"), "{}", e.message);
        assert!(e.help.unwrap().contains("iconv -f EUC-JP"));
        let e = decode(sjis, "a.md").unwrap_err();
        assert!(e.help.unwrap().contains("iconv -f CP932"));
    }

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("x".into(), "x".into(), "一行目\n規程: x\n".into());
        let offset = "一行目\n規程".len();
        assert_eq!(f.line_col(offset), (2, 3));
        assert_eq!(f.line_text(2), "規程: x");
        assert_eq!(f.line_text(9), "");
    }
}
