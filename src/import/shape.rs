//! From paragraphs to a regulation: the title, number and owner at the
//! top, the 施行日 and 改定履歴 for the front matter, and the body — the
//! tail (what follows the regulation) is sorted out in `tail`, Word's
//! numbering put right in `markers`.

use super::front::{self, Front, HistoryRow, Row};
use super::tail::{self, is_enforcement};
use super::{Note, NoteKind, Origin, Piece};
use crate::content::structure::{LineKind, Style, classify};

/// Where a title may come from, best first after the document itself.
pub struct Titles {
    /// `--title`.
    pub given: Option<String>,
    /// The document's properties (docx `dc:title`).
    pub property: Option<String>,
    /// The file name without its extension.
    pub file: String,
}

pub struct Shaped {
    pub front: Front,
    pub body: Vec<Piece>,
    pub style: Style,
    /// Where the 施行日 was read, in words, for the report.
    pub effective_from: String,
}

fn excerpt(s: &str) -> String {
    let mut e: String = s.chars().take(24).collect();
    if s.chars().count() > 24 {
        e.push('…');
    }
    e
}

pub fn shape(pieces: Vec<Piece>, titles: &Titles, notes: &mut Vec<Note>) -> Shaped {
    let pieces = split_captions(pieces, notes);
    let style = super::style_of(pieces.iter().map(|p| p.text.as_str()));
    let pieces = drop_toc(pieces, style, notes);
    let start = body_start(&pieces, style);
    let mut pieces = pieces;
    let rest = pieces.split_off(start);
    let head = read_header(pieces, notes);
    let tail = tail::split_tail(rest, style, notes);
    let mut body = head.preamble;
    body.extend(tail.body);
    let body = super::markers::structure(body, style, notes);

    let (title, title_note) = match (&titles.given, head.title) {
        (Some(t), _) => (t.clone(), None),
        (None, Some(t)) => (t, None),
        (None, None) => match &titles.property {
            Some(t) => (
                t.clone(),
                Some(format!(
                    "本文の最初に題名がないため、文書に付いていた題名（Word の文書のプロパティ、または front matter の title）「{t}」を使いました。title: を確かめてください"
                )),
            ),
            None => (
                titles.file.clone(),
                Some(format!(
                    "本文の最初に題名がないため、ファイル名「{}」を仮の題名にしました。title: を正しい規程名に直すか、--title で指定してください",
                    titles.file
                )),
            ),
        },
    };
    if let Some(n) = title_note {
        notes.push(Note::new(NoteKind::Check, None, n));
    }

    // The 改定履歴 block says more than a 制定・最終改正 line under the
    // title: on the same date, its note wins.
    let mut history = head.rows;
    for r in tail.rows {
        match history.iter_mut().find(|h| h.date == r.date) {
            Some(h) => h.note = r.note,
            None => history.push(r),
        }
    }
    let unsorted = history.clone();
    history.sort_by_key(|h| h.date);
    if history != unsorted {
        notes.push(Note::new(
            NoteKind::Changed,
            None,
            "改定履歴を日付の古い順に並べました",
        ));
    }
    let enforcement = enforcement(&body, style);
    let undated = enforcement.original_undated;
    let derived = history.is_empty()
        && (enforcement.dated.len() >= 2 || undated && !enforcement.dated.is_empty());
    if derived {
        history = enforcement
            .dated
            .iter()
            .enumerate()
            .map(|(i, (_, d, heading))| HistoryRow {
                date: *d,
                note: if i == 0 && !undated {
                    "制定".to_string()
                } else if heading.is_empty() {
                    "改正".to_string()
                } else {
                    format!("改正{heading}")
                },
            })
            .collect();
        notes.push(Note::new(
            NoteKind::Changed,
            None,
            "改定履歴がないため、附則ごとの施行日から作りました",
        ));
    }
    for (at, blank) in &enforcement.blanks {
        notes.push(Note::new(
            NoteKind::Check,
            Some(*at),
            format!(
                "施行日が空欄です（{blank}）。日付を作らずにそのまま残しました。決まったら本文と front matter の effective: に書いてください"
            ),
        ));
    }
    let mut placeholder = None;
    let (effective, effective_from) = if let Some((at, date, _)) =
        enforcement.dated.first().filter(|_| !undated)
    {
        (*date, format!("{at}の施行の文から"))
    } else if let Some(first) = history.first().filter(|_| !(undated && derived)) {
        (
            first.date,
            "改定履歴のいちばん古い日付から（施行の文に日付がないため）".to_string(),
        )
    } else {
        let era = enforcement.blank_era.unwrap_or("令和");
        let amended = enforcement.dated.first().filter(|_| undated);
        let date = amended.map_or_else(|| front::era_start(era), |(_, d, _)| *d);
        let why = match enforcement.blanks.first() {
            _ if amended.is_some() => "最初の附則（制定のとき）の施行の文に日付がないため、いちばん古い改正の施行日にしてあります。制定の施行日に直し、改定履歴（history）の最初に制定を書き加えてください".to_string(),
            Some((_, blank)) => format!(
                "附則の施行日が空欄（{blank}）のため、{era}の最初の日にしてあります。正しい施行日に直してください"
            ),
            None => format!(
                "施行日が文書に書かれていないため、{era}の最初の日にしてあります。正しい施行日に直してください"
            ),
        };
        notes.push(Note::new(
            NoteKind::Check,
            None,
            format!(
                "effective:（施行日）は仮の日付 {} です。{why}",
                date.format("%Y-%m-%d")
            ),
        ));
        placeholder = Some(why);
        let from = if amended.is_some() {
            "仮の日付（制定の附則に日付がありません）"
        } else if enforcement.blanks.is_empty() {
            "仮の日付（文書に施行日がありません）"
        } else {
            "仮の日付（施行日が空欄です）"
        };
        (date, from.to_string())
    };
    Shaped {
        front: Front {
            title,
            number: head.number,
            owner: head.owner,
            effective,
            effective_placeholder: placeholder,
            history,
        },
        body,
        style,
        effective_from,
    }
}

