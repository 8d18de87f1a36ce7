//! The training attendance chart (教育・訓練の受講率): grouped vertical bars
//! per year, 0–100 %, as inline SVG that needs no script and stays legible
//! when printed in black and white.

use std::fmt::Write as _;

use crate::render::escape;
use crate::render::svg::{fingerprint, no_data, num, text_width, wrap};

/// One kind of training, e.g. "情報セキュリティ教育".
pub struct Series {
    pub name: String,
}

/// One year: an attendance rate in percent per series, None when that kind
/// of training was not held.
pub struct Group {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

// Sizes in SVG user units (= CSS px at 100 %).
const MARGIN: f64 = 12.0;
/// Room for "100%" left of the plot.
const AXIS_W: f64 = 40.0;
/// Room above the plot for the value printed over a 100 % bar.
const HEAD: f64 = 20.0;
const PLOT_H: f64 = 200.0;
const BAR_W: f64 = 32.0;
const BAR_GAP: f64 = 6.0;
const GROUP_PAD: f64 = 14.0;
const LABEL_PX: f64 = 13.0;
const LABEL_LH: f64 = 17.0;
const LEGEND_ROW: f64 = 22.0;
const NOT_HELD: &str = "実施なし";

/// Fills per series. Neighbouring series differ in lightness and, from the
/// third on, in pattern too, so the bars stay apart on a black-and-white
/// printout. (base colour, pattern stroke; None = solid)
const FILLS: [(&str, Option<&str>); 6] = [
    ("#2b5d9b", None),
    ("#b7d2ee", None),
    ("#f4d9c6", Some("#b3261e")),
    ("#6f9f72", None),
    ("#ffffff", Some("#333333")),
    ("#e6e6e6", Some("#2e7d32")),
];

/// A bar (or the dash for a year without that training).
#[derive(Debug, Clone)]
struct Bar {
    group: usize,
    series: usize,
    x: f64,
    /// Height in user units; 0 for a 0 % bar.
    h: f64,
    value: Option<f64>,
}

#[derive(Debug, Clone)]
struct Layout {
    width: f64,
    height: f64,
    plot_x: f64,
    plot_w: f64,
    /// y of the 0 % line
    base: f64,
    bars: Vec<Bar>,
    /// wrapped label and centre x, per group
    labels: Vec<(Vec<String>, f64)>,
    /// series index (None: the dash for "not held") and top-left of its swatch
    legend: Vec<(Option<usize>, f64, f64)>,
}

/// Renders the chart; with no series or no groups, a small "データなし" box.
pub fn render(series: &[Series], groups: &[Group], label: &str) -> String {
    let label = escape(label);
    if series.is_empty() || groups.is_empty() {
        return no_data("barchart", "img", &label);
    }
    let lay = layout(series, groups);
    let names = series.iter().map(|s| s.name.as_str());
    let id = format!("bc-{}", fingerprint(names.chain([label.as_str()])));
    let (w, h) = (num(lay.width), num(lay.height));
    // Writing to a String cannot fail, so the fmt::Results below are discarded.
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="barchart" role="img" aria-label="{label}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">"#
    );
    let _ = writeln!(s, "<title>{label}</title>");
    patterns(&mut s, &id, series.len());
    axis(&mut s, &lay);
    for b in &lay.bars {
        bar(
            &mut s,
            &id,
            b,
            &lay,
            &series[b.series].name,
            &groups[b.group].label,
        );
    }
    for (lines, cx) in &lay.labels {
        for (i, t) in lines.iter().enumerate() {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="#1a1a1a">{}</text>"##,
                num(*cx),
                num(lay.base + 18.0 + LABEL_LH * i as f64),
                escape(t)
            );
        }
    }
    for &(i, x, y) in &lay.legend {
        let Some(i) = i else {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#777">—</text><text x="{}" y="{}" font-size="12" fill="#1a1a1a">{NOT_HELD}</text>"##,
                num(x + 7.0),
                num(y + 12.0),
                num(x + 20.0),
                num(y + 12.0)
            );
            continue;
        };
        let _ = writeln!(
            s,
            r##"<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="#333" stroke-width="0.8"/>"##,
            num(x),
            num(y),
            fill(&id, i)
        );
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="12" fill="#1a1a1a">{}</text>"##,
            num(x + 20.0),
            num(y + 12.0),
            escape(&series[i].name)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Hatch patterns for the series that use one. Their ids carry a content
/// fingerprint so two charts on one page do not share (or clash on) an id.
fn patterns(s: &mut String, id: &str, n: usize) {
    let used: Vec<usize> = (0..n.min(FILLS.len()))
        .filter(|&i| FILLS[i].1.is_some())
        .collect();
    if used.is_empty() {
        return;
    }
    s.push_str("<defs>\n");
    for i in used {
        let (base, line) = FILLS[i];
        let line = line.unwrap_or("#333");
        // Alternate the direction, so two hatched series still differ.
        let d = if i % 2 == 0 {
            "M0 6L6 0M-1 1L1 -1M5 7L7 5"
        } else {
            "M0 0L6 6M-1 5L1 7M5 -1L7 1"
        };
        let _ = writeln!(
            s,
            r#"<pattern id="{id}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{base}"/><path d="{d}" stroke="{line}" stroke-width="1.2"/></pattern>"#
        );
    }
    s.push_str("</defs>\n");
}

