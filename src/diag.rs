//! Diagnostics: content problems with file, line, column, a short message, a
//! help line and a stable code. They are collected, never thrown, and
//! rendered all at once.

use std::fmt::Write as _;
use std::sync::OnceLock;

/// The language messages are shown in: Japanese, the language of the
/// hospital staff who read them, unless `--lang en` or the environment
/// asks for English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// `ja` or `en` (as `--lang` takes it).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" | "日本語" => Some(Lang::Ja),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// From the locale variables as POSIX reads them for messages: the
    /// first of LC_ALL, LC_MESSAGES and LANG that is set (and not empty)
    /// decides; English when it starts with `en`, Japanese otherwise (a
    /// `C` or `POSIX` locale, common on servers, is not a request for
    /// English).
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty());
        match locale {
            Some(v) if v.starts_with("en") => Lang::En,
            _ => Lang::Ja,
        }
    }

    /// The one of the two texts in this language.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this run's messages; `main` calls it once, before
/// anything is read. Later calls change nothing.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of this run's messages (Japanese until `set_lang`). A
/// process-wide setting, like the locale it usually comes from: errors are
/// made deep inside every stage, and threading the choice through each
/// would change every signature for one word of output.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The Japanese or the English, in this run's language: for the messages
/// that are not diagnostics (usage and I/O errors, the summary lines).
pub fn tr(ja: impl Into<String>, en: impl Into<String>) -> String {
    match lang() {
        Lang::Ja => ja.into(),
        Lang::En => en.into(),
    }
}

/// A text in Japanese with its English: what the helpers that read one
/// value (a date, a phone number, a length of time) say is wrong with it,
/// for the diagnostic that reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub ja: String,
    pub en: String,
}

