//! Text exports of Word documents (`.txt`, `.md`): decoding (UTF-8,
//! UTF-16, Shift_JIS/CP932, EUC-JP), removing the debris exporters leave
//! (`[bookmark: _Hlk…]`), and joining the lines Word's layout wrapped back
//! into paragraphs.

use super::{Note, NoteKind, Origin, Piece};
use crate::content::structure::{LineKind, Style, classify};
use crate::diag::display_width;

/// The text of an export, and the encoding it was converted from when it
/// was not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), None))
            .map_err(|_| "UTF-8 の印（BOM）がありますが、中身が UTF-8 ではありません".into());
    }
    // Word's 「Unicode テキスト」 is UTF-16 with a BOM.
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, "UTF-16"),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, "UTF-16"),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err("UTF-16 として読めない部分があります".into());
            }
            return Ok((text.into_owned(), Some(name)));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), None));
    }
    let (enc, name) = match crate::source::guess_encoding(bytes) {
        // encoding_rs's Shift_JIS is the WHATWG one, i.e. Windows' CP932
        // with its ①, ㈱ and NEC/IBM extensions that メモ帳 writes.
        "Shift_JIS" => (encoding_rs::SHIFT_JIS, "Shift_JIS（CP932）"),
        "EUC-JP" => (encoding_rs::EUC_JP, "EUC-JP"),
        _ => {
            return Err(
                "文字コードを判別できません（UTF-8、Shift_JIS、EUC-JP、UTF-16 のどれでもありません）"
                    .into(),
            );
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!("{name} として読めない文字があります"));
    }
    Ok((text.into_owned(), Some(name)))
}

/// One physical line after cleaning.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line (or paragraph) number in the source.
    pub no: usize,
    /// Without indentation and trailing spaces.
    pub text: String,
    /// Nothing on the line (not even spaces).
    pub empty: bool,
    /// Only spaces: in exports that end every paragraph with a space, an
    /// empty paragraph.
    pub spaces_only: bool,
    /// Ended with a space: in such exports, the end of a Word paragraph.
    pub para_end: bool,
    /// The width of the indentation taken off (a space 1, anything wider
    /// 2): what tells an e-Gov table's cells from its rows.
    pub indent: usize,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t' || c == '\u{a0}'
}

/// Removes one kind of debris from `line`: `open … close` spans whose
/// content satisfies `ok`. Returns what was removed.
fn strip_spans(
    line: &mut String,
    open: &str,
    close: char,
    ok: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut removed = Vec::new();
    let mut from = 0;
    while let Some(rel) = line[from..].find(open) {
        let start = from + rel;
        let Some(end_rel) = line[start + open.len()..].find(close) else {
            break;
        };
        let end = start + open.len() + end_rel + close.len_utf8();
        if ok(&line[start + open.len()..end - close.len_utf8()]) {
            removed.push(line[start..end].to_string());
            line.replace_range(start..end, "");
            from = start;
        } else {
            from = start + open.len();
        }
    }
    removed
}

/// Splits an export into lines and removes the debris, noting each removal.
pub fn clean(text: &str, notes: &mut Vec<Note>) -> Vec<Line> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let no = i + 1;
        let mut line: String = raw
            .chars()
            // Form feeds (page breaks), zero-width and soft-hyphen
            // characters carry nothing a reader sees.
            .filter(|c| {
                !matches!(
                    c,
                    '\u{c}' | '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{200c}' | '\u{200d}'
                )
            })
            .collect();
        let mut removed = strip_spans(&mut line, "[bookmark:", ']', |_| true);
        // pandoc's anchors for Word bookmarks: []{#_Hlk123 .anchor}
        removed.extend(strip_spans(&mut line, "[]{#", '}', |_| true));
        removed.extend(strip_spans(&mut line, "{#_", '}', |_| true));
        if !removed.is_empty() {
            notes.push(Note::new(
                NoteKind::Dropped,
                Some(Origin::Line(no)),
                format!("Word のしおり {} を取り除きました", removed.join(" ")),
            ));
        }
        // pandoc's underline spans keep their text: [本文]{.underline}
        while let Some(start) = line.find("]{.") {
            let Some(open) = line[..start].rfind('[') else {
                break;
            };
            let Some(close) = line[start..].find('}') else {
                break;
            };
            let inner = line[open + 1..start].to_string();
            line.replace_range(open..start + close + 1, &inner);
        }
        let spaces_only = !line.is_empty() && line.chars().all(is_space);
        let indent = line
            .chars()
            .take_while(|&c| is_space(c))
            .map(|c| if c == ' ' { 1 } else { 2 })
            .sum();
        let para_end = line.ends_with(is_space);
        let body = crate::content::structure::without_egov_mark(line.trim_start_matches(is_space))
            .trim_end_matches(is_space)
            .replace('\t', "\u{3000}")
            .replace('\u{a0}', " ");
        // A line that held only debris is gone, not an empty paragraph.
        if body.is_empty() && !removed.is_empty() {
            continue;
        }
        out.push(Line {
            no,
            empty: line.is_empty(),
            spaces_only,
            para_end,
            text: body,
            indent,
        });
    }
    while out.last().is_some_and(|l| l.text.is_empty()) {
        out.pop();
    }
    out
}