/// `第１条（目的）　本文` becomes `（目的）` and `第１条　本文`: the parser takes
/// a caption from the line before an article.
fn split_captions(pieces: Vec<Piece>, notes: &mut Vec<Note>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut count = 0;
    let mut first = None;
    for p in pieces {
        match p
            .table
            .is_none()
            .then(|| super::split_inline_caption(&p.text))
            .flatten()
        {
            Some((caption, article)) => {
                count += 1;
                first.get_or_insert(p.at);
                let mut c = p.clone();
                c.text = caption;
                let mut a = p;
                a.text = article;
                out.push(c);
                out.push(a);
            }
            None => out.push(p),
        }
    }
    if count > 0 {
        notes.push(Note::new(
            NoteKind::Changed,
            first,
            format!(
                "条の番号の後ろの見出し（第１条（目的）の形）{count}か所を、条の前の行に移しました"
            ),
        ));
    }
    out
}

/// `目次` and the entries after it: the handbook makes its own contents.
fn drop_toc(mut pieces: Vec<Piece>, style: Style, notes: &mut Vec<Note>) -> Vec<Piece> {
    let Some(t) = pieces
        .iter()
        .position(|p| p.table.is_none() && classify(&p.text, style) == LineKind::TocStart)
    else {
        return pieces;
    };
    let mut first: Option<String> = None;
    let mut end = t + 1;
    while let Some(p) = pieces.get(end) {
        let bare = strip_page_number(&p.text);
        let numbered = bare.len() != p.text.len();
        let heading = matches!(
            classify(bare, style),
            LineKind::Heading { .. } | LineKind::Supplementary(_) | LineKind::Article { .. }
        );
        if p.table.is_some() || !(numbered || heading) {
            break;
        }
        let key = toc_key(bare);
        match &first {
            // The first entry again, without a page number: the text itself.
            Some(f) if *f == key && !numbered => break,
            Some(_) => {}
            None => first = Some(key),
        }
        end += 1;
    }
    let at = pieces[t].at;
    let count = end - t - 1;
    pieces.drain(t..end);
    notes.push(Note::new(
        NoteKind::Dropped,
        Some(at),
        format!("目次（{count}項目）を取り除きました。目次はハンドブックが作ります"),
    ));
    pieces
}

