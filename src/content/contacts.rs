//! The contact chart (連絡体制図), `content/contacts.yaml`: who is called,
//! on which numbers, and who reports to whom (the escalation flow).

use chrono::NaiveDate;
use serde::Deserialize;

use super::fields::{self, At, OneOrMany, Ref};
use super::phone::Phone;
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::Spanned;

pub const FILE: &str = "content/contacts.yaml";

/// What the contact card calls `verified` when it is still 未記入.
pub const CHECK_DATE: &str = "番号確認日";

/// Whose number it is; decides the group on the phone list and the box
/// style on the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Internal,
    Vendor,
    Authority,
    Other,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 4] = [
        ("internal", Kind::Internal),
        ("vendor", Kind::Vendor),
        ("authority", Kind::Authority),
        ("other", Kind::Other),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Vendor => "vendor",
            Kind::Authority => "authority",
            Kind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Internal => "院内",
            Kind::Vendor => "委託先・ベンダー",
            Kind::Authority => "外部機関",
            Kind::Other => "その他",
        }
    }
}

/// A person who fills a role: the first listed is the 責任者, the others
/// are 代行者 in the order to call them.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<Phone>,
    pub extension: Option<String>,
    pub mobile: Option<Phone>,
    pub email: Option<String>,
    /// The numbers still written as 未記入, by what the page calls them
    /// (電話, 内線, 携帯).
    pub blanks: Vec<&'static str>,
}

/// A role, a department or an outside body that can be called.
#[derive(Debug, Clone)]
pub struct Contact {
    pub id: String,
    pub at: At,
    pub name: String,
    pub kind: Kind,
    pub organization: Option<String>,
    pub role: Option<String>,
    pub phone: Option<Phone>,
    pub extension: Option<String>,
    /// 夜間・休日 (after hours).
    pub after_hours: Option<Phone>,
    pub hours: Option<String>,
    pub email: Option<String>,
    /// A web page (a report form), and where it was written.
    pub url: Option<(String, At)>,
    pub note: Option<String>,
    pub people: Vec<Person>,
    /// When the numbers were last checked by calling them.
    pub verified: Option<(NaiveDate, At)>,
    /// A `verified` date was written but could not be read (already an
    /// error; not also a freshness warning).
    pub verified_unreadable: bool,
    /// The `kind` written is not one of the four (already an error; `kind`
    /// is then `Other`, and nothing is said about it being no vendor).
    pub kind_unreadable: bool,
    /// When its numbers or details last changed (a printed copy older
    /// than this is out of date).
    pub updated: Option<(NaiveDate, At)>,
    /// What a vendor (委託先・ベンダー) is asked for at the inspection.
    pub vendor: VendorInfo,
    /// The numbers and the check date still written as 未記入, by what the
    /// page calls them (電話, 内線, 夜間・休日, 番号確認日).
    pub blanks: Vec<&'static str>,
}

/// A vendor's part in the MHLW checklist: the systems it maintains,
/// whether it maintains them remotely, when its MDS/SDS arrived and when
/// it returned the 事業者確認用 sheet, and the contract.
#[derive(Debug, Clone, Default)]
pub struct VendorInfo {
    pub systems: Vec<String>,
    /// リモートメンテナンス (保守) and where it is written.
    pub remote_maintenance: Option<(bool, At)>,
    /// 医療情報セキュリティ開示書 (MDS/SDS) 受領日.
    pub mds_received: Option<(NaiveDate, At)>,
    /// 事業者確認用チェックリスト 返送日.
    pub sheet_returned: Option<(NaiveDate, At)>,
    /// 契約番号・契約名.
    pub contract: Option<String>,
    /// Where the first of these fields is written, when any is.
    pub first_at: Option<At>,
    /// `sheet_returned` was written but could not be read (already E013).
    pub sheet_unreadable: bool,
}

impl VendorInfo {
    pub fn remote(&self) -> bool {
        matches!(self.remote_maintenance, Some((true, _)))
    }

    /// The sheet returned in the 年度 of `as_of`, on or before it: a
    /// returned sheet answers one year's checklist.
    pub fn sheet_this_year(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        self.sheet_returned.map(|(d, _)| d).filter(|d| {
            *d <= as_of && super::training::fiscal_year(*d) == super::training::fiscal_year(as_of)
        })
    }
}