/// Sentence ends: after one of these a line is not a wrapped one even when
/// it is long, in exports that mark paragraph ends.
fn ends_sentence(s: &str) -> bool {
    s.ends_with(['。', '．', '！', '？', '!', '?'])
}

fn ends_with_close(s: &str) -> bool {
    s.ends_with(['）', ')', '」', '』', '】', '］', ']'])
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309f}').contains(&c)
}

/// A marker line: something the regulation parser may read as structure.
fn is_marker(kind: &LineKind, style: Style) -> bool {
    match kind {
        // 2.1 対象システム in numbered sections; in 条文, 1.5 倍 is text.
        LineKind::Text(t) => {
            style == Style::Sections && crate::content::structure::subsection_heading(t)
        }
        LineKind::Blank => false,
        _ => true,
    }
}

/// How the export lays out paragraphs, measured over all its lines.
struct Layout {
    /// Every line followed by an empty one (some exporters double-space).
    double: bool,
    /// Paragraph ends carry a trailing space and wrapped lines do not.
    marks: bool,
    /// The width lines wrap at (display columns); 0 when unknown.
    wrap: usize,
}

fn layout(lines: &[Line]) -> Layout {
    let texts: Vec<&Line> = lines.iter().filter(|l| !l.text.is_empty()).collect();
    let mut pairs = 0;
    let mut single_gaps = 0;
    for w in lines.windows(3) {
        if !w[0].text.is_empty() && !w[2].text.is_empty() {
            pairs += 1;
            if w[1].empty {
                single_gaps += 1;
            }
        }
    }
    let consecutive = lines
        .windows(2)
        .filter(|w| !w[0].text.is_empty() && !w[1].text.is_empty())
        .count();
    let double = pairs >= 5 && single_gaps * 10 >= (single_gaps + consecutive) * 7;
    let ends = texts.iter().filter(|l| l.para_end).count();
    let marks = texts.len() >= 5 && ends * 5 >= texts.len() && ends * 20 < texts.len() * 19;
    let mut widths: Vec<usize> = texts.iter().map(|l| display_width(&l.text)).collect();
    widths.sort_unstable();
    // The 90th percentile: most long lines of a wrapped text are about the
    // wrap width; a few are longer (half-width text, a line not wrapped).
    let wrap = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    Layout {
        double,
        marks,
        wrap,
    }
}

