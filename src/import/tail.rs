//! What follows the main provisions: the 附則 (a loose 施行 line gets a
//! 附則 heading), the 改定履歴 block or table (moved to the front matter),
//! and what is not regulation text at all — a flow line, a blank form,
//! 以上 — left out with a note saying where it belongs.

use super::front::{self, HistoryRow, Row};
use super::{Note, NoteKind, Origin, Piece};
use crate::content::structure::{LineKind, Style, classify};

fn excerpt(s: &str) -> String {
    let mut e: String = s.chars().take(24).collect();
    if s.chars().count() > 24 {
        e.push('…');
    }
    e
}

pub struct Tail {
    pub body: Vec<Piece>,
    pub rows: Vec<HistoryRow>,
}

/// 施行の文: この規程は、令和７年４月１日から施行する。
pub fn is_enforcement(s: &str) -> bool {
    s.chars().count() <= 150
        && (s.contains("から施行")
            || s.contains("より施行")
            || s.contains("施行する")
            || s.contains("施行します"))
}

/// 部門責任者→情報システム部門→個人情報管理委員会: a line of names and arrows.
fn is_flow(s: &str) -> bool {
    let arrows = ['→', '⇒', '⇨', '➡', '➔', '⇢'];
    let parts: Vec<&str> = s.split(arrows).collect();
    parts.len() >= 2
        && !s.contains('。')
        && parts
            .iter()
            .all(|p| !p.trim().is_empty() && p.chars().count() <= 30)
}

const FORM_ENDINGS: [&str; 20] = [
    "報告書",
    "届",
    "届出書",
    "申請書",
    "申込書",
    "記録票",
    "記録表",
    "記録簿",
    "点検表",
    "台帳",
    "チェックリスト",
    "チェック表",
    "確認書",
    "誓約書",
    "同意書",
    "依頼書",
    "様式",
    "用紙",
    "調書",
    "一覧表",
];

/// The title of a blank form: 様式第1号, 別紙, セキュリティ事故報告書.
fn is_form_title(s: &str, strict: bool) -> bool {
    let s = s.trim();
    if s.contains('。') || s.chars().count() > 40 {
        return false;
    }
    let marked = ["様式", "別紙", "別記様式", "（様式", "(様式", "【様式"]
        .iter()
        .any(|k| s.starts_with(k));
    marked || (!strict && FORM_ENDINGS.iter().any(|e| s.ends_with(e)))
}

/// Whether a table's first row names it a 改定履歴 (改定日, 改訂内容, 制定…).
pub fn names_history(rows: &[Vec<String>]) -> bool {
    rows.first().is_some_and(|header| {
        header.iter().any(|c| {
            front::is_history_heading(c)
                || ["改定", "改訂", "改正", "制定", "履歴"]
                    .iter()
                    .any(|k| c.contains(k))
        })
    })
}

/// The dated rows of a table, as 改定履歴 entries: the date from the
/// first cell that has one, the note from the other cells (row numbers
/// left out). None when no row has a date.
fn history_table(rows: &[Vec<String>]) -> Option<Vec<HistoryRow>> {
    let mut out = Vec::new();
    for row in rows {
        let Some((i, (range, date))) = row
            .iter()
            .enumerate()
            .find_map(|(i, c)| front::find_date(c).map(|d| (i, d)))
        else {
            continue;
        };
        let mut note_parts: Vec<String> = Vec::new();
        let rest = format!("{}{}", &row[i][..range.start], &row[i][range.end..]);
        if !rest.trim().is_empty() {
            note_parts.push(rest.trim().to_string());
        }
        for (j, c) in row.iter().enumerate() {
            let c = c.trim();
            // Row numbers (1, 2) carry nothing for the history.
            let numbering = c
                .chars()
                .all(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch));
            if j != i && !c.is_empty() && !numbering {
                note_parts.push(c.replace("<br>", "　"));
            }
        }
        let note = note_parts.join("　");
        out.push(HistoryRow {
            date,
            note: if note.is_empty() {
                "改定".into()
            } else {
                note
            },
        });
    }
    (!out.is_empty()).then_some(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Main,
    Suppl,
    /// Inside a 改定履歴 block; `back` when it came before the regulation.
    History {
        back: bool,
    },
    After,
    Form,
}

