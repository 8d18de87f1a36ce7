//! The regulation parser's reading of 項 and 号 numbers, replayed over
//! the imported paragraphs: a list Word restarted inside one of its own
//! items becomes a deeper level (ア イ ウ), a number that is not the next
//! one is joined back to the wrapped line it came from, and whatever the
//! parser would still not place is reported.

use super::{Note, NoteKind, Piece};
use crate::content::numerals::to_kanji;
use crate::content::structure::{ItemLevels, LineKind, MarkerKind, Style, classify};

/// The regulation parser's reading of 項 and 号 numbers, replayed over
/// the pieces, so that what it would not take as structure can be fixed
/// or reported here.
struct Tracker {
    style: Style,
    in_article: bool,
    fresh: bool,
    paragraph: u32,
    items: ItemLevels,
    last_section: u32,
    supplement: bool,
}

enum Verdict {
    Structure,
    Rejected,
    Text,
}

impl Tracker {
    fn new(style: Style) -> Tracker {
        Tracker {
            style,
            in_article: false,
            fresh: false,
            paragraph: 0,
            items: ItemLevels::default(),
            last_section: 0,
            supplement: false,
        }
    }

    fn see(&mut self, kind: &LineKind, next_is_article: bool) -> Verdict {
        match kind {
            LineKind::Heading { .. } => {
                self.items.clear();
                Verdict::Structure
            }
            LineKind::Supplementary(_) => {
                self.items.clear();
                self.supplement = true;
                self.in_article = false;
                Verdict::Structure
            }
            LineKind::Article { text, .. } => {
                self.in_article = true;
                self.fresh = text.is_empty();
                self.paragraph = 1;
                self.items.clear();
                Verdict::Structure
            }
            LineKind::CaptionCandidate(_) if next_is_article => Verdict::Structure,
            LineKind::ParagraphCandidate { number, .. } => {
                let ok = if self.in_article {
                    *number == self.paragraph + 1 || (self.fresh && *number == 1)
                } else {
                    *number == 1
                };
                if !ok {
                    return Verdict::Rejected;
                }
                self.in_article = true;
                self.fresh = false;
                self.paragraph = *number;
                self.items.clear();
                Verdict::Structure
            }
            LineKind::SectionCandidate { number, .. } => {
                let ok = match number {
                    Some(n) => {
                        self.last_section == 0 || self.last_section.checked_add(1) == Some(*n)
                    }
                    None => true,
                };
                if !ok || self.supplement {
                    return Verdict::Rejected;
                }
                self.last_section = number.unwrap_or(self.last_section.saturating_add(1));
                self.in_article = true;
                self.paragraph = 1;
                self.items.clear();
                Verdict::Structure
            }
            LineKind::ItemCandidate {
                kind,
                number,
                branches,
                marker,
                ..
            } => {
                // ② after an article's unnumbered first 項: its 項 2, as the
                // parser reads it.
                if *kind == MarkerKind::Circled
                    && self.style == Style::Articles
                    && self.in_article
                    && *number >= 2
                    && !self.items.continues(MarkerKind::Circled, *number)
                    && self.paragraph.checked_add(1) == Some(*number)
                {
                    self.paragraph = *number;
                    self.fresh = false;
                    self.items.clear();
                    return Verdict::Structure;
                }
                match self.items.place(*kind, *number, branches, marker, false) {
                    Some(_) => {
                        self.fresh = false;
                        self.in_article = true;
                        Verdict::Structure
                    }
                    None => Verdict::Rejected,
                }
            }
            // 一から三まで　略: the items it stands for, up to the last, as
            // the parser counts them.
            LineKind::ItemRange {
                number,
                branches,
                last,
                marker,
                ..
            } => match self
                .items
                .place(MarkerKind::Kanji, *number, branches, marker, false)
            {
                Some(_) => {
                    self.items.reach(last.clone());
                    self.fresh = false;
                    self.in_article = true;
                    Verdict::Structure
                }
                None => Verdict::Rejected,
            },
            LineKind::Text(t)
                if self.style == Style::Sections
                    && crate::content::structure::subsection_heading(t) =>
            {
                // As the parser: the 号 under a sub-section count anew.
                self.items.clear();
                Verdict::Text
            }
            _ => {
                if self.style == Style::Articles {
                    self.fresh = false;
                }
                Verdict::Text
            }
        }
    }
}

fn marker_for(kind: MarkerKind, n: u32) -> String {
    const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
    const AIUEO: &str =
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";
    let nth = |t: &str| {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| t.chars().nth(i))
            .map(String::from)
    };
    match kind {
        MarkerKind::Aiueo => nth(AIUEO),
        MarkerKind::Iroha => nth(IROHA),
        MarkerKind::Circled => super::numbering::format_number(n, "decimalEnclosedCircle")
            .chars()
            .next()
            .filter(|c| !c.is_ascii_digit())
            .map(String::from),
        MarkerKind::Kanji => Some(to_kanji(n)),
        MarkerKind::Paren => Some(format!("({n})")),
    }
    .unwrap_or_else(|| format!("({n})"))
}

fn item_of<'a>(kind: &LineKind<'a>) -> Option<(MarkerKind, u32, &'a str, &'a str)> {
    match kind {
        LineKind::ItemCandidate {
            kind,
            number,
            marker,
            text,
            ..
        } => Some((*kind, *number, *marker, *text)),
        _ => None,
    }
}

fn ends_block(kind: &LineKind) -> bool {
    matches!(
        kind,
        LineKind::Article { .. }
            | LineKind::Heading { .. }
            | LineKind::Supplementary(_)
            | LineKind::SectionCandidate { .. }
            | LineKind::ParagraphCandidate { .. }
    )
}