/// What a contents entry and the heading it stands for have in common:
/// the text without spaces and without the articles the entry lists
/// (`第一章　総則（第一条―第三条）` is the heading `第一章　総則`).
fn toc_key(entry: &str) -> String {
    let mut key: String = entry
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    if key.ends_with('）')
        && let Some(open) = key.rfind('（')
        && key[open..].contains('条')
    {
        key.truncate(open);
    }
    key
}

fn strip_page_number(s: &str) -> &str {
    let t = s.trim_end_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if t.len() == s.len() {
        return s;
    }
    t.trim_end_matches(|c: char| " \u{3000}\t…‥・.．-－─".contains(c))
}

/// The first piece of the regulation proper: a heading, an article, a
/// numbered section, a 附則, or a long paragraph (a preamble).
fn body_start(pieces: &[Piece], style: Style) -> usize {
    pieces
        .iter()
        .position(|p| {
            if p.table.is_some() {
                return true;
            }
            let long = p.text.contains('。') || p.text.chars().count() > 60;
            // （令和７年４月１日規程第７号） under the title reads as a
            // caption, but is the header's.
            let number = number_line(&p.text).is_some();
            long || front::is_history_heading(&p.text)
                || !number && !matches!(classify(&p.text, style), LineKind::Text(_))
        })
        .unwrap_or(pieces.len())
}

struct Head {
    title: Option<String>,
    number: Option<String>,
    owner: Option<String>,
    rows: Vec<HistoryRow>,
    preamble: Vec<Piece>,
}

const TITLE_ENDINGS: [&str; 16] = [
    "規程",
    "規定",
    "規則",
    "要領",
    "細則",
    "基準",
    "方針",
    "要綱",
    "マニュアル",
    "手順書",
    "計画",
    "指針",
    "ガイドライン",
    "取扱い",
    "取扱要領",
    "内規",
];

/// 規程第12号, （情シ規程第1号）, （令和７年４月１日規程第７号）: the
/// number, and the date written with it.
fn number_line(s: &str) -> Option<(String, Option<HistoryRow>)> {
    let inner = s.trim_matches(|c: char| "（）()【】［］[] \u{3000}".contains(c));
    let at = inner.rfind('第')?;
    let rest = inner[at + '第'.len_utf8()..].strip_suffix('号')?;
    let digits_ok = !rest.is_empty()
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || crate::content::numerals::is_kanji_numeral_char(c)
        });
    if !digits_ok || inner.chars().count() > 30 || inner.contains('条') || inner.contains('。') {
        return None;
    }
    // The number is the word that ends in 第N号; a date before it is the
    // day the regulation was made (令和７年４月１日規程第７号).
    let date = front::find_date(inner);
    let word_start = match &date {
        Some((range, _)) if range.end <= at => range.end,
        _ => inner[..at]
            .rfind(|c: char| c.is_whitespace() || c == '\u{3000}')
            .map_or(0, |i| {
                i + inner[i..].chars().next().map_or(1, char::len_utf8)
            }),
    };
    let number = inner[word_start..].trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let row = date.map(|(_, date)| HistoryRow {
        date,
        note: "制定".into(),
    });
    Some((number.to_string(), row))
}

/// A title printed with spaces between its characters (情 報 管 理 規 程).
fn unspaced(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let spaced = chars.len() >= 5
        && chars
            .iter()
            .enumerate()
            .all(|(i, c)| (i % 2 == 1) == (*c == ' ' || *c == '\u{3000}'));
    if spaced {
        chars.iter().step_by(2).collect()
    } else {
        s.to_string()
    }
}

/// 所管：事務部 ○○課.
fn owner_line(s: &str) -> Option<String> {
    for key in [
        "所管部署",
        "所管部門",
        "所管",
        "主管部署",
        "主管",
        "担当部署",
    ] {
        if let Some(rest) = s.strip_prefix(key) {
            let v = rest
                .trim_start_matches(|c: char| ":：　 ".contains(c))
                .trim();
            if !v.is_empty() && v.len() != rest.len() {
                return Some(v.to_string());
            }
        }
    }
    None
}