fn fill(id: &str, series: usize) -> String {
    let i = series % FILLS.len();
    match FILLS[i] {
        (_, Some(_)) => format!("url(#{id}-p{i})"),
        (base, None) => base.to_string(),
    }
}

/// Gridlines at every 25 % with their labels; the 0 % line is the axis.
fn axis(s: &mut String, lay: &Layout) {
    for step in 0..=4 {
        let pct = 25.0 * step as f64;
        let y = num(lay.base - PLOT_H * pct / 100.0);
        let (stroke, width) = if step == 0 {
            ("#333", "1")
        } else {
            ("#c8c8c8", "0.8")
        };
        let _ = writeln!(
            s,
            r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{stroke}" stroke-width="{width}"/>"##,
            num(lay.plot_x),
            num(lay.plot_x + lay.plot_w)
        );
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#555">{}%</text>"##,
            num(lay.plot_x - 6.0),
            num(lay.base - PLOT_H * pct / 100.0 + 4.0),
            num(pct)
        );
    }
}

fn bar(s: &mut String, id: &str, b: &Bar, lay: &Layout, series: &str, group: &str) {
    let cx = num(b.x + BAR_W / 2.0);
    match b.value {
        Some(v) => {
            // The hover text repeats the numbers for whoever cannot tell the fills apart.
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#333" stroke-width="0.8"><title>{} {}：{:.1}%</title></rect>"##,
                num(b.x),
                num(lay.base - b.h),
                num(BAR_W),
                num(b.h),
                fill(id, b.series),
                escape(group),
                escape(series),
                v
            );
            let _ = writeln!(
                s,
                r##"<text x="{cx}" y="{}" font-size="11" text-anchor="middle" fill="#1a1a1a">{v:.1}%</text>"##,
                num(lay.base - b.h - 4.0)
            );
        }
        None => {
            let _ = writeln!(
                s,
                r##"<text x="{cx}" y="{}" font-size="12" text-anchor="middle" fill="#777"><title>{} {}：{NOT_HELD}</title>—</text>"##,
                num(lay.base - 5.0),
                escape(group),
                escape(series)
            );
        }
    }
}