impl Contact {
    /// The number to show first: the main line, else the first person's.
    pub fn main_phone(&self) -> Option<&Phone> {
        self.phone
            .as_ref()
            .or_else(|| self.people.iter().find_map(|p| p.phone.as_ref()))
    }

    /// Whether it has numbers that someone must keep checking (a role
    /// such as 発見した職員 has none).
    pub fn has_numbers(&self) -> bool {
        self.main_phone().is_some()
            || self.main_extension().is_some()
            || self.after_hours.is_some()
            || self.people.iter().any(|p| p.mobile.is_some())
    }

    /// Whether its numbers are due for a check on `as_of`: it has numbers
    /// and no `verified` date within `days` before (a later one had not
    /// happened yet on that day). The W010 rule and the page's 要確認.
    pub fn needs_check(&self, as_of: NaiveDate, days: u32) -> bool {
        self.has_numbers()
            && !matches!(self.verified,
                Some((d, _)) if d <= as_of && (as_of - d).num_days() <= i64::from(days))
    }

    /// Whether a number of its own or of its people is still 未記入: the
    /// pages mark it 番号未記入 wherever it is called.
    pub fn blank_number(&self) -> bool {
        self.blanks.iter().any(|b| *b != CHECK_DATE)
            || self.people.iter().any(|p| !p.blanks.is_empty())
    }

    /// The extension to show first.
    pub fn main_extension(&self) -> Option<&str> {
        self.extension
            .as_deref()
            .or_else(|| self.people.iter().find_map(|p| p.extension.as_deref()))
    }
}

