//! Views of the things printed for the night of an outage, beside the
//! binder: the one-page poster for every PC (the emergency page's steps,
//! the numbers by day and by night, what not to do, a QR code to the
//! intranet copy), the sheet of pocket cards, and the register of printed
//! copies with what each copy is missing.

use chrono::NaiveDate;
use serde::Serialize;

use super::contacts::{CallView, StepView, incident_view};
use super::markdown::Scope;
use crate::content::Handbook;
use crate::content::date::wareki;
use crate::content::distribution::{Distribution, changes_since};

/// A contact's numbers in two columns, as on a poster or a card.
#[derive(Serialize)]
pub struct NumberRow {
    name: String,
    /// What to dial in the daytime, and at night and on holidays.
    day: Vec<Dial>,
    night: Vec<Dial>,
    /// Where to find a number when the contact has none (院内電話帳…).
    note: Option<String>,
    /// The weekday daytime when it is not 8:30–17:15 of the heading.
    hours: Option<String>,
    stale: bool,
    /// A number is still 未記入.
    blank: bool,
}

/// One number to dial, and the extension that reaches the same place.
#[derive(Serialize)]
struct Dial {
    main: String,
    extension: Option<String>,
}

fn dial(n: &super::contacts::NumberView) -> Dial {
    match (&n.phone, &n.extension) {
        (Some(p), x) => Dial {
            main: p.written.clone(),
            extension: x.clone(),
        },
        (None, x) => Dial {
            main: format!("内線 {}", x.as_deref().unwrap_or_default()),
            extension: None,
        },
    }
}

/// Every contact the steps call, once, in the order first called.
fn rows(steps: &[StepView]) -> Vec<NumberRow> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for c in steps.iter().flat_map(|s| &s.call) {
        if seen.contains(&c.id.as_str()) {
            continue;
        }
        seen.push(&c.id);
        out.push(number_row(c));
    }
    out
}

fn number_row(c: &CallView) -> NumberRow {
    let pick = |night: bool| -> Vec<Dial> {
        c.numbers
            .iter()
            .filter(|n| n.label.is_empty() || (n.label == "夜間・休日") == night)
            .map(dial)
            .collect()
    };
    let note = c.numbers.is_empty().then(|| {
        if c.blank {
            // Paper must show the hole, not send the reader to a chart
            // that has none either.
            "番号未記入".to_string()
        } else {
            c.note.clone().unwrap_or_else(|| "連絡体制図を参照".into())
        }
    });
    let hours = c
        .numbers
        .iter()
        .find(|n| n.label.starts_with("日中（"))
        .map(|n| {
            n.label
                .trim_start_matches("日中（")
                .trim_end_matches('）')
                .to_string()
        });
    NumberRow {
        name: c.name.clone(),
        day: pick(false),
        night: pick(true),
        note,
        hours,
        stale: c.stale,
        blank: c.blank,
    }
}

#[derive(Serialize)]
pub struct PosterView {
    pub title: String,
    lead: Option<String>,
    steps: Vec<StepView>,
    dont: Vec<String>,
    rows: Vec<NumberRow>,
    /// Whose steps they are, for the heading.
    who: Option<String>,
    /// The intranet copy of the emergency page, and its QR code.
    url: Option<String>,
    qr: Option<String>,
}

pub fn poster_view(scope: Scope, as_of: NaiveDate) -> PosterView {
    let hb = scope.hb;
    let inc = incident_view(scope, as_of);
    let url = hb.config.base_url.as_ref().map(|u| {
        let base = if u.ends_with('/') {
            u.clone()
        } else {
            format!("{u}/")
        };
        format!("{base}{}", crate::routes::Route::Incident.path())
    });
    let qr = url
        .as_deref()
        .and_then(|u| super::qr::svg(u, &format!("イントラネットの緊急時対応へのQRコード：{u}")));
    PosterView {
        rows: rows(&inc.steps),
        title: inc.title,
        lead: inc.lead,
        steps: inc.steps,
        dont: inc.dont,
        who: inc.who,
        url,
        qr,
    }
}

