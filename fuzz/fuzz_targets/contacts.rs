//! The contact chart: raw bytes through the loader's decoding, then
//! `contacts::load`, the check's rules over a handbook of that chart
//! alone (references, freshness, credentials, control characters), and
//! the 連絡体制図 page's view (`chart_view`: the flow diagram's layout and
//! SVG, the flow list, the phone list).
//!
//! Inputs are at most `-max_len` bytes (16 KiB in scripts/fuzz.sh), a
//! chart of at most a few thousand contacts or edges: the layout is near
//! linear, so anything slow here is a finding, not a big input.
#![no_main]

mod common;

use handbook::config::Config;
use handbook::content::contacts;
use handbook::render::contacts::chart_view;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::source(data, "content/contacts.yaml") else {
        return;
    };
    let mut diags = Vec::new();
    let chart = contacts::load(&file, &mut diags);
    common::assert_terminal_safe(&diags);
    for c in &chart.contacts {
        for p in c.phone.iter().chain(&c.after_hours) {
            phone_is_dialable(p);
        }
        for p in &c.people {
            for p in p.phone.iter().chain(&p.mobile) {
                phone_is_dialable(p);
            }
        }
    }

    let mut hb = common::handbook(Config::placeholder());
    hb.contacts = Some(chart);
    hb.sources.push(file.into());
    let links = handbook::resolve::run(&mut hb);
    let as_of = common::default_as_of();
    let diags = handbook::check::run(&hb, &links, as_of);
    common::assert_terminal_safe(&diags);

    let Some(chart) = &hb.contacts else { return };
    let view = chart_view(&hb, chart, as_of);
    let json = serde_json::to_value(&view).expect("a view serialises");
    let svg = json["svg"].as_str().expect("the view has its SVG");
    common::assert_svg("chart", svg);
});

/// A number the chart accepted dials something: `tel:+` is no number.
fn phone_is_dialable(p: &handbook::content::phone::Phone) {
    let digits = p.dial.chars().filter(char::is_ascii_digit).count();
    assert!(
        digits >= 3,
        "accepted phone {:?} has {digits} digits",
        p.written
    );
    assert!(
        p.href()
            .strip_prefix("tel:")
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit() || "+%23".contains(c))),
        "href {}",
        p.href()
    );
}
