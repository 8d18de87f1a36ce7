//! The register of printed copies (配布管理台帳), `content/distribution.yaml`:
//! each numbered copy of the binder, where it is kept, who holds it, when
//! it was printed and of which edition; and what a copy is missing — the
//! parts printed in it (contacts, procedures, regulations, the BCP) that
//! changed after it was printed, judged from the dates in the data alone
//! so the answer is the same on every machine and in every copy.

use chrono::NaiveDate;
use serde::Deserialize;

use super::Handbook;
use super::fields::{self, At};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

pub const FILE: &str = "content/distribution.yaml";

/// One printed copy of the binder.
#[derive(Debug, Clone)]
pub struct Copy {
    /// 管理番号, printed on the cover.
    pub number: u32,
    pub at: At,
    /// 保管場所.
    pub place: String,
    /// 保管者.
    pub holder: Option<String>,
    /// 印刷日; `None` for a copy registered but not printed yet.
    pub printed: Option<(NaiveDate, At)>,
    /// The edition printed (版), as `edition` in handbook.yaml.
    pub edition: Option<(String, At)>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Distribution {
    pub file: String,
    /// False when the file could not be parsed.
    pub complete: bool,
    pub title: Option<String>,
    pub copies: Vec<Copy>,
}

impl Distribution {
    pub fn copy(&self, number: u32) -> Option<&Copy> {
        self.copies.iter().find(|c| c.number == number)
    }
}

/// A part of the binder, for saying what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Contacts,
    Procedure(String),
    Regulation(String),
    Bcp,
    Edition,
}

/// Something printed in the binder that changed on `date`, after a copy
/// was printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub part: Part,
    /// What changed, in words: 連絡体制図（情報システム部門）.
    pub what: String,
    pub date: Option<NaiveDate>,
}

/// The day each dated part of the binder last changed, as of `as_of`
/// (later dates have not happened yet on that day):
///
/// - a contact: its `updated` date, or else its `verified` date (a
///   re-check may have found a new number); the chart's own `updated`;
/// - a procedure: its `updated` date (a procedure without one is not
///   judged);
/// - a regulation: the day the version in force took effect;
/// - the BCP: the latest date of its 改定履歴.
fn dated_parts(hb: &Handbook, as_of: NaiveDate) -> Vec<(Part, String, NaiveDate)> {
    let mut out = Vec::new();
    if let Some(chart) = &hb.contacts {
        let name = chart.title.clone().unwrap_or_else(|| "連絡体制図".into());
        if let Some((d, _)) = chart.updated.filter(|(d, _)| *d <= as_of) {
            out.push((Part::Contacts, name.clone(), d));
        }
        for c in &chart.contacts {
            let changed = c.updated.or(c.verified).map(|(d, _)| d);
            if let Some(d) = changed.filter(|d| *d <= as_of) {
                out.push((Part::Contacts, format!("{name}（{}）", c.name), d));
            }
        }
    }
    for p in &hb.procedures {
        if let Some((d, _)) = p.updated.filter(|(d, _)| *d <= as_of) {
            out.push((
                Part::Procedure(p.id.clone()),
                format!("{} 復旧手順", p.system),
                d,
            ));
        }
    }
    for r in &hb.regulations {
        if r.since != NaiveDate::MIN && r.since <= as_of {
            out.push((Part::Regulation(r.id.clone()), r.title.clone(), r.since));
        }
    }
    if let Some(bcp) = &hb.bcp
        && let Some((d, _)) = bcp.revised(as_of)
    {
        let title = bcp
            .title
            .clone()
            .unwrap_or_else(|| "事業継続計画（BCP）".into());
        out.push((Part::Bcp, title, d));
    }
    out
}

/// What a copy printed on `printed` of `edition` lacks as of `as_of`: the
/// parts that changed after that day (a copy printed the day of a change
/// is taken to have it), and a different edition. Oldest change first.
pub fn changes_since(
    hb: &Handbook,
    printed: NaiveDate,
    edition: Option<&str>,
    as_of: NaiveDate,
) -> Vec<Change> {
    let mut out: Vec<Change> = dated_parts(hb, as_of)
        .into_iter()
        .filter(|(_, _, d)| *d > printed)
        .map(|(part, what, d)| Change {
            part,
            what,
            date: Some(d),
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.what).cmp(&(b.date, &b.what)));
    if let Some(e) = edition
        && e != hb.config.edition
    {
        out.insert(
            0,
            Change {
                part: Part::Edition,
                what: format!("版（{e} → {}）", hb.config.edition),
                date: None,
            },
        );
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    title: Option<String>,
    copies: Vec<CopySource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CopySource {
    number: Spanned<String>,
    place: String,
    #[serde(default)]
    holder: Option<String>,
    #[serde(default)]
    printed: Option<Spanned<String>>,
    #[serde(default)]
    edition: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
}

pub const EXAMPLE: &str = "copies:\n  - number: 1\n    place: 外来ナースステーション\n    holder: 外来看護師長\n    printed: 2026-10-10\n    edition: 第1版";

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Distribution {
    let mut out = Distribution {
        file: file.rel.clone(),
        ..Distribution::default()
    };
    const WHAT: crate::yaml::What = ("印刷した冊子の台帳", "the register of printed copies");
    let Some(src) = fields::read_yaml::<Source>(file, WHAT, EXAMPLE, diags) else {
        return out;
    };
    out.complete = true;
    out.title = src.title;
    // A copy whose number cannot be read (E012) is checked but not
    // registered: a copy is known by its number.
    out.copies = src
        .copies
        .iter()
        .filter_map(|c| {
            let number = fields::whole(file, &Some(c.number.clone()), "number", WHAT, diags);
            let printed = fields::opt_date(file, &c.printed, diags);
            Some(Copy {
                number: number?,
                at: yaml::position(&c.number, 1),
                place: c.place.clone(),
                holder: c.holder.clone(),
                printed,
                edition: c
                    .edition
                    .as_ref()
                    .map(|e| (e.value.trim().to_string(), yaml::position(e, 1))),
                note: c.note.clone(),
            })
        })
        .collect();
    out
}
