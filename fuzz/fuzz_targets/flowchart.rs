//! The flow diagram's layout on any graph: bytes read as a node count and
//! a list of edges (which YAML would take many bytes to write), then
//! `flowchart::render`. Cycles, self-loops, repeated and out-of-range
//! edges, long and short titles.
//!
//! Invariants: the SVG holds only its own elements and only finite
//! numbers; 16 KiB of input (4,000 edges, 2,000 nodes) is laid out
//! quickly, because every stage of the layout is near-linear.
#![no_main]

mod common;

use handbook::render::flowchart::{Edge, Node, render};
use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 5] = ["internal", "vendor", "authority", "other", "?"];

fuzz_target!(|data: &[u8]| {
    let Some((&[hi, lo], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    // Up to 2,047 nodes, but not many more than the edges need: lone
    // nodes only cost time (wrapping their titles) and teach nothing.
    let n = (usize::from(u16::from_be_bytes([hi, lo])) % 2048).min(8 + rest.len() / 2);
    let nodes: Vec<Node> = (0..n)
        .map(|i| Node {
            // Titles of every length, some too long for a box, CJK and
            // Latin, so wrapping and box heights vary.
            title: match i % 4 {
                0 => format!("部署{i}"),
                1 => "情報システム部門システム管理課".repeat(i % 4),
                2 => format!("Vendor support desk {i} (24h)"),
                _ => "x".repeat(i % 61),
            },
            lines: (0..i % 3).map(|j| format!("内線 {j}{i}")).collect(),
            href: (i % 2 == 0).then(|| format!("#c-{i}")),
            kind: KINDS[i % KINDS.len()],
        })
        .collect();
    // Out-of-range indices are kept: render must ignore them.
    let span = n + 2;
    let edges: Vec<Edge> = rest
        .chunks_exact(4)
        .map(|e| Edge {
            from: usize::from(u16::from_be_bytes([e[0], e[1]])) % span,
            to: usize::from(u16::from_be_bytes([e[2], e[3]])) % span,
            // Conditions on some arrows: short, long, and markup that must
            // come out as text.
            label: match e[3] % 4 {
                0 => Some("夜間・休日".to_string()),
                1 => Some("<b>当番&携帯へ\"".repeat(usize::from(e[1] % 5))),
                _ => None,
            },
        })
        .collect();
    let svg = render(&nodes, &edges, "連絡の流れ");
    common::assert_svg("flowchart", &svg);
    for bad in ["NaN", "inf"] {
        assert!(!svg.contains(bad), "{bad} in\n{svg}");
    }
});