impl Msg {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// In this run's language.
    pub fn text(&self) -> &str {
        lang().pick(&self.ja, &self.en)
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

/// An I/O failure on `path`, for an error message: the kinds staff meet
/// (not found, no permission, disk full) said in Japanese, with the
/// system's own words after them.
pub fn io_error(path: &std::path::Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let ja = match e.kind() {
        K::NotFound => "見つかりません",
        K::PermissionDenied => "読み書きの権限がありません",
        K::AlreadyExists => "すでにあります",
        K::StorageFull => "ディスクがいっぱいです",
        K::ReadOnlyFilesystem => "書き込めない場所です",
        K::NotADirectory => "フォルダではありません",
        K::IsADirectory => "ファイルではなくフォルダです",
        K::DirectoryNotEmpty => "フォルダが空ではありません",
        K::InvalidData => "中身を読めません",
        _ => "読み書きできません",
    };
    let shown = path.display();
    tr(format!("{shown}: {ja}（{e}）"), format!("{shown}: {e}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Text from the sources made safe to print on a terminal: control
/// characters (an ESC could clear the screen or retitle the window, a BEL
/// ring) become their visible Control Pictures (␛, ␇, ␀ …), and the
/// characters that reorder text (bidirectional overrides) become U+FFFD.
/// One character for one, so the caret under a snippet still lines up.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control() && c != '\t'
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\t' => c,
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            c if unsafe_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// One content problem. `line` and `column` are 1-based; `column` counts
/// characters, not bytes, so it matches what an editor shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// In Japanese, the language of the people who read it.
    pub message: String,
    pub help: Option<String>,
    /// The same in English, for `--lang en`; `None` where the message has
    /// no English version yet.
    pub message_en: Option<String>,
    pub help_en: Option<String>,
    /// The source line the position points into, when there is one; of a
    /// long line, the part around the column (see [`Diagnostic::snippet`]).
    pub snippet: Option<String>,
    /// Characters of the line left out before `snippet` (0: it starts the
    /// line), so the caret still finds the column.
    pub snippet_from: usize,
    /// A value of the wrong form that was read as a stand-in of the right
    /// one, so the rest of its file could be read ([`crate::yaml::parse_mended`]):
    /// what the checks say of that stand-in is not another problem.
    pub stand_in: bool,
}

/// Characters of a long source line a diagnostic shows either side of its
/// column. Each diagnostic held the whole line, so a 63 KB line with 21,000
/// markup errors took 1.3 GB and printed 2 GB; a line up to twice this long
/// (any ordinary paragraph of a 規程) is still shown whole.
pub const SNIPPET_CONTEXT: usize = 200;

impl Diagnostic {
    /// One JSON object: file, line, column, severity, code, message, help
    /// (and their English, where there is one).
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            file: &'a str,
            line: usize,
            column: usize,
            severity: &'static str,
            code: &'static str,
            message: &'a str,
            help: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            message_en: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            help_en: Option<&'a str>,
        }
        crate::json::to_string(&Json {
            file: &self.file,
            line: self.line,
            column: self.column,
            severity: if self.is_error() { "error" } else { "warning" },
            code: self.code,
            message: &self.message,
            help: self.help.as_deref(),
            message_en: self.message_en.as_deref(),
            help_en: self.help_en.as_deref(),
        })
    }

    pub fn error(code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_string(),
            line: 1,
            column: 1,
            message: message.into(),
            help: None,
            message_en: None,
            help_en: None,
            snippet: None,
            snippet_from: 0,
            stand_in: false,
        }
    }

    pub fn warning(code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message in English (`message` is the Japanese).
    pub fn en(mut self, message: impl Into<String>) -> Self {
        self.message_en = Some(message.into());
        self
    }

    /// The help line in English (`help` is the Japanese).
    pub fn help_en(mut self, help: impl Into<String>) -> Self {
        self.help_en = Some(help.into());
        self
    }

    /// The source line the position points into; set the position first
    /// (`at`). Of a line longer than twice [`SNIPPET_CONTEXT`] characters,
    /// only those either side of the column are kept, an ellipsis standing
    /// in for the first and last character kept where the line goes on.
    pub fn snippet(mut self, line_text: impl AsRef<str>) -> Self {
        let line = line_text.as_ref();
        let at = self.column - 1;
        // The window of twice the context, around the column but moved
        // back inside the line near its end, so a line no longer than the
        // window is always whole.
        let len = line.chars().count();
        let from = at
            .saturating_sub(SNIPPET_CONTEXT)
            .min(len.saturating_sub(2 * SNIPPET_CONTEXT));
        let to = from + 2 * SNIPPET_CONTEXT;
        let mut shown = String::new();
        let mut cut = false;
        for (i, c) in line.chars().skip(from).enumerate() {
            if from + i >= to {
                cut = true;
                break;
            }
            shown.push(if i == 0 && from > 0 { '…' } else { c });
        }
        if cut {
            shown.pop();
            shown.push('…');
        }
        self.snippet = Some(shown);
        self.snippet_from = from;
        self
    }

    /// The message and English of `m`.
    pub fn msg(mut self, m: Msg) -> Self {
        self.message = m.ja;
        self.message_en = Some(m.en);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in `lang` (the other language where it has none).
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.message,
            Lang::En => self.message_en.as_deref().unwrap_or(&self.message),
        }
    }

    /// The help line in `lang` (the other language where it has none).
    pub fn help_in(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ja => self.help.as_deref().or(self.help_en.as_deref()),
            Lang::En => self.help_en.as_deref().or(self.help.as_deref()),
        }
    }

    /// The human format in this run's language (see [`Diagnostic::render_in`]).
    pub fn render(&self) -> String {
        self.render_in(lang())
    }

    /// The human format, modelled on rustc's:
    ///
    /// ```text
    /// error[E010]: 規程の前付けに `titel` という項目はありません
    ///   --> content/regulations/a.md:3:1
    ///    |
    ///  3 | titel: 規程
    ///    | ^
    ///    = 直し方: `title` のことですか？ …
    /// ```
    ///
    /// The `error[E010]:` / `warning[W010]:` prefix and the `-->` line stay
    /// ASCII in both languages: editors and CI read them.
    pub fn render_in(&self, lang: Lang) -> String {
        self.render_raw(lang)
            .lines()
            .map(|l| terminal_safe(l).into_owned() + "\n")
            .collect()
    }

    fn render_raw(&self, lang: Lang) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.code, self.message_in(lang));
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {}:{}:{}", self.file, self.line, self.column);
        if let Some(snippet) = &self.snippet {
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", self.line, snippet);
            let before: String = snippet
                .chars()
                .take((self.column - 1).saturating_sub(self.snippet_from))
                .collect();
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(display_width(&before)));
        }
        if let Some(help) = self.help_in(lang) {
            let _ = writeln!(out, "{pad} = {}: {help}", lang.pick("直し方", "help"));
        }
        out
    }
}

/// Terminal columns taken by `s`: East Asian wide characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Sorts diagnostics by file and position so output order never depends on
/// the order files were read in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// The nearest of `candidates` to `word`, when it is close enough to be the
/// likely intended spelling.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    near(word, candidates).into_iter().next()
}