pub fn split_tail(pieces: Vec<Piece>, style: Style, notes: &mut Vec<Note>) -> Tail {
    let mut tail = Tail {
        body: Vec::new(),
        rows: Vec::new(),
    };
    let mut state = State::Main;
    let mut seen = false;
    let mut form: Option<(Origin, Origin, String)> = None;
    let mut i = 0;
    let finish_form = |form: &mut Option<(Origin, Origin, String)>, notes: &mut Vec<Note>| {
        if let Some((from, to, title)) = form.take() {
            let mut n = Note::new(
                NoteKind::LeftOut,
                Some(from),
                format!(
                    "様式「{title}」（記入欄のある用紙）は規程の本文ではないため、取り込みませんでした。様式は content/forms/ に YAML で作ります（docs/FORMAT.md の Forms）"
                ),
            );
            if to != from {
                n.to = Some(to);
            }
            notes.push(n);
        }
    };
    while i < pieces.len() {
        let p = &pieces[i];
        if let Some(table) = &p.table {
            let in_history = matches!(state, State::History { .. });
            // After the 附則, a table whose every row below the header is
            // dated can only be the history.
            let all_dated = matches!(state, State::Suppl | State::After)
                && table.len() >= 2
                && table[1..]
                    .iter()
                    .all(|r| r.iter().any(|c| front::find_date(c).is_some()));
            match history_table(table).filter(|_| in_history || all_dated || names_history(table)) {
                Some(rows) => {
                    notes.push(Note::new(
                        NoteKind::Changed,
                        Some(p.at),
                        format!("改定履歴の表（{}件）を front matter の history に移しました", rows.len()),
                    ));
                    tail.rows.extend(rows);
                    state = if seen { State::After } else { State::Main };
                }
                None => match state {
                    State::Form => {
                        if let Some(f) = form.as_mut() {
                            f.1 = p.at;
                        }
                    }
                    State::After => notes.push(Note::new(
                        NoteKind::LeftOut,
                        Some(p.at),
                        "規程の後にある表は本文ではないため、取り込みませんでした。必要なら content/pages/ のページにしてください",
                    )),
                    _ => {
                        notes.push(Note::new(
                            NoteKind::Changed,
                            Some(p.at),
                            format!(
                                "表（{}行）を Markdown の表にしました。規程のページに表として表示されます。結合したセルは文字のあるセルと空のセルに分かれるので、原本と見比べてください",
                                table.len()
                            ),
                        ));
                        tail.body.push(p.clone());
                    }
                },
            }
            i += 1;
            continue;
        }
        let text = p.text.as_str();
        let kind = classify(text, style);
        match state {
            State::Main | State::Suppl => {
                if front::is_history_heading(text) {
                    state = State::History { back: !seen };
                    notes.push(Note::new(
                        NoteKind::Changed,
                        Some(p.at),
                        "改定履歴を本文から front matter の history に移しました",
                    ));
                } else if text == "以上" {
                    notes.push(Note::new(
                        NoteKind::Dropped,
                        Some(p.at),
                        "文書の終わりを示す「以上」を取り除きました",
                    ));
                } else if matches!(kind, LineKind::Supplementary(_)) {
                    state = State::Suppl;
                    tail.body.push(p.clone());
                } else if state == State::Main
                    && seen
                    && matches!(kind, LineKind::Text(_))
                    && is_enforcement(text)
                {
                    let mut heading = Piece::new("附則".into(), p.at);
                    heading.lines = p.lines.clone();
                    tail.body.push(heading);
                    tail.body.push(p.clone());
                    state = State::Suppl;
                    notes.push(Note::new(
                        NoteKind::Changed,
                        Some(p.at),
                        "施行日の文を本文から分け、前に「附則」の見出しを付けました（附則は本文と別に表示されます）",
                    ));
                } else if state == State::Suppl && is_flow(text) {
                    left_out_flow(p, notes);
                } else if is_form_title(text, state == State::Main)
                    && matches!(kind, LineKind::Text(_))
                {
                    state = State::Form;
                    form = Some((p.at, p.at, text.to_string()));
                } else {
                    if state == State::Main
                        && matches!(
                            kind,
                            LineKind::Article { .. }
                                | LineKind::Heading { .. }
                                | LineKind::SectionCandidate { .. }
                        )
                    {
                        seen = true;
                    }
                    tail.body.push(p.clone());
                }
            }
            State::History { back } => match front::history_row(text) {
                Row::Entry(r) => tail.rows.push(r),
                Row::Blank => notes.push(Note::new(
                    NoteKind::Check,
                    Some(p.at),
                    format!(
                        "改定履歴の「{}」は日付が空欄のため、history に入れていません",
                        excerpt(text)
                    ),
                )),
                Row::No => {
                    state = if back { State::Main } else { State::After };
                    continue;
                }
            },
            State::After => {
                if front::is_history_heading(text) {
                    state = State::History { back: false };
                } else if matches!(kind, LineKind::Supplementary(_)) {
                    state = State::Suppl;
                    tail.body.push(p.clone());
                } else if matches!(
                    kind,
                    LineKind::Article { .. }
                        | LineKind::Heading { .. }
                        | LineKind::SectionCandidate { .. }
                ) {
                    state = State::Main;
                    tail.body.push(p.clone());
                } else if is_flow(text) {
                    left_out_flow(p, notes);
                } else if text == "以上" {
                    notes.push(Note::new(
                        NoteKind::Dropped,
                        Some(p.at),
                        "文書の終わりを示す「以上」を取り除きました",
                    ));
                } else if is_form_title(text, false) {
                    state = State::Form;
                    form = Some((p.at, p.at, text.to_string()));
                } else {
                    notes.push(Note::new(
                        NoteKind::LeftOut,
                        Some(p.at),
                        format!(
                            "改定履歴の後の「{}」は規程の本文ではないとみなし、取り込みませんでした。必要なら本文に書き足すか、content/pages/ のページにしてください",
                            excerpt(text)
                        ),
                    ));
                }
            }
            State::Form => {
                if front::is_history_heading(text) {
                    finish_form(&mut form, notes);
                    state = State::History { back: false };
                } else if let Some(f) = form.as_mut() {
                    f.1 = p.at;
                }
            }
        }
        i += 1;
    }
    finish_form(&mut form, notes);
    tail
}

fn left_out_flow(p: &Piece, notes: &mut Vec<Note>) {
    notes.push(Note::new(
        NoteKind::LeftOut,
        Some(p.at),
        format!(
            "連絡の流れ「{}」は規程の本文ではないため、取り込みませんでした。content/contacts.yaml の flow に書きます（docs/FORMAT.md の contacts.yaml）。本文から連絡体制図へは [連絡体制図](page:contacts) でリンクできます",
            p.text
        ),
    ));
}