fn read_header(pieces: Vec<Piece>, notes: &mut Vec<Note>) -> Head {
    let mut head = Head {
        title: None,
        number: None,
        owner: None,
        rows: Vec::new(),
        preamble: Vec::new(),
    };
    let mut candidates: Vec<Piece> = Vec::new();
    for p in pieces {
        if p.table.is_some() {
            head.preamble.push(p);
            continue;
        }
        if head.number.is_none()
            && let Some((n, row)) = number_line(&p.text)
        {
            head.number = Some(n);
            head.rows.extend(row);
            continue;
        }
        if head.owner.is_none()
            && let Some(o) = owner_line(&p.text)
        {
            head.owner = Some(o);
            continue;
        }
        // 令和7年4月1日制定 / 制定　令和7年4月1日 under the title.
        if let Row::Entry(r) = front::history_row(&p.text)
            && [
                "制定", "施行", "改正", "改定", "改訂", "作成", "公布", "実施", "最終",
            ]
            .iter()
            .any(|k| r.note.contains(k))
        {
            head.rows.push(r);
            continue;
        }
        candidates.push(p);
    }
    let chosen = candidates
        .iter()
        .position(|p| TITLE_ENDINGS.iter().any(|e| p.text.ends_with(e)))
        .or(if candidates.is_empty() { None } else { Some(0) });
    for (i, p) in candidates.into_iter().enumerate() {
        if Some(i) == chosen {
            head.title = Some(unspaced(&p.text));
        } else {
            notes.push(Note::new(
                NoteKind::Check,
                Some(p.at),
                format!(
                    "題名の近くの「{}」は、本文の前書き（前文）として残しました",
                    excerpt(&p.text)
                ),
            ));
            head.preamble.push(p);
        }
    }
    head
}

/// The 施行 sentences of a body.
struct Enforcement {
    /// (where, date, what follows 附則 on its heading), in order, at
    /// most one per 附則 (the main provisions count as one).
    dated: Vec<(Origin, chrono::NaiveDate, String)>,
    blanks: Vec<(Origin, String)>,
    blank_era: Option<&'static str>,
    /// The first 附則, the one the regulation was made with, gives no
    /// date (「公布の日から施行する」, 「理事会の承認の日から」, a blank):
    /// the first date in `dated` is an amendment's, never the 制定.
    original_undated: bool,
}

