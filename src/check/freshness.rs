//! Freshness rules, evaluated as of a date (`--as-of`, default the build
//! date): a phone number not checked, a restore drill not held, training
//! not given, a follow-up not done within its interval is a warning.
//! Records dated after the as-of date had not happened yet on that day.

use chrono::NaiveDate;

use crate::content::Handbook;
use crate::content::date::wareki;
use crate::content::fields::format_minutes;
use crate::diag::{Diagnostic, Msg};

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

pub fn run(hb: &Handbook, as_of: NaiveDate, diags: &mut Vec<Diagnostic>) {
    let review = &hb.config.review;
    let on = wareki(as_of);
    if let Some(chart) = &hb.contacts {
        let limit = review.contact_check_days;
        for c in chart
            .contacts
            .iter()
            .filter(|c| c.needs_check(as_of, limit) && !c.verified_unreadable)
        {
            let (message, at) = match c.verified {
                Some((d, at)) if d <= as_of => (
                    Msg::new(
                        format!(
                            "「{}」の番号を最後に確かめたのは{on}の{}日前です（{limit}日ごとに確かめる決まりです）",
                            c.name,
                            days(d, as_of)
                        ),
                        format!(
                            "「{}」's numbers were last verified {} days before {on} (every {limit} days is the rule)",
                            c.name,
                            days(d, as_of)
                        ),
                    ),
                    at,
                ),
                Some((_, at)) => (
                    Msg::new(
                        format!("「{}」の番号は{on}の時点でまだ確かめられていません", c.name),
                        format!("「{}」's numbers had not been verified yet on {on}", c.name),
                    ),
                    at,
                ),
                None => (
                    Msg::new(
                        format!("「{}」の番号を確かめた日（`verified`）がありません", c.name),
                        format!("「{}」's numbers have no `verified` date", c.name),
                    ),
                    c.at,
                ),
            };
            diags.push(
                super::located(
                    hb,
                    Diagnostic::warning("W010", &chart.file, "").msg(message),
                    at,
                )
                .help(
                    "番号に電話して確かめ、`verified:` をその日の日付にしてください\
                         （間隔は handbook.yaml の review.contact_check_days です）",
                )
                .help_en(
                    "call the numbers, then set `verified:` to today's date \
                         (the interval is review.contact_check_days in handbook.yaml)",
                ),
            );
        }
    }
    let limit = review.backup_drill_days;
    for p in &hb.procedures {
        // A drill whose date could not be read (already E013) may be the
        // latest: whether the drills are overdue is not known.
        let judge = !p.drill_unreadable;
        match p.last_drill(as_of) {
            None if !judge => {}
            None => diags.push(
                Diagnostic::warning(
                    "W011",
                    &p.file,
                    format!("「{}」の復旧訓練の記録が{on}までにありません", p.system),
                )
                .en(format!(
                    "no restore drill of 「{}」 recorded by {on}",
                    p.system
                ))
                .help("復旧訓練を行い、`drills:` に記録してください")
                .help_en("hold a restore drill and record it under `drills:`"),
            ),
            Some(d) => {
                if judge && p.drill_overdue(as_of, review.backup_drill_days) {
                    diags.push(
                        super::located(
                            hb,
                            Diagnostic::warning(
                                "W011",
                                &p.file,
                                format!(
                                    "「{}」の最後の復旧訓練は{on}の{}日前です（{limit}日ごとに行う決まりです）",
                                    p.system,
                                    days(d.date, as_of)
                                ),
                            )
                            .en(format!(
                                "the last restore drill of 「{}」 was {} days before {on} (every {limit} days is the rule)",
                                p.system,
                                days(d.date, as_of)
                            )),
                            d.at,
                        )
                        .help("復旧訓練を行い、`drills:` に記録してください（間隔は review.backup_drill_days です）")
                        .help_en("hold a restore drill and record it under `drills:` (the interval is review.backup_drill_days)"),
                    );
                }
                if let (Some(m), Some(rto)) = (d.measured, p.rto)
                    && m > rto
                {
                    diags.push(
                        super::located(
                            hb,
                            Diagnostic::warning(
                                "W012",
                                &p.file,
                                format!(
                                    "「{}」の最後の復旧訓練は{}かかり、目標復旧時間（RTO）{}を超えました",
                                    p.system,
                                    format_minutes(m),
                                    format_minutes(rto)
                                ),
                            )
                            .en(format!(
                                "the last restore drill of 「{}」 took {}, longer than its RTO of {}",
                                p.system,
                                format_minutes(m),
                                format_minutes(rto)
                            )),
                            d.at,
                        )
                        .help("手順を見直してもう一度訓練するか、委員会で RTO の延長を承認してもらってください")
                        .help_en("improve the procedure and drill again, or have the committee approve a longer RTO"),
                    );
                }
            }
        }
    }
    if let Some(d) = &hb.distribution {
        outdated_copies(hb, d, as_of, diags);
    }
    if let Some(t) = &hb.training {
        // A 周知 is due after each revision (W026), not at an interval.
        for k in t.kinds.iter().filter(|k| !k.notice) {
            let limit = i64::from(k.interval_days.unwrap_or(review.training_days));
            if t.has_undated(&k.id) {
                // A session whose date could not be read is an error
                // already; when it was held is not known.
                continue;
            }
            let last = t.last_held(&k.id, as_of);
            let message = match last {
                Some(d) if days(d, as_of) <= limit => continue,
                Some(d) => Msg::new(
                    format!(
                        "「{}」を最後に行ったのは{on}の{}日前です（{limit}日ごとに行う決まりです）",
                        k.name,
                        days(d, as_of)
                    ),
                    format!(
                        "「{}」 was last held {} days before {on} (every {limit} days is the rule)",
                        k.name,
                        days(d, as_of)
                    ),
                ),
                None => Msg::new(
                    format!("「{}」は{on}までに一度も行われていません", k.name),
                    format!("「{}」 had not been held by {on}", k.name),
                ),
            };
            diags.push(
                super::located(
                    hb,
                    Diagnostic::warning("W013", &t.file, "").msg(message),
                    k.at,
                )
                .help("実施して、`sessions:` に記録してください")
                .help_en("hold it and record the session under `sessions:`"),
            );
        }
        for s in t.sessions.iter().filter(|s| s.date <= as_of) {
            for f in &s.follow_up {
                let Some((due, at)) = f.due else { continue };
                if f.is_overdue(as_of) {
                    diags.push(
                        super::located(
                            hb,
                            Diagnostic::warning(
                                "W014",
                                &t.file,
                                format!(
                                    "事後の対応「{}」は期限の{}を過ぎても終わっていません",
                                    f.action,
                                    wareki(due)
                                ),
                            )
                            .en(format!(
                                "the follow-up 「{}」 was due {} and is not done",
                                f.action,
                                wareki(due)
                            )),
                            at,
                        )
                        .help("対応を終えて `done:` にその日付を書くか、新しい期限を決めて `due:` を直してください")
                        .help_en("do it and set `done:` to the date, or agree a new `due:` date"),
                    );
                }
            }
        }
    }
}