/// A list restarted inside one of its own items — (1) (2) (3), then
/// (1) (2) (3) again, then (4) — is a deeper level in Word's layout: its
/// pieces get markers of a kind not used around them (ア イ ウ first), as
/// a printed regulation writes them.
fn relabel_restart(
    body: &mut [Piece],
    at: usize,
    tracker: &Tracker,
    style: Style,
    notes: &mut Vec<Note>,
) -> bool {
    let first = classify(&body[at].text, style);
    let Some((kind, 1, _, _)) = item_of(&first) else {
        return false;
    };
    let Some((_, open)) = tracker.items.levels().find(|(k, _)| *k == kind) else {
        return false;
    };
    let mut run = vec![at];
    let mut used = vec![kind];
    let mut resumed = false;
    // Bounded: a list is not thousands of paragraphs long, and a crafted
    // body of many restarts must not take quadratic time.
    for (j, p) in body.iter().enumerate().skip(at + 1).take(2000) {
        if p.table.is_some() {
            continue;
        }
        let k = classify(&p.text, style);
        if ends_block(&k) {
            break;
        }
        let Some((mk, n, _, _)) = item_of(&k) else {
            continue;
        };
        if mk != kind {
            used.push(mk);
            continue;
        }
        // The outer list going on wins: (1) (2) (3) inside its (2) ends
        // at the (3) of the outer list.
        if Some(n) == open.checked_add(1) {
            resumed = true;
            break;
        } else if n == run.len() as u32 + 1 {
            run.push(j);
        } else {
            break;
        }
    }
    if !resumed {
        return false;
    }
    let open_kinds: Vec<MarkerKind> = tracker.items.levels().map(|(k, _)| k).collect();
    let Some(new) = [
        MarkerKind::Aiueo,
        MarkerKind::Iroha,
        MarkerKind::Circled,
        MarkerKind::Kanji,
        MarkerKind::Paren,
    ]
    .into_iter()
    .find(|k| !open_kinds.contains(k) && !used.contains(k)) else {
        return false;
    };
    let mut olds = Vec::new();
    let mut news = Vec::new();
    for (n, &j) in run.iter().enumerate() {
        let k = classify(&body[j].text, style);
        let Some((_, _, old, rest)) = item_of(&k) else {
            continue;
        };
        let marker = marker_for(new, n as u32 + 1);
        olds.push(old.to_string());
        news.push(marker.clone());
        body[j].text = format!("{marker}\u{3000}{rest}");
    }
    let mut note = Note::new(
        NoteKind::Changed,
        Some(body[run[0]].at),
        format!(
            "{} は、上の番号 {} の途中で番号が振り直された細目とみなし、{} に改めました（この後に番号 {} が続くため）",
            olds.join(" "),
            marker_for(kind, open),
            news.join(" "),
            marker_for(kind, open.saturating_add(1)),
        ),
    );
    if let Some(&last) = run.last()
        && last != run[0]
    {
        note.to = Some(body[last].at);
    }
    notes.push(note);
    true
}

/// Replays the parser over the body: restarted lists become deeper ones,
/// a number that is not the next one joins the line before it when that
/// line was a wrapped one, and what stays unplaced is reported.
pub fn structure(mut body: Vec<Piece>, style: Style, notes: &mut Vec<Note>) -> Vec<Piece> {
    let mut tracker = Tracker::new(style);
    let mut out: Vec<Piece> = Vec::with_capacity(body.len());
    for i in 0..body.len() {
        if body[i].table.is_some() {
            out.push(body[i].clone());
            continue;
        }
        let next_is_article = body
            .get(i + 1)
            .is_some_and(|n| matches!(classify(&n.text, style), LineKind::Article { .. }));
        let text = body[i].text.clone();
        let kind = classify(&text, style);
        let mut verdict = tracker.see(&kind, next_is_article);
        if matches!(verdict, Verdict::Rejected)
            && relabel_restart(&mut body, i, &tracker, style, notes)
        {
            let text = body[i].text.clone();
            verdict = tracker.see(&classify(&text, style), next_is_article);
        }
        let mut p = body[i].clone();
        match verdict {
            Verdict::Structure => p.structural = true,
            Verdict::Rejected => {
                let label = match &kind {
                    LineKind::ItemCandidate { marker, .. } => marker.to_string(),
                    LineKind::ParagraphCandidate { label, .. } => label.to_string(),
                    LineKind::SectionCandidate { label, .. } => label.to_string(),
                    _ => String::new(),
                };
                let previous = out.last_mut().filter(|q| q.table.is_none());
                match previous {
                    Some(prev) if p.joinable => {
                        prev.text.push_str(&p.text);
                        prev.lines.extend(p.lines.iter().copied());
                        notes.push(Note::new(
                            NoteKind::Check,
                            Some(p.at),
                            format!(
                                "行頭の「{label}」は前の番号の続きになっていないため、番号ではなく前の行の続きの文として扱いました"
                            ),
                        ));
                        continue;
                    }
                    _ => notes.push(Note::new(
                        NoteKind::Check,
                        Some(p.at),
                        format!(
                            "行頭の「{label}」は番号の順序に合わない（前の番号の続きでも 1 でもない）ため、項・号・節としてではなく本文の行として取り込みました。番号を確かめてください"
                        ),
                    )),
                }
            }
            Verdict::Text => {
                if let LineKind::CaptionCandidate(c) = kind {
                    notes.push(Note::new(
                        NoteKind::Check,
                        Some(p.at),
                        format!(
                            "見出し「（{c}）」の後に条がないため、本文の行として取り込みました"
                        ),
                    ));
                }
            }
        }
        out.push(p);
    }
    out
}