/// The `candidates` close enough to `word` to be the intended spelling,
/// nearest first.
pub fn near<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut close: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .collect();
    close.sort();
    close.into_iter().map(|(_, c)| c).collect()
}

/// Edits from `a` to `b`: a character added, removed, changed, or two
/// neighbours swapped (`kidn` is one from `kind`, as a typist sees it).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2, i-1 and i of the table.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                d = d.min(before[j - 1] + 1);
            }
            cur.push(d);
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_close_names_only() {
        let fields = ["title", "number", "owner", "effective", "history"];
        assert_eq!(nearest("titel", &fields), Some("title"));
        assert_eq!(nearest("efective", &fields), Some("effective"));
        assert_eq!(nearest("colour", &fields), None);
        // A swap of two neighbours is one slip, nearer than two.
        assert_eq!(nearest("kidn", &["id", "name", "kind"]), Some("kind"));
        assert_eq!(near("kidn", &["id", "name", "kind"]), ["kind", "id"]);
    }

    #[test]
    fn render_points_at_the_column_with_wide_chars() {
        let d = Diagnostic::error("E000", "a.md", "msg")
            .at(3, 3)
            .snippet("規程: x")
            .help("直してください")
            .help_en("fix it");
        let text = d.render_in(Lang::En);
        assert!(text.contains("--> a.md:3:3"), "{text}");
        // 規程 is four columns wide.
        assert!(text.contains("  |     ^"), "{text}");
        assert!(text.contains("= help: fix it"), "{text}");
    }

    #[test]
    fn render_shows_the_chosen_language_and_falls_back_to_the_other() {
        let d = Diagnostic::error("E000", "a.md", "日本語の説明")
            .en("the English")
            .help("直し方の説明");
        let ja = d.render_in(Lang::Ja);
        assert!(ja.starts_with("error[E000]: 日本語の説明\n"), "{ja}");
        assert!(ja.contains("= 直し方: 直し方の説明"), "{ja}");
        let en = d.render_in(Lang::En);
        assert!(en.starts_with("error[E000]: the English\n"), "{en}");
        // No English help: the Japanese rather than nothing.
        assert!(en.contains("= help: 直し方の説明"), "{en}");
    }

    #[test]
    fn locale_decides_by_the_first_variable_set() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[])), Lang::Ja);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LANG", "C.UTF-8")])), Lang::Ja);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "en_US")])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "en_GB"),
                ("LANG", "ja_JP")
            ])),
            Lang::En
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}<x>{}", "あ".repeat(1000), "い".repeat(1000));
        let d = Diagnostic::error("E032", "a.md", "msg")
            .at(1, 1001)
            .snippet(&line);
        let snippet = d.snippet.as_deref().unwrap_or_default();
        assert_eq!(snippet.chars().count(), 2 * SNIPPET_CONTEXT);
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        // The caret is still under the `<`: 199 wide characters and the
        // ellipsis before it.
        let text = d.render();
        let caret = text.lines().find(|l| l.ends_with('^')).unwrap_or_default();
        assert_eq!(caret, format!("  | {}^", " ".repeat(1 + 2 * 199)));
        assert!(
            text.contains(&format!("…{}<x>", "あ".repeat(199))),
            "{text}"
        );
        // A line of ordinary length, and a position at its end, stay whole.
        let d = Diagnostic::error("E032", "a.md", "msg")
            .at(1, 4)
            .snippet("abc");
        assert_eq!((d.snippet.as_deref(), d.snippet_from), (Some("abc"), 0));
        // A line as long as the window is whole, wherever the column.
        let line = "う".repeat(2 * SNIPPET_CONTEXT);
        for column in [1, SNIPPET_CONTEXT, 2 * SNIPPET_CONTEXT] {
            let d = Diagnostic::error("E032", "a.md", "msg")
                .at(1, column)
                .snippet(&line);
            assert_eq!(d.snippet.as_deref(), Some(line.as_str()), "column {column}");
        }
        // Near the end of a long line, the window keeps its width.
        let line = "え".repeat(3 * SNIPPET_CONTEXT);
        let d = Diagnostic::error("E032", "a.md", "msg")
            .at(1, 3 * SNIPPET_CONTEXT)
            .snippet(&line);
        assert_eq!(d.snippet_from, SNIPPET_CONTEXT);
        assert_eq!(
            d.snippet.as_deref().map(|s| s.chars().count()),
            Some(2 * SNIPPET_CONTEXT)
        );
    }
}
