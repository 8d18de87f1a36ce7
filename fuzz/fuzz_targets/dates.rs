//! Dates and the other small values authors write: raw bytes through the
//! loader's decoding, cut at lines `%%` into handbook.yaml, training.yaml,
//! a recovery procedure and a list of single values. The YAML goes through
//! `config::load`, `training::load` and `procedure::load`, the check's
//! rules (freshness: every date computed from an interval) and the record
//! pages' views; each single value through `date::parse_date` (its first
//! line, when it reads, is also the day freshness is judged on, as
//! `--as-of` would be), `phone::parse`, `phone::parse_extension` and
//! `fields::parse_duration`.
//!
//! Invariants: no panic on any interval or day (issue 20: a 100,000,000-day
//! interval overflowed the calendar); a date read back from its 和暦 and
//! 西暦 forms is the same day; a duration read back from how pages show
//! it is the same length; an accepted phone number has digits to dial.
#![no_main]

mod common;

use handbook::config::{self, Config};
use handbook::content::date::{nendo, parse_date, seireki, wareki};
use handbook::content::fields::{format_minutes, parse_duration};
use handbook::content::{phone, procedure, training};
use handbook::render::records::{procedure_view, training_view};
use handbook::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(whole) = common::source(data, "all") else {
        return;
    };
    let mut parts = whole.text.split("\n%%\n");
    let mut next =
        |rel: &str| SourceFile::new(rel.into(), rel.into(), parts.next().unwrap_or("").into());
    let config_file = next("handbook.yaml");
    let training_file = next("content/training.yaml");
    let procedure_file = next("content/procedures/a.yaml");
    let values = next("values");

    let mut as_of = common::default_as_of();
    for (i, value) in values.text.lines().enumerate() {
        if let Some(d) = value_round_trips(value)
            && i == 0
        {
            as_of = d;
        }
    }

    let mut diags = Vec::new();
    let config = config::load(&config_file).unwrap_or_else(|d| {
        diags.extend(d);
        Config::placeholder()
    });
    let mut hb = common::handbook(config);
    if !training_file.text.is_empty() {
        hb.training = Some(training::load(&training_file, &mut diags));
    }
    if !procedure_file.text.is_empty() {
        hb.procedures
            .push(procedure::load(&procedure_file, "a", &mut diags));
    }
    common::assert_terminal_safe(&diags);
    hb.sources = vec![config_file.into(), training_file.into(), procedure_file.into()];
    let links = handbook::resolve::run(&mut hb);
    let diags = handbook::check::run(&hb, &links, as_of);
    common::assert_terminal_safe(&diags);

    if let Some(t) = &hb.training {
        let _ = serde_json::to_string(&training_view(&hb, t, as_of));
    }
    for p in &hb.procedures {
        let _ = serde_json::to_string(&procedure_view(&hb, p, "", as_of));
    }
});

/// One value read every way it could be meant; the date, if it is one.
fn value_round_trips(value: &str) -> Option<chrono::NaiveDate> {
    if let Ok(p) = phone::parse(value) {
        let digits = p.dial.chars().filter(char::is_ascii_digit).count();
        assert!(digits >= 3, "phone {value:?} accepted with {digits} digits");
        assert!(!p.written.chars().any(char::is_control));
    }
    if let Ok(x) = phone::parse_extension(value) {
        assert!(x.chars().all(|c| c.is_ascii_digit()), "extension {x:?}");
    }
    if let Ok(m) = parse_duration(value) {
        let shown = format_minutes(m);
        assert_eq!(
            parse_duration(&shown),
            Ok(m),
            "duration {value:?} shown as {shown}"
        );
    }
    let d = parse_date(value).ok()?;
    let western = seireki(d);
    assert_eq!(
        parse_date(&western).ok(),
        Some(d),
        "date {value:?} as {western}"
    );
    let japanese = wareki(d);
    assert_eq!(
        parse_date(&japanese).ok(),
        Some(d),
        "date {value:?} as {japanese}"
    );
    let _ = nendo(chrono::Datelike::year(&d));
    Some(d)
}