/// Joins the lines of an export into paragraphs. `origin` names a line
/// number for messages (a line of a text file, a paragraph of a .docx).
/// `style` is the layout of the whole document, decided by the caller.
pub fn join(
    lines: &[Line],
    style: Style,
    origin: fn(usize) -> Origin,
    notes: &mut Vec<Note>,
) -> Vec<Piece> {
    let lay = layout(lines);
    let long = |l: &Line| lay.wrap == 0 || display_width(&l.text) * 4 >= lay.wrap * 3;
    let mut pieces: Vec<Piece> = Vec::new();
    // The last line of the piece being built, and whether it was a label
    // (a heading, caption, title: never continued by the next line).
    let mut last: Option<(Line, bool)> = None;
    let mut gap = false;
    let mut empties = 0;
    let mut table_until = 0;
    for (i, line) in lines.iter().enumerate() {
        if i < table_until {
            continue;
        }
        if let Some((end, piece)) = egov_table(lines, i, origin) {
            // Rows and cells as they were, one piece: the parser reads
            // them by their indentation.
            pieces.push(piece);
            table_until = end;
            last = None;
            gap = false;
            empties = 0;
            continue;
        }
        if line.text.is_empty() {
            // In a double-spaced export one empty line is the spacing;
            // an empty paragraph (spaces only) or a run of them is a gap.
            empties += 1;
            if !lay.double || line.spaces_only || empties >= 3 {
                gap = true;
            }
            continue;
        }
        empties = 0;
        let kind = classify(&line.text, style);
        let marker = is_marker(&kind, style) || super::split_inline_caption(&line.text).is_some();
        let bullet = line.text.starts_with(super::BULLETS);
        let continues = match &last {
            None => false,
            Some((prev, label)) => {
                let sentence_ended = lay.marks && prev.para_end && ends_sentence(&prev.text);
                !(gap || *label || bullet || sentence_ended || !long(prev))
            }
        };
        if let (true, Some((prev, _)), Some(rest)) = (continues, &last, marker_rest(&kind))
            && broken_number(prev, rest, &kind, &lines[i + 1..], style)
            && let Some(p) = pieces.last_mut()
        {
            // Word put its automatic number on a line that continues a
            // sentence (the author pressed Enter mid-word).
            notes.push(Note::new(
                NoteKind::Check,
                Some(origin(line.no)),
                format!(
                    "行頭の「{}」は、文の途中で段落が分かれたために付いた番号とみなし、前の行の続きにしました（後に同じ番号があります）。原本と見比べてください",
                    marker_text(&kind)
                ),
            ));
            p.text.push_str(rest);
            last = Some((line.clone(), false));
            gap = false;
            continue;
        }
        if continues && !marker {
            let prev = &last.as_ref().map(|(p, _)| p.clone());
            if let (Some(prev), Some(p)) = (prev, pieces.last_mut()) {
                let sep = if lay.marks && prev.para_end && ends_with_close(&prev.text) {
                    "\u{3000}"
                } else if p.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.text.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    " "
                } else {
                    ""
                };
                p.text.push_str(sep);
                p.text.push_str(&line.text);
                p.lines.push(line.no);
            }
        } else {
            let mut piece = Piece::new(line.text.clone(), origin(line.no));
            piece.joinable = continues;
            piece.lines.push(line.no);
            pieces.push(piece);
        }
        let label = matches!(
            kind,
            LineKind::Heading { .. }
                | LineKind::CaptionCandidate(_)
                | LineKind::SectionCandidate { .. }
                | LineKind::Supplementary(_)
                | LineKind::Appendix { .. }
                | LineKind::TocStart
        ) || (lay.marks && line.para_end && !long(line));
        last = Some((line.clone(), label));
        gap = false;
    }
    pieces
}

/// The table of e-Gov's export starting at `lines[start]` (`* - ` rows,
/// their `- ` cells indented deeper), as one piece holding its lines with
/// their indentation, and the index after it; `None` when no table starts
/// there.
fn egov_table(lines: &[Line], start: usize, origin: fn(usize) -> Origin) -> Option<(usize, Piece)> {
    let first = &lines[start];
    let row = |l: &Line| {
        matches!(
            classify(&l.text, Style::Articles),
            LineKind::TableRow { .. }
        )
    };
    if !row(first) {
        return None;
    }
    let base = first.indent;
    // A row at the table's indentation, or anything deeper: a cell, a
    // sentence of a cell, an item in one.
    // Not a heading e-Gov indents as deep (`      附　則`, `   第二章`).
    let inside = |l: &Line| {
        !l.text.is_empty()
            && (l.indent > base || l.indent == base && row(l))
            && !matches!(
                classify(&l.text, Style::Articles),
                LineKind::Supplementary(_)
                    | LineKind::Heading { .. }
                    | LineKind::Article { .. }
                    | LineKind::Appendix { .. }
            )
    };
    let mut end = start + 1;
    while end < lines.len() {
        if inside(&lines[end]) {
            end += 1;
            continue;
        }
        // Blank lines inside a table, when it goes on after them.
        let after = lines[end..].iter().position(|l| !l.text.is_empty());
        match after.map(|n| end + n) {
            Some(next) if inside(&lines[next]) => end = next,
            _ => break,
        }
    }
    let mut piece = Piece::new(String::new(), origin(first.no));
    for l in lines[start..end].iter().filter(|l| !l.text.is_empty()) {
        if !piece.text.is_empty() {
            piece.text.push('\n');
        }
        // Rows two spaces in, as e-Gov writes them; cells as much deeper.
        piece.text.push_str(&" ".repeat(2 + l.indent - base));
        piece.text.push_str(&l.text);
        piece.lines.push(l.no);
    }
    piece.verbatim = true;
    Some((end, piece))
}