/// Places the bars, the group labels and the legend.
fn layout(series: &[Series], groups: &[Group]) -> Layout {
    let n = series.len() as f64;
    let group_w = n * BAR_W + (n - 1.0) * BAR_GAP + 2.0 * GROUP_PAD;
    let plot_x = MARGIN + AXIS_W;
    let plot_w = group_w * groups.len() as f64;
    let base = MARGIN + HEAD + PLOT_H;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let left = plot_x + group_w * g as f64;
        for i in 0..series.len() {
            // NaN means "no number" as much as None does; anything else is a
            // rate, held to the axis so a typo cannot draw off the chart.
            let value = group
                .values
                .get(i)
                .copied()
                .flatten()
                .filter(|v| !v.is_nan())
                .map(|v| v.clamp(0.0, 100.0));
            bars.push(Bar {
                group: g,
                series: i,
                x: left + GROUP_PAD + (BAR_W + BAR_GAP) * i as f64,
                h: value.map_or(0.0, |v| PLOT_H * v / 100.0),
                value,
            });
        }
        let lines = wrap(&group.label, LABEL_PX, false, group_w - 4.0);
        labels.push((lines, left + group_w / 2.0));
    }
    let label_rows = labels.iter().map(|(l, _)| l.len()).max().unwrap_or(1);
    let width = (plot_x + plot_w + MARGIN).max(240.0).ceil();

    let mut legend = Vec::new();
    let (mut x, mut y) = (MARGIN, base + 10.0 + LABEL_LH * label_rows as f64 + 10.0);
    // The dash gets an entry only when it appears, so a reader is not left guessing.
    let dash = bars
        .iter()
        .any(|b| b.value.is_none())
        .then_some((None, NOT_HELD));
    let entries = series
        .iter()
        .enumerate()
        .map(|(i, s)| (Some(i), s.name.as_str()));
    for (i, name) in entries.chain(dash) {
        let w = 20.0 + text_width(name, 12.0, false) + 18.0;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            y += LEGEND_ROW;
        }
        legend.push((i, x, y));
        x += w;
    }
    let height = (y + 14.0 + MARGIN).ceil();
    Layout {
        width,
        height,
        plot_x,
        plot_w,
        base,
        bars,
        labels,
        legend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (Vec<Series>, Vec<Group>) {
        let series = [
            "情報セキュリティ教育",
            "インシデント対応訓練",
            "BCP訓練（机上）",
        ]
        .iter()
        .map(|n| Series {
            name: n.to_string(),
        })
        .collect();
        let groups = vec![
            Group {
                label: "2023年度".into(),
                values: vec![Some(78.5), None, Some(40.0)],
            },
            Group {
                label: "2024年度".into(),
                values: vec![Some(88.0), Some(61.27), Some(55.0)],
            },
            Group {
                label: "2025年度".into(),
                values: vec![Some(92.4), Some(100.0), Some(0.0)],
            },
        ];
        (series, groups)
    }

    #[test]
    fn bar_heights_are_proportional() {
        let (series, groups) = example();
        let lay = layout(&series, &groups);
        assert_eq!(lay.bars.len(), 9);
        for b in &lay.bars {
            if let Some(v) = b.value {
                assert!((b.h - PLOT_H * v / 100.0).abs() < 1e-9);
            }
        }
        let h = |g: usize, s: usize| lay.bars[g * 3 + s].h;
        assert!((h(2, 1) / h(1, 0) - 100.0 / 88.0).abs() < 1e-9);
        assert_eq!(h(2, 2), 0.0);
        // Bars of one group sit side by side, groups left to right.
        assert!(lay.bars.windows(2).all(|w| w[0].x < w[1].x));
    }

    #[test]
    fn missing_values_have_no_bar() {
        let (series, groups) = example();
        let svg = render(&series, &groups, "受講率");
        // 8 values, 8 bars; the year without the training shows a dash.
        assert_eq!(svg.matches("<rect x=").count(), 8 + 3);
        assert_eq!(
            svg.matches(">—</text>").count(),
            2,
            "the bar's and the legend's"
        );
        assert!(svg.contains(">実施なし<"));
        let full = vec![Group {
            label: "x".into(),
            values: vec![Some(1.0); 3],
        }];
        assert!(!render(&series, &full, "受講率").contains("実施なし"));
        assert!(svg.contains(">92.4%<") && svg.contains(">61.3%<") && svg.contains(">100.0%<"));
    }

    #[test]
    fn values_are_clamped_and_nan_is_none() {
        let series = vec![Series { name: "a".into() }, Series { name: "b".into() }];
        let groups = vec![Group {
            label: "x".into(),
            values: vec![Some(f64::NAN), Some(130.0)],
        }];
        let lay = layout(&series, &groups);
        assert_eq!(lay.bars[0].value, None);
        assert_eq!(lay.bars[1].value, Some(100.0));
        assert_eq!(lay.bars[1].h, PLOT_H);
        // A short row means "not held" for the missing series; a long one is cut.
        let short = vec![Group {
            label: "y".into(),
            values: vec![Some(-5.0)],
        }];
        let lay = layout(&series, &short);
        assert_eq!(lay.bars.len(), 2);
        assert_eq!((lay.bars[0].value, lay.bars[1].value), (Some(0.0), None));
    }

    #[test]
    fn text_is_escaped() {
        let series = vec![Series {
            name: "<b>&".into(),
        }];
        let groups = vec![Group {
            label: "'年\"".into(),
            values: vec![Some(50.0)],
        }];
        let svg = render(&series, &groups, "a<b");
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("&#39;年&quot;"));
        assert!(svg.contains(r#"aria-label="a&lt;b""#));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn empty_input_says_so() {
        for svg in [
            render(&[], &[], "受講率"),
            render(&[Series { name: "a".into() }], &[], "受講率"),
            render(
                &[],
                &[Group {
                    label: "x".into(),
                    values: vec![],
                }],
                "受講率",
            ),
        ] {
            assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="barchart""#));
            assert!(svg.contains("データなし") && svg.contains("<title>受講率</title>"));
        }
    }

    #[test]
    fn output_is_deterministic_with_viewbox_size() {
        let (series, groups) = example();
        let a = render(&series, &groups, "受講率");
        assert_eq!(a, render(&series, &groups, "受講率"));
        let lay = layout(&series, &groups);
        let (w, h) = (num(lay.width), num(lay.height));
        assert!(a.contains(&format!(
            r#"viewBox="0 0 {w} {h}" width="{w}" height="{h}""#
        )));
        for n in a.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
            if let Some((_, frac)) = n.split_once('.') {
                assert!(frac.len() <= 1, "{n}");
            }
        }
        assert!(!a.contains("xlink"));
    }

    /// `cargo test --lib barchart::tests::preview -- --ignored` writes an
    /// HTML page with the example to the temp folder, to look at in a browser.
    #[test]
    #[ignore]
    fn preview() {
        let (series, groups) = example();
        let svg = render(&series, &groups, "年度別の受講率");
        let html = format!(
            "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>bc</title>\
             <style>body{{font-family:\"Noto Sans CJK JP\",sans-serif;margin:16px}}svg{{max-width:100%;height:auto}}</style>\
             <body><h1>教育・訓練の受講率</h1>{svg}</body></html>"
        );
        std::fs::write(std::env::temp_dir().join("bc.html"), html).expect("write preview");
    }
}