/// One step of the escalation flow: `from` reports to each of `to`.
#[derive(Debug, Clone)]
pub struct Flow {
    pub from: Ref,
    pub to: Vec<Ref>,
    pub when: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ContactChart {
    pub file: String,
    /// False when the file could not be parsed: references into it are
    /// then not checked, so one broken file is one error.
    pub complete: bool,
    pub title: Option<String>,
    pub contacts: Vec<Contact>,
    pub flow: Vec<Flow>,
    /// When the chart last changed as a whole (the flow, a contact removed).
    pub updated: Option<(NaiveDate, At)>,
}

impl ContactChart {
    pub fn get(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    title: Option<String>,
    contacts: Vec<ContactSource>,
    #[serde(default)]
    flow: Vec<FlowSource>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactSource {
    id: Spanned<String>,
    name: String,
    kind: Spanned<String>,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    phone: Option<Spanned<String>>,
    #[serde(default)]
    extension: Option<Spanned<String>>,
    #[serde(default)]
    after_hours: Option<Spanned<String>>,
    #[serde(default)]
    hours: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    people: Vec<PersonSource>,
    #[serde(default)]
    verified: Option<Spanned<String>>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
    systems: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    remote_maintenance: Option<Spanned<String>>,
    #[serde(default)]
    mds_received: Option<Spanned<String>>,
    #[serde(default)]
    sheet_returned: Option<Spanned<String>>,
    #[serde(default)]
    contract: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonSource {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    phone: Option<Spanned<String>>,
    #[serde(default)]
    extension: Option<Spanned<String>>,
    #[serde(default)]
    mobile: Option<Spanned<String>>,
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowSource {
    from: Spanned<String>,
    to: Spanned<OneOrMany>,
    #[serde(default)]
    when: Option<String>,
}

/// The contact chart, in messages.
const WHAT: crate::yaml::What = ("連絡体制図", "the contact chart");

pub const EXAMPLE: &str = "contacts:\n  - id: it-dept\n    name: 情報システム部門\n    kind: internal\n    extension: \"2100\"\n    verified: 2026-10-01\nflow:\n  - from: dept-head\n    to: [it-dept]";

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> ContactChart {
    let mut chart = ContactChart {
        file: file.rel.clone(),
        ..ContactChart::default()
    };
    // `phone: #9110` is a YAML comment: the number would silently vanish.
    for (i, line) in file.text.lines().enumerate() {
        let t = line.trim_start().trim_start_matches("- ");
        for key in ["phone:", "after_hours:", "mobile:"] {
            if let Some(rest) = t.strip_prefix(key)
                && rest.trim_start().starts_with('#')
            {
                let col = line.chars().count() - rest.trim_start().chars().count() + 1;
                let rest = rest.trim();
                diags.push(
                    file.error_at(
                        "E040",
                        i + 1,
                        col,
                        format!(
                            "`{key} {rest}` の # 以降は YAML ではコメントと読まれるため、番号が空になります"
                        ),
                    )
                    .en(format!(
                        "`{key} {rest}` is read as a comment in YAML, so the number is empty"
                    ))
                    .help(format!("番号を引用符で囲んでください: {key} \"{rest}\""))
                    .help_en(format!("put the number in quotes: {key} \"{rest}\"")),
                );
            }
        }
    }
    let Some(src) = fields::read_yaml::<Source>(file, WHAT, EXAMPLE, diags) else {
        return chart;
    };
    chart.complete = true;
    chart.title = src.title;
    chart.updated = fields::opt_date(file, &src.updated, diags);
    for c in src.contacts {
        let people = c
            .people
            .iter()
            .map(|p| Person {
                name: p.name.clone(),
                title: p.title.clone(),
                phone: fields::phone(file, &p.phone, diags),
                extension: fields::extension(file, &p.extension, diags),
                mobile: fields::phone(file, &p.mobile, diags),
                email: p.email.clone(),
                blanks: [
                    ("電話", &p.phone),
                    ("内線", &p.extension),
                    ("携帯", &p.mobile),
                ]
                .into_iter()
                .filter(|(_, v)| fields::blank(v))
                .map(|(label, _)| label)
                .collect(),
            })
            .collect();
        let id = Ref::new(&c.id);
        let first_at = [
            c.systems.as_ref().map(|v| crate::yaml::position(v, 1)),
            c.remote_maintenance
                .as_ref()
                .map(|v| crate::yaml::position(v, 1)),
            c.mds_received.as_ref().map(|v| crate::yaml::position(v, 1)),
            c.sheet_returned
                .as_ref()
                .map(|v| crate::yaml::position(v, 1)),
            c.contract.as_ref().map(|v| crate::yaml::position(v, 1)),
        ]
        .into_iter()
        .flatten()
        .min();
        let vendor = VendorInfo {
            systems: c
                .systems
                .as_ref()
                .map(|v| v.value.clone())
                .unwrap_or_default(),
            remote_maintenance: fields::flag(
                file,
                &c.remote_maintenance,
                "remote_maintenance",
                WHAT,
                diags,
            )
            .zip(
                c.remote_maintenance
                    .as_ref()
                    .map(|v| crate::yaml::position(v, 1)),
            ),
            mds_received: fields::opt_date(file, &c.mds_received, diags),
            sheet_returned: fields::opt_date(file, &c.sheet_returned, diags),
            contract: c.contract.as_ref().map(|v| v.value.clone()),
            first_at,
            sheet_unreadable: fields::unreadable_date(&c.sheet_returned),
        };
        let blanks = [
            ("電話", &c.phone),
            ("内線", &c.extension),
            ("夜間・休日", &c.after_hours),
            (CHECK_DATE, &c.verified),
        ]
        .into_iter()
        .filter(|(_, v)| fields::blank(v))
        .map(|(label, _)| label)
        .collect();
        let kind = fields::choice(file, &c.kind, "kind", WHAT, &Kind::ALL, diags);
        chart.contacts.push(Contact {
            id: id.id,
            at: id.at,
            name: c.name,
            // A kind not known is reported; the contact is still read,
            // so its other fields are checked too.
            kind: kind.unwrap_or(Kind::Other),
            kind_unreadable: kind.is_none(),
            organization: c.organization,
            role: c.role,
            phone: fields::phone(file, &c.phone, diags),
            extension: fields::extension(file, &c.extension, diags),
            after_hours: fields::phone(file, &c.after_hours, diags),
            hours: c.hours,
            email: c.email,
            url: c
                .url
                .as_ref()
                .map(|u| (u.value.clone(), crate::yaml::position(u, 1))),
            note: c.note,
            people,
            verified: fields::opt_date(file, &c.verified, diags),
            verified_unreadable: fields::unreadable_date(&c.verified),
            updated: fields::opt_date(file, &c.updated, diags),
            vendor,
            blanks,
        });
    }
    chart.flow = src
        .flow
        .iter()
        .map(|f| Flow {
            from: Ref::new(&f.from),
            to: fields::refs(&f.to),
            when: f.when.clone(),
        })
        .collect();
    chart
}

/// The weekday hours written at the start of a contact's `hours`
/// (`平日 8:30〜17:15`), in minutes from midnight. Hospitals divide the day
/// this way: the daytime number applies on weekdays within the window, the
/// 夜間・休日 number at every other time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: u32,
    pub end: u32,
    /// Written as reaching into the next morning (`平日 17:15〜翌 8:30`):
    /// the contact itself is the one to call at night, and the daytime is
    /// the time between `end` and `start`.
    pub overnight: bool,
}

impl Window {
    /// The daytime, when the contact's own number is not the one to call
    /// (for an overnight window) or is (otherwise): `(from, to)` minutes.
    pub fn daytime(self) -> (u32, u32) {
        if self.overnight {
            (self.end, self.start)
        } else {
            (self.start, self.end)
        }
    }
}

/// Reads `平日 8:30〜17:15` (also `平日8:30-17:15`, full-width digits, `～`,
/// `翌 8:30`) at the start of `hours`; anything else is `None` and the
/// numbers are shown without saying which applies now.
pub fn weekday_window(hours: &str) -> Option<Window> {
    let s: String = hours
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            '〜' | '～' | '−' | '－' | '–' | '—' => '~',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let rest = s.strip_prefix("平日")?;
    let (start, rest) = clock(rest)?;
    let rest = rest.strip_prefix(['~', '-'])?;
    let (next_day, rest) = match rest.strip_prefix('翌') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (end, _) = clock(rest)?;
    let overnight = next_day || end <= start;
    Some(Window {
        start,
        end,
        overnight,
    })
}

/// `8:30` at the start of `s`: minutes, and what follows.
fn clock(s: &str) -> Option<(u32, &str)> {
    let (h, rest) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || !h.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let m: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some((h * 60 + m, &rest[2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_windows_as_hospitals_write_them() {
        let w = weekday_window("平日 8:30〜17:15（時間外は当番携帯）").unwrap();
        assert_eq!((w.start, w.end, w.overnight), (510, 1035, false));
        let w = weekday_window("平日 17:15〜翌 8:30、土日祝日 終日").unwrap();
        assert_eq!((w.start, w.end, w.overnight), (1035, 510, true));
        assert_eq!(w.daytime(), (510, 1035));
        let w = weekday_window("平日９：００～１８：００").unwrap();
        assert_eq!((w.start, w.end), (540, 1080));
        for s in [
            "24時間365日",
            "平日 10時〜12時",
            "土日 9:00〜17:00",
            "平日 8:3〜17:15",
            "",
        ] {
            assert_eq!(weekday_window(s), None, "{s}");
        }
    }

    fn chart(text: &str) -> (ContactChart, Vec<Diagnostic>) {
        let file = SourceFile::new(FILE.into(), FILE.into(), text.into());
        let mut diags = Vec::new();
        (load(&file, &mut diags), diags)
    }

    #[test]
    fn a_vendor_carries_its_systems_sheets_and_contract() {
        let (c, diags) = chart(
            "contacts:\n  - id: v\n    name: 保守\n    kind: vendor\n    systems: [電子カルテ]\n    remote_maintenance: true\n    mds_received: 2025-05-30\n    sheet_returned: 令和8年6月19日\n    contract: HM-0420\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let v = &c.get("v").unwrap().vendor;
        assert_eq!(v.systems, ["電子カルテ"]);
        assert!(v.remote());
        assert_eq!(v.remote_maintenance.map(|r| r.1), Some((6, 25)));
        assert_eq!(v.sheet_returned.map(|s| s.1), Some((8, 21)));
        assert_eq!(v.first_at, Some((5, 14)));
        assert_eq!(v.contract.as_deref(), Some("HM-0420"));
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Returned 2026-06-19: counts for 年度 2026 (April 2026 to March
        // 2027), not before it was returned, not in 年度 2027.
        assert_eq!(v.sheet_this_year(d(2026, 6, 18)), None);
        assert_eq!(v.sheet_this_year(d(2027, 3, 31)), Some(d(2026, 6, 19)));
        assert_eq!(v.sheet_this_year(d(2027, 4, 1)), None);
    }

    #[test]
    fn a_contact_without_vendor_fields_has_none() {
        let (c, diags) =
            chart("contacts:\n  - id: it\n    name: 情報システム課\n    kind: internal\n");
        assert!(diags.is_empty(), "{diags:?}");
        let v = &c.get("it").unwrap().vendor;
        assert!(!v.remote() && v.first_at.is_none() && v.systems.is_empty());
    }
}