#[derive(Serialize)]
pub struct WalletView {
    title: String,
    steps: Vec<String>,
    rows: Vec<NumberRow>,
    /// The ten places on the sheet.
    cards: Vec<usize>,
}

/// How many pocket cards fit an A4 sheet: 2 across, 5 down, 91×55 mm each.
pub const WALLET_CARDS: usize = 10;
/// A pocket card, in mm: the size of a Japanese business card, which fits
/// a wallet or the back of a name badge.
const CARD: (u32, u32) = (91, 55);
/// The sheet, A4 portrait, in mm.
const SHEET: (u32, u32) = (210, 297);

/// The cut marks (トンボ) of the sheet as an SVG path in mm: short lines
/// in the margins where each card edge meets them, kept 5 mm in from the
/// paper's edge, which most printers cannot print.
pub fn cut_marks() -> String {
    let (cols, rows) = (2, WALLET_CARDS as u32 / 2);
    let left = (SHEET.0 - cols * CARD.0) / 2;
    let top = (SHEET.1 - rows * CARD.1) / 2;
    let mut d = String::new();
    for i in 0..=cols {
        let x = left + i * CARD.0;
        d.push_str(&format!(
            "M{x} 5V{}M{x} {}V{}",
            top - 2,
            SHEET.1 - top + 2,
            SHEET.1 - 5
        ));
    }
    for j in 0..=rows {
        let y = top + j * CARD.1;
        d.push_str(&format!(
            "M5 {y}H{}M{} {y}H{}",
            left - 2,
            SHEET.0 - left + 2,
            SHEET.0 - 5
        ));
    }
    d
}

pub fn wallet_view(scope: Scope, as_of: NaiveDate) -> WalletView {
    let inc = incident_view(scope, as_of);
    WalletView {
        rows: rows(&inc.steps),
        title: inc.title,
        steps: inc.steps.iter().take(3).map(|s| s.text.clone()).collect(),
        cards: (1..=WALLET_CARDS).collect(),
    }
}

#[derive(Serialize)]
struct ChangeView {
    what: String,
    date: Option<String>,
}

#[derive(Serialize)]
struct CopyView {
    number: u32,
    place: String,
    holder: Option<String>,
    printed: Option<String>,
    printed_iso: Option<String>,
    edition: Option<String>,
    note: Option<String>,
    /// "current", "outdated" (the W031 rule) or "unprinted".
    status: &'static str,
    changes: Vec<ChangeView>,
}

#[derive(Serialize)]
pub struct DistributionView {
    pub title: String,
    edition: String,
    copies: Vec<CopyView>,
    outdated: usize,
}

pub fn distribution_view(hb: &Handbook, d: &Distribution, as_of: NaiveDate) -> DistributionView {
    let copies: Vec<CopyView> = d
        .copies
        .iter()
        .map(|c| {
            // A copy printed after the as-of date had not been printed yet.
            let printed = c.printed.map(|(p, _)| p).filter(|p| *p <= as_of);
            let changes = printed.map_or_else(Vec::new, |p| {
                changes_since(hb, p, c.edition.as_ref().map(|(e, _)| e.as_str()), as_of)
            });
            CopyView {
                number: c.number,
                place: c.place.clone(),
                holder: c.holder.clone(),
                printed: c.printed.map(|(p, _)| wareki(p)),
                printed_iso: c.printed.map(|(p, _)| crate::content::date::iso(p)),
                edition: c.edition.as_ref().map(|(e, _)| e.clone()),
                note: c.note.clone(),
                status: match (printed, changes.is_empty()) {
                    (None, _) => "unprinted",
                    (Some(_), true) => "current",
                    (Some(_), false) => "outdated",
                },
                changes: changes
                    .into_iter()
                    .map(|ch| ChangeView {
                        what: ch.what,
                        date: ch.date.map(wareki),
                    })
                    .collect(),
            }
        })
        .collect();
    DistributionView {
        title: d.title.clone().unwrap_or_else(|| "配布管理台帳".into()),
        edition: hb.config.edition.clone(),
        outdated: copies.iter().filter(|c| c.status == "outdated").count(),
        copies,
    }
}