/// A printed copy that lacks a change made after it was printed (W021):
/// whoever keeps it is reading old numbers or an old procedure. Named by
/// its number and place, so it can be found and replaced.
fn outdated_copies(
    hb: &Handbook,
    d: &crate::content::distribution::Distribution,
    as_of: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) {
    for c in &d.copies {
        // A copy printed after the as-of date had not been printed yet.
        let Some((printed, at)) = c.printed.filter(|(p, _)| *p <= as_of) else {
            continue;
        };
        let changes = crate::content::distribution::changes_since(
            hb,
            printed,
            c.edition.as_ref().map(|(e, _)| e.as_str()),
            as_of,
        );
        if changes.is_empty() {
            continue;
        }
        let list = |f: &dyn Fn(&crate::content::distribution::Change) -> String| {
            changes.iter().map(f).collect::<Vec<_>>().join("、")
        };
        let ja = list(&|ch| match ch.date {
            Some(d) => format!("{}（{}）", ch.what, wareki(d)),
            None => ch.what.clone(),
        });
        let en = list(&|ch| match ch.date {
            Some(d) => format!("{} ({})", ch.what, d.format("%Y-%m-%d")),
            None => ch.what.clone(),
        });
        diags.push(
            super::located(
                hb,
                Diagnostic::warning(
                    "W031",
                    &d.file,
                    format!(
                        "冊子 第{}号（{}）は{}に印刷した後に変わった内容を含んでいません：{ja}",
                        c.number,
                        c.place,
                        wareki(printed)
                    ),
                )
                .en(format!(
                    "printed copy no. {} ({}) was printed on {} and lacks what changed since: {en}",
                    c.number,
                    c.place,
                    printed.format("%Y-%m-%d")
                )),
                at,
            )
            .help(format!(
                "handbook pdf --copy {} で印刷し直して差し替え、printed: をその日の日付にしてください",
                c.number
            ))
            .help_en(format!(
                "print it again with `handbook pdf --copy {}`, replace the copy, and set `printed:` to that day",
                c.number
            )),
        );
    }
}