fn enforcement(body: &[Piece], style: Style) -> Enforcement {
    let mut e = Enforcement {
        dated: Vec::new(),
        blanks: Vec::new(),
        blank_era: None,
        original_undated: false,
    };
    // Block 0 is the main provisions; each 附則 opens the next.
    let mut block = 0;
    let mut heading = String::new();
    let mut heading_at = None;
    let mut dated_block = None;
    let mut main_dates = Vec::new();
    // An amending 附則 whose sentence gives no date (e-Gov's 「公布の日から
    // 施行する」) is dated by its heading when that has a date
    // (「附　則　（平成一五年五月二三日法律第四六号）」, 「附則（令和３年改正）」).
    // Only when its sentence says it took effect that day (公布の日から
    // 施行する), not some time after it (公布の日から起算して六月を…).
    let mut promulgated = false;
    let close = |e: &mut Enforcement,
                 block: usize,
                 dated: Option<usize>,
                 heading: &str,
                 at,
                 promulgated: bool| {
        if block >= 1 && dated != Some(block) {
            match front::find_date(heading) {
                Some((_, d)) if block >= 2 && promulgated => {
                    e.dated.push((at, d, heading.to_string()))
                }
                _ if block == 1 => e.original_undated = true,
                _ => {}
            }
        }
    };
    for p in body.iter().filter(|p| p.table.is_none()) {
        if let LineKind::Supplementary(note) = classify(&p.text, style) {
            if let Some(at) = heading_at {
                close(&mut e, block, dated_block, &heading, at, promulgated);
            }
            promulgated = false;
            block += 1;
            heading = note.to_string();
            heading_at = Some(p.at);
            continue;
        }
        if !is_enforcement(&p.text) {
            continue;
        }
        promulgated |= p.text.contains("公布の日から施行");
        if let Some((_, d)) = front::find_date(&p.text) {
            if block == 0 {
                main_dates.push((p.at, d, String::new()));
            } else if dated_block != Some(block) {
                dated_block = Some(block);
                e.dated.push((p.at, d, heading.clone()));
            }
        } else if let Some((era, range)) = front::find_blank_date(&p.text) {
            e.blanks.push((p.at, p.text[range].to_string()));
            e.blank_era.get_or_insert(era);
        }
    }
    if let Some(at) = heading_at {
        close(&mut e, block, dated_block, &heading, at, promulgated);
    }
    // An article of the main provisions that sets the date (第20条　この
    // 規程は…施行する) counts only when there is no 附則 saying it.
    if e.dated.is_empty() {
        e.dated = main_dates.into_iter().take(1).collect();
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::compose::compose;

    fn pieces(lines: &[&str]) -> Vec<Piece> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut p = Piece::new(t.to_string(), Origin::Line(i + 1));
                p.lines.push(i + 1);
                p
            })
            .collect()
    }

    /// The lines shaped, and the notes of it.
    fn shaped(lines: &[&str]) -> (Shaped, Vec<Note>) {
        let mut notes = Vec::new();
        let s = shape(pieces(lines), &titles(), &mut notes);
        (s, notes)
    }

    fn titles() -> Titles {
        Titles {
            given: None,
            property: None,
            file: "file".into(),
        }
    }

    /// The contents end where their first entry comes again as the
    /// heading it names, with or without the articles it lists (e-Gov's
    /// `第一章　総則（第一条・第二条）`) or its page number.
    #[test]
    fn the_contents_are_dropped_up_to_the_first_heading_they_name() {
        for first in ["第一章　総則（第一条・第二条）", "第一章　総則 ……… 1"]
        {
            let (s, notes) = shaped(&[
                "情報セキュリティ規程",
                "目次",
                first,
                "第二章　管理（第三条）",
                "附則",
                "第一章　総則",
                "（目的）",
                "第一条　この規程は、情報の安全を目的とする。",
                "第二章　管理",
                "第二条　管理者を置く。",
            ]);
            let texts: Vec<&str> = s.body.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(texts.first(), Some(&"第一章　総則"), "{first}: {texts:?}");
            assert!(
                notes.iter().any(|n| n.text.contains("目次（3項目）")),
                "{first}: {notes:?}"
            );
        }
    }

    #[test]
    fn seed_000_layout_comes_apart() {
        let (s, notes) = shaped(&[
            "セキュリティ事故の検出と是正・予防処置規定",
            "1. 目的",
            "本文。",
            "2. 対処",
            "(1) 報告する。",
            "(2) 対応レベルを分ける。",
            "(1) 深刻度：大",
            "大きな影響がある場合。",
            "●報告先：情報システム部門",
            "(2) 深刻度：小",
            "(3) 記録する。",
            "この規程は、平成 17 年 4 月 1 日より施行する。",
            "改定履歴",
            "平成 17 年 4 月 1 日 作成および施行",
            "平成 30 年 4 月 1 日  一部改定",
            "部門責任者→情報システム部門→個人情報管理委員会",
            "セキュリティ事故報告書",
            "作成    年   月   日",
            "発生場所 発生システム",
        ]);
        assert_eq!(s.front.title, "セキュリティ事故の検出と是正・予防処置規定");
        assert_eq!(s.front.effective.to_string(), "2005-04-01");
        assert_eq!(s.front.history.len(), 2);
        assert_eq!(s.front.history[1].note, "一部改定");
        let texts: Vec<&str> = s.body.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1. 目的",
                "本文。",
                "2. 対処",
                "(1) 報告する。",
                "(2) 対応レベルを分ける。",
                "ア\u{3000}深刻度：大",
                "大きな影響がある場合。",
                "●報告先：情報システム部門",
                "イ\u{3000}深刻度：小",
                "(3) 記録する。",
                "附則",
                "この規程は、平成 17 年 4 月 1 日より施行する。",
            ]
        );
        let left: Vec<&Note> = notes
            .iter()
            .filter(|n| n.kind == NoteKind::LeftOut)
            .collect();
        assert_eq!(left.len(), 2, "{notes:#?}");
        assert!(left[0].text.contains("content/contacts.yaml"));
        assert!(left[1].text.contains("content/forms/"));
        assert_eq!(
            (left[1].at, left[1].to),
            (Some(Origin::Line(17)), Some(Origin::Line(19)))
        );
    }

    #[test]
    fn blank_enforcement_date_is_a_placeholder_not_a_guess() {
        let (s, notes) = shaped(&[
            "第１章　総則",
            "（目的）",
            "第１条　目的を定める。",
            "［附則］",
            "この規程は、令和　　年　　月　　日から施行する。",
        ]);
        assert_eq!(s.front.title, "file");
        assert_eq!(s.front.effective.to_string(), "2019-05-01");
        assert!(s.front.effective_placeholder.is_some());
        assert!(s.front.history.is_empty());
        assert!(
            notes.iter().any(|n| n.kind == NoteKind::Check
                && n.at == Some(Origin::Line(5))
                && n.text.contains("令和　　年　　月　　日")),
            "{notes:#?}"
        );
        // The body keeps the blank as written.
        assert!(s.body.iter().any(|p| p.text.contains("令和　　年")));
    }

    /// The first 附則 is the one the regulation was made with. When it
    /// gives no date, the amendments' dates (from their sentences, or from
    /// their headings as e-Gov's 「公布の日から施行する」 ones) are 改正,
    /// never the 制定, and 施行日 is a stand-in that says so.
    #[test]
    fn an_undated_first_supplement_makes_no_amendment_the_enactment() {
        let (s, _) = shaped(&[
            "文書管理規程",
            "第１条　この規程は、文書の管理について定める。",
            "附　則",
            "この規程は、理事会の承認の日から施行する。",
            "附　則（令和３年３月１日改正）",
            "この規程は、令和３年４月１日から施行する。",
            "附　則　（令和五年三月一日規程第二号）",
            "この規程は、公布の日から施行する。",
            // Its heading's day is not the day it took effect.
            "附　則　（令和六年三月一日規程第一号）",
            "この規程は、公布の日から起算して六月を経過した日から施行する。",
        ]);
        let history: Vec<String> = s
            .front
            .history
            .iter()
            .map(|h| format!("{} {}", h.date, h.note))
            .collect();
        assert_eq!(
            history,
            [
                "2021-04-01 改正（令和３年３月１日改正）",
                "2023-03-01 改正（令和五年三月一日規程第二号）"
            ]
        );
        assert_eq!(s.front.effective.to_string(), "2021-04-01");
        assert!(
            s.front
                .effective_placeholder
                .as_deref()
                .is_some_and(|w| w.contains("制定の施行日に直し")),
            "{:?}",
            s.front.effective_placeholder
        );
    }

    /// The number in brackets under the title, as FORMAT.md shows it and
    /// e-Gov prints a law's, is the header's, not the first article's
    /// caption.
    #[test]
    fn a_number_in_brackets_under_the_title_is_the_number() {
        for (line, number) in [
            ("（令和７年３月１日規程第７号）", "規程第７号"),
            ("（平成五年法律第四十七号）", "平成五年法律第四十七号"),
        ] {
            let (s, _) = shaped(&[
                "情報セキュリティ基本規程",
                line,
                "第１条　この規程は、情報資産を守ることを目的とする。",
            ]);
            assert_eq!(s.front.number.as_deref(), Some(number), "{line}");
            assert_eq!(
                s.body[0].text,
                "第１条　この規程は、情報資産を守ることを目的とする。"
            );
        }
    }

    /// 「一から三まで　略」 stands for 号 一 to 三, as the parser reads it:
    /// 四 after it is the next 号, not a number out of sequence.
    #[test]
    fn an_item_range_counts_the_items_it_stands_for() {
        let (s, notes) = shaped(&[
            "端末規程",
            "第１条　次に掲げる端末は、登録する。",
            "一から三まで　略",
            "四　タブレット端末",
        ]);
        assert!(
            !notes.iter().any(|n| n.text.contains("「四」")),
            "{notes:#?}"
        );
        assert!(s.body.iter().all(|p| p.structural), "{:#?}", s.body);
    }

    #[test]
    fn number_lines_and_spaced_titles() {
        assert_eq!(number_line("規程第12号"), Some(("規程第12号".into(), None)));
        assert_eq!(
            number_line("（情シ規程第1号）").map(|n| n.0),
            Some("情シ規程第1号".into())
        );
        let (n, row) = number_line("（令和７年４月１日　規程第７号）").unwrap();
        assert_eq!(n, "規程第７号");
        assert_eq!(row.unwrap().date.to_string(), "2025-04-01");
        assert_eq!(
            number_line("令和７年４月１日規程第７号").unwrap().0,
            "規程第７号"
        );
        assert_eq!(number_line("第３条の規定による第２号"), None);
        assert_eq!(unspaced("情 報 管 理 規 程"), "情報管理規程");
        assert_eq!(unspaced("情報 管理規程"), "情報 管理規程");
    }

    #[test]
    fn header_lines_and_history_table() {
        let mut notes = Vec::new();
        let mut ps = pieces(&[
            "情報セキュリティ基本規程",
            "規程第3号",
            "所管：情報システム部",
            "第１条　本文。",
            "附　則",
            "この規程は、令和７年４月１日から施行する。",
        ]);
        let mut t = Piece::new(String::new(), Origin::Paragraph(9));
        t.table = Some(vec![
            vec!["改定日".into(), "改定内容".into()],
            vec!["令和7年4月1日".into(), "制定".into()],
            vec!["令和8年4月1日".into(), "第3条を改正".into()],
        ]);
        ps.push(t);
        let s = shape(ps, &titles(), &mut notes);
        assert_eq!(s.front.number.as_deref(), Some("規程第3号"));
        assert_eq!(s.front.owner.as_deref(), Some("情報システム部"));
        assert_eq!(s.front.effective.to_string(), "2025-04-01");
        let h: Vec<String> = s
            .front
            .history
            .iter()
            .map(|h| format!("{} {}", h.date, h.note))
            .collect();
        assert_eq!(h, ["2025-04-01 制定", "2026-04-01 第3条を改正"]);
        assert!(s.body.iter().all(|p| p.table.is_none()));
    }

    #[test]
    fn inline_captions_become_caption_lines() {
        let (s, _) = shaped(&[
            "規程",
            "第１条（目的）この規程は、定める。",
            "第２条(範囲)　全職員に適用する。",
            "２　委託先も同じ。",
        ]);
        let (text, _) = compose(&s.body, s.style);
        assert_eq!(
            text,
            "（目的）\n第１条　この規程は、定める。\n\n(範囲)\n第２条　全職員に適用する。\n２　委託先も同じ。\n"
        );
    }

    #[test]
    fn out_of_sequence_numbers_are_reported() {
        let (s, notes) = shaped(&["第１条　本文。", "３　飛んだ番号。"]);
        assert_eq!(s.body.len(), 2);
        assert!(
            notes
                .iter()
                .any(|n| n.at == Some(Origin::Line(2)) && n.text.contains("「３」")),
            "{notes:#?}"
        );
    }

    #[test]
    fn composed_article_style_reads_back() {
        let (s, _) = shaped(&[
            "規程",
            "第１章　総則",
            "（目的）",
            "第１条　目的。",
            "２　二項。",
            "一　号。",
            "二　号。",
            "（範囲）",
            "第２条　範囲。",
        ]);
        let (text, map) = compose(&s.body, s.style);
        assert_eq!(
            text,
            "第１章　総則\n\n（目的）\n第１条　目的。\n２　二項。\n一　号。\n二　号。\n\n（範囲）\n第２条　範囲。\n"
        );
        assert_eq!(map.len(), text.lines().count());
        assert_eq!(map[0], Some(0));
        assert_eq!(map[1], None);
    }
}