fn marker_rest<'a>(kind: &LineKind<'a>) -> Option<&'a str> {
    match kind {
        LineKind::ItemCandidate { text, .. } | LineKind::ParagraphCandidate { text, .. } => {
            Some(text)
        }
        _ => None,
    }
}

fn marker_text(kind: &LineKind) -> String {
    match kind {
        LineKind::ItemCandidate { marker, .. } => marker.to_string(),
        LineKind::ParagraphCandidate { label, .. } => label.to_string(),
        _ => String::new(),
    }
}

/// Whether a numbered line is really the rest of the line before it: that
/// line stops mid-word (no punctuation), the text after the number starts
/// with hiragana (a word's tail, not a new sentence's subject), and the
/// same number comes again before the next article or section.
fn broken_number(prev: &Line, rest: &str, kind: &LineKind, after: &[Line], style: Style) -> bool {
    let Some(last) = prev.text.chars().last() else {
        return false;
    };
    let mid_word = !last.is_ascii_punctuation()
        && !"。、，．：；！？）」』】］・…ー".contains(last)
        && prev.text.chars().count() >= 20;
    if !mid_word || !rest.starts_with(is_hiragana) {
        return false;
    }
    let this = marker_text(kind);
    // The same number comes again within the list, not pages later (and a
    // crafted file must not make every line look through all the others).
    for l in after.iter().take(500) {
        match classify(&l.text, style) {
            LineKind::Article { .. }
            | LineKind::Heading { .. }
            | LineKind::Supplementary(_)
            | LineKind::SectionCandidate { .. } => return false,
            k if marker_rest(&k).is_some() && marker_text(&k) == this => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> (Vec<String>, Vec<Note>) {
        let mut notes = Vec::new();
        let lines = clean(text, &mut notes);
        let style = if lines
            .iter()
            .any(|l| matches!(classify(&l.text, Style::Articles), LineKind::Article { .. }))
        {
            Style::Articles
        } else {
            Style::Sections
        };
        let p = join(&lines, style, Origin::Line, &mut notes);
        (p.into_iter().map(|p| p.text).collect(), notes)
    }

    /// e-Gov's tables keep their rows and cells, indented as they were (the
    /// parser reads them by it), up to the heading indented as deep; its
    /// line marks go.
    #[test]
    fn an_egov_table_is_kept_as_it_was_and_marks_go() {
        let (p, _) = pieces(
            "第二条　次の表の上欄の字句は、下欄の字句と読み替える。\n\n  * - 第一条\n    - |\n      - 前項\n\n      - 次項\n    - 管理\n  * - 第二条\n    - 保守\n\n      附　則\n:anonym-paragraph:この規程は、公布の日から施行する。\n",
        );
        assert_eq!(
            p,
            [
                "第二条　次の表の上欄の字句は、下欄の字句と読み替える。",
                "  * - 第一条\n    - |\n      - 前項\n      - 次項\n    - 管理\n  * - 第二条\n    - 保守",
                "附　則",
                "この規程は、公布の日から施行する。",
            ]
        );
    }

    #[test]
    fn decodes_the_encodings_staff_save_in() {
        // 「規程」 in Shift_JIS, EUC-JP, UTF-16LE with BOM, UTF-8 with BOM.
        assert_eq!(
            decode(b"\x8B\x4B\x92\xF6").unwrap(),
            ("規程".into(), Some("Shift_JIS（CP932）"))
        );
        assert_eq!(decode(b"\xB5\xAC\xC4\xF8").unwrap().0, "規程");
        assert_eq!(decode(b"\xFF\xFE\x8F\x89\x0B\x7A").unwrap().0, "規程");
        assert_eq!(
            decode("\u{feff}規程".as_bytes()).unwrap(),
            ("規程".into(), None)
        );
        // ① is CP932, not JIS X 0208.
        assert_eq!(decode(b"\x87\x40").unwrap().0, "①");
        assert!(decode(b"\xFF\xFF\xFF\x00\x81").is_err());
    }

    #[test]
    fn bookmarks_are_removed_and_noted() {
        let (p, notes) = pieces("第１条　本文\n[bookmark: _Hlk1]第２条　本文[bookmark: _Hlk2]\n");
        assert_eq!(p, ["第１条　本文", "第２条　本文"]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].at, Some(Origin::Line(2)));
        assert!(notes[0].text.contains("_Hlk1") && notes[0].text.contains("_Hlk2"));
    }

    #[test]
    fn wrapped_lines_join_without_a_space() {
        let text = "第１条　本規程は、医療情報システムの適切な安全管理を確保し、サイバー攻撃等の情報\nセキュリティインシデントによる患者医療情報の流出や不正利用を防止すること、\nまた医療の継続性を維持することを目的とする。\n\n（適用範囲）\n第２条　本規程は、全職員に適用される。\n２．前項の職員には、委託先を含む。\n　　　３．派遣職員も同様とする。\n";
        let (p, _) = pieces(text);
        assert_eq!(
            p,
            [
                "第１条　本規程は、医療情報システムの適切な安全管理を確保し、サイバー攻撃等の情報セキュリティインシデントによる患者医療情報の流出や不正利用を防止すること、また医療の継続性を維持することを目的とする。",
                "（適用範囲）",
                "第２条　本規程は、全職員に適用される。",
                "２．前項の職員には、委託先を含む。",
                "３．派遣職員も同様とする。",
            ]
        );
    }

    #[test]
    fn double_spaced_exports_use_the_trailing_space() {
        // Every line followed by an empty one; paragraph ends have a space.
        let lines = [
            "1. 目的 ",
            "個人情報保護マネジメントシステムに基づいて、セキュリティ事故の検出に対する職員の義務",
            "を規定すると共に、セキュリティ事故発生時の対処をすみやかに実施し、業務の迅速な復旧と",
            "事業の継続を図る。また、適切な予防を図る。 ",
            "セキュリティ事故とは、下記のことやその疑いをいう。 ",
            "(1) 深刻度：大 ",
            "事業そのもの継続に大きな影響がある場合。または、顧客や取引先等の病院外に対し",
            "て病院が加害者となる場合。 ",
            "●報告先：情報システム部門、個人情報管理委員会、該当する顧客や取引先、警察関  ",
            "係、東京都保健医療局医療政策部医療安全課 電話 03－5320－4432（直通） ",
            "     日本情報処理開発協会（JIPDEC） ",
        ];
        let text = lines.join("\n\n");
        let (p, _) = pieces(&text);
        assert_eq!(
            p,
            [
                "1. 目的",
                "個人情報保護マネジメントシステムに基づいて、セキュリティ事故の検出に対する職員の義務を規定すると共に、セキュリティ事故発生時の対処をすみやかに実施し、業務の迅速な復旧と事業の継続を図る。また、適切な予防を図る。",
                "セキュリティ事故とは、下記のことやその疑いをいう。",
                "(1) 深刻度：大",
                "事業そのもの継続に大きな影響がある場合。または、顧客や取引先等の病院外に対して病院が加害者となる場合。",
                "●報告先：情報システム部門、個人情報管理委員会、該当する顧客や取引先、警察関係、東京都保健医療局医療政策部医療安全課 電話 03－5320－4432（直通）\u{3000}日本情報処理開発協会（JIPDEC）",
            ]
        );
    }

    #[test]
    fn a_number_word_put_mid_sentence_is_joined_back() {
        let lines = [
            "4. 対処 ",
            "(1) 従業員は、速やかに報告する。 ",
            "(2) セキュリティ事故発生時の対応レベルを、被害の深刻度に応じて、レベル分けする。従業",
            "員、情報システム部門、個人情報管理委員会はレベルに応じた報告先に対し、速や ",
            "(3) かに報告し、指示を仰ぐ。 ",
            "(3) 記録する。 ",
        ];
        let (p, notes) = pieces(&lines.join("\n\n"));
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[2].ends_with("速やかに報告し、指示を仰ぐ。"), "{}", p[2]);
        assert!(
            notes.iter().any(|n| n.at == Some(Origin::Line(9))),
            "{notes:?}"
        );
    }
}
