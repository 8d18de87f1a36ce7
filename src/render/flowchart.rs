//! The escalation flow diagram (連絡体制図): a layered left-to-right layout of
//! contact boxes and arrows, written as inline SVG that needs no script, no
//! web font and no network, so it works from `file://`, on paper and on phones.
//!
//! An arrow may carry a condition (夜間・休日, 当番携帯へ), written on the
//! arrow where it leaves its box: each condition of a box leaves from a
//! port of its own on the box's right side, with the words above the first
//! stretch of its line, in a strip of the gap kept free for them. A box
//! whose arrows carry no condition has one port, in the middle.

use std::collections::{BTreeSet, VecDeque};
use std::fmt::Write as _;

use crate::render::escape;
use crate::render::svg::{fingerprint, no_data, num, text_width, wrap};

/// One contact in the flow.
pub struct Node {
    /// The organisation or role, e.g. "情報システム部門".
    pub title: String,
    /// Small lines under the title: extension, phone, night-time number.
    pub lines: Vec<String>,
    /// Where the whole box links to, e.g. "#c-it-dept".
    pub href: Option<String>,
    /// "internal" | "vendor" | "authority" | "other"; anything else is "other".
    pub kind: &'static str,
}

/// "`from` reports to `to`": indices into the node slice; `label`, when
/// (夜間・休日, 当番携帯へ).
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
}

impl Edge {
    /// An arrow with no condition.
    pub fn plain(from: usize, to: usize) -> Edge {
        Edge {
            from,
            to,
            label: None,
        }
    }
}

// Sizes in SVG user units (= CSS px at 100 %).
const BOX_W: f64 = 190.0;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 8.0;
const TITLE_PX: f64 = 14.0;
const TITLE_LH: f64 = 18.0;
const SMALL_PX: f64 = 12.0;
const SMALL_LH: f64 = 16.0;
const MIN_BOX_H: f64 = 40.0;
const ROW_GAP: f64 = 14.0;
const MIN_COL_GAP: f64 = 56.0;
const CHANNEL_SP: f64 = 14.0;
const LANE_SP: f64 = 12.0;
const LANE_CLEAR: f64 = 12.0;
const MARGIN: f64 = 12.0;
const LEGEND_ROW: f64 = 24.0;
/// Conditions on arrows: their size, the widest line before wrapping, the
/// space between the words and their line, and between a line and the
/// next condition's words above it. A condition may reach this far above
/// its box's top, which stays clear of the next box up (`ROW_GAP`) and of
/// the detour lanes (`LANE_CLEAR`).
const LABEL_PX: f64 = 11.0;
const LABEL_LH: f64 = 13.0;
const LABEL_MAX_W: f64 = 80.0;
const LABEL_GAP: f64 = 3.0;
const PORT_SP: f64 = 6.0;
const LABEL_REACH: f64 = 6.0;
/// How far the arrowhead tip sits beyond the end of its line: the line stops
/// short so its square end hides inside the head instead of blunting the tip.
const ARROW_INSET: f64 = 2.4;

/// Box style per kind. Each differs in line pattern as well as colour,
/// because the handbook is printed in black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Internal,
    Vendor,
    Authority,
    Other,
}

impl Kind {
    fn parse(s: &str) -> Kind {
        match s {
            "internal" => Kind::Internal,
            "vendor" => Kind::Vendor,
            "authority" => Kind::Authority,
            _ => Kind::Other,
        }
    }

    fn legend(self) -> &'static str {
        match self {
            Kind::Internal => "内部",
            Kind::Vendor => "委託先・ベンダー",
            Kind::Authority => "外部機関",
            Kind::Other => "その他",
        }
    }

    fn look(self) -> Look {
        let (fill, stroke, width, dash) = match self {
            Kind::Internal => ("#eaf2fb", "#1f5fa8", "2", None),
            Kind::Vendor => ("#eaf6ec", "#2e7d32", "2", Some("7 4")),
            Kind::Authority => ("#fdeee9", "#b3261e", "1.5", None),
            Kind::Other => ("#f3f3f3", "#5f5f5f", "1.5", Some("2 3")),
        };
        Look {
            fill,
            stroke,
            width,
            dash,
        }
    }
}

struct Look {
    fill: &'static str,
    stroke: &'static str,
    width: &'static str,
    dash: Option<&'static str>,
}

/// A condition placed: the left of its text, the baseline of its last
/// line, and its lines.
#[derive(Debug, Clone)]
struct Label {
    x: f64,
    bottom: f64,
    lines: Vec<String>,
}

/// One way out of a box: the arrows (edge indices) with one condition.
#[derive(Debug, Clone)]
struct Port {
    node: usize,
    label: Vec<String>,
    edges: Vec<usize>,
    /// Its height below the box's top, once placed.
    dy: f64,
}

/// A placed box with its text already wrapped.
#[derive(Debug, Clone)]
struct Placed {
    x: f64,
    y: f64,
    h: f64,
    rank: usize,
    title: Vec<String>,
    lines: Vec<String>,
}

/// An edge as a polyline from the source's right middle to the target's left middle.
#[derive(Debug, Clone)]
struct Route {
    from: usize,
    to: usize,
    points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone)]
struct Layout {
    width: f64,
    height: f64,
    boxes: Vec<Placed>,
    routes: Vec<Route>,
    /// Legend entries with the top-left of their sample box.
    legend: Vec<(Kind, f64, f64)>,
    labels: Vec<Label>,
}

/// Renders the diagram. Invalid indices and self-loops are ignored; a cycle
/// is broken (its closing edge is drawn as a detour) rather than looped on.
/// Writing the SVG is O(V + E) after [`layout`]: one element per box, route
/// and legend entry.
pub fn render(nodes: &[Node], edges: &[Edge], label: &str) -> String {
    let label = escape(label);
    if nodes.is_empty() {
        return no_data("flowchart", "group", &label);
    }
    let lay = layout(nodes, edges);
    let (w, h) = (num(lay.width), num(lay.height));
    let edge_key: String = edges
        .iter()
        .map(|e| format!("{}>{} ", e.from, e.to))
        .collect();
    let parts = nodes.iter().map(|n| n.title.as_str());
    let id = format!(
        "fc-arrow-{}",
        fingerprint(parts.chain([label.as_str(), edge_key.as_str()]))
    );
    // Writing to a String cannot fail, so the fmt::Results below are discarded.
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" role="group" aria-label="{label}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">"#
    );
    let _ = writeln!(s, "<title>{label}</title>");
    // The id only has to be unique on the page; deriving it from the content
    // keeps the output byte-identical between builds.
    let _ = writeln!(
        s,
        r##"<defs><marker id="{id}" viewBox="0 0 10 10" refX="7" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="#333"/></marker></defs>"##
    );
    // A <style> inside inline SVG applies to the whole page, hence the prefix.
    let _ = writeln!(
        s,
        "<style>.fc-link:hover .fc-frame,.fc-link:focus .fc-frame{{stroke-width:3}}.fc-link:hover text,.fc-link:focus text{{text-decoration:underline}}</style>"
    );
    for (node, b) in nodes.iter().zip(&lay.boxes) {
        draw_box(&mut s, node, b);
    }
    let _ = writeln!(
        s,
        r##"<g fill="none" stroke="#333" stroke-width="1.4" marker-end="url(#{id})">"##
    );
    for r in &lay.routes {
        // The tooltip names both ends: with a long detour it is not obvious
        // at a glance where an arrow comes from.
        let _ = writeln!(
            s,
            r#"<path d="{}"><title>{} → {}</title></path>"#,
            path_data(&r.points),
            escape(&nodes[r.from].title),
            escape(&nodes[r.to].title)
        );
    }
    s.push_str("</g>\n");
    if !lay.labels.is_empty() {
        s.push_str("<g font-size=\"11\" fill=\"#1a1a1a\">\n");
        for l in &lay.labels {
            let first = l.bottom - LABEL_LH * (l.lines.len() as f64 - 1.0);
            for (i, t) in l.lines.iter().enumerate() {
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}">{}</text>"#,
                    num(l.x),
                    num(first + LABEL_LH * i as f64),
                    escape(t)
                );
            }
        }
        s.push_str("</g>\n");
    }
    for &(kind, x, y) in &lay.legend {
        frame(&mut s, kind, x, y, 30.0, 16.0, 2.5);
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="12" fill="#1a1a1a">{}</text>"##,
            num(x + 36.0),
            num(y + 12.5),
            kind.legend()
        );
    }
    s.push_str("</svg>\n");
    s
}

fn draw_box(s: &mut String, node: &Node, b: &Placed) {
    let href = node.href.as_deref().map(escape);
    if let Some(href) = &href {
        let _ = writeln!(s, r#"<a href="{href}" class="fc-link">"#);
    }
    s.push_str("<g>\n");
    frame(s, Kind::parse(node.kind), b.x, b.y, BOX_W, b.h, 3.5);
    let cx = num(b.x + BOX_W / 2.0);
    // Centred, for boxes that the minimum height makes taller than their text.
    let mut y = b.y + (b.h - content_height(b.title.len(), b.lines.len())) / 2.0;
    for t in &b.title {
        let _ = writeln!(
            s,
            r##"<text x="{cx}" y="{}" font-size="14" font-weight="bold" text-anchor="middle" fill="#1a1a1a">{}</text>"##,
            num(y + 14.0),
            escape(t)
        );
        y += TITLE_LH;
    }
    y += 2.0;
    for t in &b.lines {
        let _ = writeln!(
            s,
            r##"<text x="{cx}" y="{}" font-size="12" text-anchor="middle" fill="#333">{}</text>"##,
            num(y + 12.5),
            escape(t)
        );
        y += SMALL_LH;
    }
    s.push_str("</g>\n");
    if href.is_some() {
        s.push_str("</a>\n");
    }
}

/// A box outline in the kind's style; an authority gets a second, inner
/// outline (`inset` inside) so it reads as a double border on paper.
fn frame(s: &mut String, kind: Kind, x: f64, y: f64, w: f64, h: f64, inset: f64) {
    let Look {
        fill,
        stroke,
        width,
        dash,
    } = kind.look();
    let dash = dash
        .map(|d| format!(r#" stroke-dasharray="{d}""#))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        r#"<rect class="fc-frame" x="{}" y="{}" width="{}" height="{}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>"#,
        num(x),
        num(y),
        num(w),
        num(h)
    );
    if kind == Kind::Authority {
        let _ = writeln!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="none" stroke="{stroke}" stroke-width="1"/>"#,
            num(x + inset),
            num(y + inset),
            num(w - 2.0 * inset),
            num(h - 2.0 * inset)
        );
    }
}

fn path_data(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        // Every route ends with a rightward run into the target.
        let x = if i + 1 == points.len() {
            x - ARROW_INSET
        } else {
            x
        };
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(x), num(y));
    }
    d
}

/// Places boxes and routes edges. Everything follows input order, so the
/// same input always gives the same picture.
///
/// Every stage is near-linear in nodes (V) plus edges (E), so a hostile
/// contacts.yaml (every contact reporting to every later one, or a chain of
/// thousands) cannot stall a build or `handbook serve`; each stage says its
/// cost. The one step whose exact rule is quadratic, stacking detour lanes,
/// uses it only up to [`EXACT_LANES`] detours (see [`detours`]).
fn layout(nodes: &[Node], edges: &[Edge]) -> Layout {
    let n = nodes.len();
    // Dropping invalid, looping and repeated edges: O(E log E).
    let mut seen = BTreeSet::new();
    let kept: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.from < n && e.to < n && e.from != e.to && seen.insert((e.from, e.to)))
        .collect();
    let edges: Vec<(usize, usize)> = kept.iter().map(|e| (e.from, e.to)).collect();
    let back = back_edges(n, &edges);
    let rank = ranks(n, &edges, &back);
    let cols = order_columns(n, &edges, &back, &rank);
    let (mut ports, port_of) = ports(n, &kept);
    // Wrapping the text: linear in its length, as a line holds a bounded
    // number of characters.
    let mut boxes: Vec<Placed> = nodes
        .iter()
        .zip(&rank)
        .map(|(n, &r)| size_box(n, r))
        .collect();
    let by_node = ports_by_node(n, &ports);
    for (v, ps) in by_node.iter().enumerate() {
        boxes[v].h = boxes[v].h.max(ports_height(ps.iter().map(|&p| &ports[p])));
    }
    let max_h = stack_columns(&cols, &mut boxes);
    place_ports(&mut ports, &by_node, &edges, &boxes);
    let detours = detours(&edges, &back, &cols, &boxes);
    let zones = label_zones(&ports, &boxes, cols.len());
    let gaps = Gaps::new(&edges, &detours, &cols, &boxes, &port_of, &ports, &zones);

    let lanes = detours.iter().flatten();
    let top = MARGIN - lanes.clone().copied().fold(0.0, f64::min);
    let bottom = top + lanes.copied().fold(max_h, f64::max);
    for b in &mut boxes {
        let (start, w) = gaps.x[b.rank];
        b.x = start + w;
        b.y += top;
    }

    // Routing: O(E); a route has at most six points and finds its channels
    // in O(1), so no edge looks at other edges or at boxes here.
    let routes = edges
        .iter()
        .zip(&detours)
        .enumerate()
        .map(|(i, (&(f, t), detour))| {
            let port = port_of[i];
            let (x1, y1) = (boxes[f].x + BOX_W, boxes[f].y + ports[port].dy);
            let (x2, y2) = (boxes[t].x, boxes[t].y + boxes[t].h / 2.0);
            let points = match *detour {
                Some(lane) => {
                    let ly = top + lane;
                    let cx1 = gaps.channel(boxes[f].rank + 1, Ch::Exit(i));
                    let cx2 = gaps.channel(boxes[t].rank, Ch::Entry(t));
                    vec![
                        (x1, y1),
                        (cx1, y1),
                        (cx1, ly),
                        (cx2, ly),
                        (cx2, y2),
                        (x2, y2),
                    ]
                }
                None => {
                    let cx = gaps.channel(boxes[f].rank + 1, Ch::Adj(port));
                    vec![(x1, y1), (cx, y1), (cx, y2), (x2, y2)]
                }
            };
            Route {
                from: f,
                to: t,
                points: simplify(points),
            }
        })
        .collect();

    let width = gaps.width.max(260.0);
    // O(V): one pass for the kinds present.
    let (legend, legend_bottom) = legend(nodes, width, bottom + 16.0);
    let labels = ports
        .iter()
        .filter(|p| !p.label.is_empty())
        .map(|p| {
            let b = &boxes[p.node];
            Label {
                x: b.x + BOX_W + LABEL_GAP + 1.0,
                bottom: b.y + p.dy - LABEL_GAP - 1.5,
                lines: p.label.clone(),
            }
        })
        .collect();
    Layout {
        width,
        height: (legend_bottom + MARGIN).ceil(),
        boxes,
        routes,
        legend,
        labels,
    }
}

/// The ports of every box: its arrows grouped by condition, in the order
/// the conditions first appear; and each kept edge's port. O(E), with the
/// wrapping linear in the conditions' length.
fn ports(n: usize, edges: &[&Edge]) -> (Vec<Port>, Vec<usize>) {
    let mut ports: Vec<Port> = Vec::new();
    let mut first: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut port_of = Vec::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        let label: Vec<String> = e
            .label
            .as_deref()
            .map(|l| wrap(l, LABEL_PX, false, LABEL_MAX_W))
            .unwrap_or_default();
        let found = first[e.from]
            .iter()
            .copied()
            .find(|&p| ports[p].label == label);
        let p = found.unwrap_or_else(|| {
            ports.push(Port {
                node: e.from,
                label,
                edges: Vec::new(),
                dy: 0.0,
            });
            first[e.from].push(ports.len() - 1);
            ports.len() - 1
        });
        ports[p].edges.push(i);
        port_of.push(p);
    }
    (ports, port_of)
}

/// The ports of each node, by index.
fn ports_by_node(n: usize, ports: &[Port]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); n];
    for (i, p) in ports.iter().enumerate() {
        out[p.node].push(i);
    }
    out
}

/// The height of a condition's words above its line.
fn label_height(p: &Port) -> f64 {
    if p.label.is_empty() {
        0.0
    } else {
        LABEL_LH * p.label.len() as f64 + LABEL_GAP
    }
}

/// How tall a box must be for its ports: one port sits in the middle with
/// its words above it (reaching up to `LABEL_REACH` above the box); more
/// stack down the side, each with its words between it and the one above.
fn ports_height<'a>(ps: impl Iterator<Item = &'a Port>) -> f64 {
    let ps: Vec<&Port> = ps.collect();
    match ps.as_slice() {
        [] => 0.0,
        [one] => 2.0 * (label_height(one) - LABEL_REACH).max(0.0),
        many => {
            let stack: f64 = many.iter().map(|p| label_height(p) + PORT_SP).sum();
            stack - LABEL_REACH + PAD_Y
        }
    }
}

/// Each port's height on its box: one in the middle; several in the order
/// of where their arrows go (so lines leaving a box cross as little as
/// possible), spread over the box's height. O(E log E).
fn place_ports(
    ports: &mut [Port],
    by_node: &[Vec<usize>],
    edges: &[(usize, usize)],
    boxes: &[Placed],
) {
    for (v, ps) in by_node.iter().enumerate() {
        let b = &boxes[v];
        if let [one] = ps.as_slice() {
            ports[*one].dy = b.h / 2.0;
            continue;
        }
        let mut order: Vec<(f64, usize)> = ps
            .iter()
            .map(|&p| {
                let ys = ports[p].edges.iter().map(|&e| {
                    let t = &boxes[edges[e].1];
                    t.y + t.h / 2.0
                });
                let (sum, count) = ys.fold((0.0, 0.0), |(s, c), y| (s + y, c + 1.0));
                (if count > 0.0 { sum / count } else { 0.0 }, p)
            })
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let need = ports_height(order.iter().map(|&(_, p)| &ports[p]));
        let mut dy = -LABEL_REACH + (b.h - need) / 2.0;
        for &(_, p) in &order {
            dy += label_height(&ports[p]) + PORT_SP;
            ports[p].dy = dy;
        }
    }
}

/// The width kept free in each gap for the conditions of the boxes left of
/// it: the widest of them. O(ports).
fn label_zones(ports: &[Port], boxes: &[Placed], cols: usize) -> Vec<f64> {
    let mut zones = vec![0.0f64; cols + 1];
    for p in ports.iter().filter(|p| !p.label.is_empty()) {
        let w = p
            .label
            .iter()
            .map(|l| text_width(l, LABEL_PX, false))
            .fold(0.0, f64::max);
        let g = boxes[p.node].rank + 1;
        zones[g] = zones[g].max(w + 2.0 * LABEL_GAP + 2.0);
    }
    zones
}

/// Wraps the text and sizes the box for it.
fn size_box(node: &Node, rank: usize) -> Placed {
    let inner = BOX_W - 2.0 * PAD_X;
    let title = wrap(&node.title, TITLE_PX, true, inner);
    let lines: Vec<String> = node
        .lines
        .iter()
        .flat_map(|l| wrap(l, SMALL_PX, false, inner))
        .collect();
    let h = (2.0 * PAD_Y + content_height(title.len(), lines.len())).max(MIN_BOX_H);
    Placed {
        x: 0.0,
        y: 0.0,
        h,
        rank,
        title,
        lines,
    }
}

fn content_height(titles: usize, lines: usize) -> f64 {
    let small = if lines == 0 {
        0.0
    } else {
        2.0 + SMALL_LH * lines as f64
    };
    TITLE_LH * titles as f64 + small
}

/// Stacks each column, centred on the tallest; returns that height. O(V).
fn stack_columns(cols: &[Vec<usize>], boxes: &mut [Placed]) -> f64 {
    let col_h: Vec<f64> = cols
        .iter()
        .map(|c| {
            c.iter().map(|&v| boxes[v].h).sum::<f64>() + ROW_GAP * c.len().saturating_sub(1) as f64
        })
        .collect();
    let max_h = col_h.iter().copied().fold(0.0, f64::max);
    for (col, h) in cols.iter().zip(&col_h) {
        let mut y = (max_h - h) / 2.0;
        for &v in col {
            boxes[v].y = y;
            y += boxes[v].h + ROW_GAP;
        }
    }
    max_h
}

/// Up to this many detours each gets the lane nearest the boxes it spans
/// that is free ([`nearest_free_lane`]: each lane looks at every lane placed
/// before it, O(D² log D) for D detours, about 50 ms at this cap). Beyond
/// it, which only a chart far too dense to read reaches (100 contacts each
/// reporting to every later one have 4,851), lanes are packed into shared
/// tracks above or below all columns ([`packed_lanes`], O(D log D)): just
/// as free of overlaps, but a lane no longer hugs the columns it spans.
const EXACT_LANES: usize = 2000;

/// Edges between neighbouring columns run straight through the gap (None).
/// Every other edge, long or closing a cycle, detours through a lane of its
/// own (Some(y), relative to the top of the tallest column) just above or
/// below the boxes of the columns it spans, so it never crosses a box.
/// Shorter detours are placed first, nearer the boxes, so nested lanes do not
/// cross; a lane that would run on top of another moves out past it
/// (beyond [`EXACT_LANES`] detours, lanes are packed instead).
///
/// Cost: O(E log E + C log C) for C columns (sorting by span; the extent of
/// the columns an edge spans comes from a sparse table in O(1)), plus the
/// lanes: see [`EXACT_LANES`].
fn detours(
    edges: &[(usize, usize)],
    back: &[bool],
    cols: &[Vec<usize>],
    boxes: &[Placed],
) -> Vec<Option<f64>> {
    let rank = |v: usize| boxes[v].rank;
    let mid = |v: usize| boxes[v].y + boxes[v].h / 2.0;
    let mut order: Vec<usize> = (0..edges.len())
        .filter(|&i| back[i] || rank(edges[i].1) != rank(edges[i].0) + 1)
        .collect();
    order.sort_by_key(|&i| (rank(edges[i].0).abs_diff(rank(edges[i].1)), i));
    let mut out = vec![None; edges.len()];
    if order.is_empty() {
        return out;
    }
    // A column is a stack, so its first box is its top and its last its bottom.
    let tops = RangeFold::new(
        cols.iter()
            .map(|c| c.first().map_or(f64::MAX, |&v| boxes[v].y))
            .collect(),
        f64::min,
    );
    let bottoms = RangeFold::new(
        cols.iter()
            .map(|c| c.last().map_or(0.0, |&v| boxes[v].y + boxes[v].h))
            .collect(),
        f64::max,
    );
    // (edge, lo, hi, where the search starts) in placing order. Lanes
    // above and below never meet: the columns two overlapping lanes share
    // hold boxes, which lie between them.
    let mut up: Vec<(usize, usize, usize, f64)> = Vec::new();
    let mut down: Vec<(usize, usize, usize, f64)> = Vec::new();
    for &i in &order {
        let (f, t) = edges[i];
        let (lo, hi) = (rank(f).min(rank(t)), rank(f).max(rank(t)));
        let top = tops.get(lo, hi).unwrap_or(f64::MAX);
        let bottom = bottoms.get(lo, hi).unwrap_or(0.0);
        if (mid(f) - top) + (mid(t) - top) <= (bottom - mid(f)) + (bottom - mid(t)) {
            up.push((i, lo, hi, top - LANE_CLEAR));
        } else {
            down.push((i, lo, hi, bottom + LANE_CLEAR));
        }
    }
    let exact = order.len() <= EXACT_LANES;
    for (lanes, step) in [(up, -LANE_SP), (down, LANE_SP)] {
        let ys = if exact {
            nearest_free_lane(&lanes, step)
        } else {
            // The outermost start on this side, from which tracks count out.
            let starts = lanes.iter().map(|l| l.3);
            let edge = if step < 0.0 {
                starts.fold(f64::MAX, f64::min)
            } else {
                starts.fold(f64::MIN, f64::max)
            };
            packed_lanes(&lanes)
                .into_iter()
                .map(|track| edge + step * track as f64)
                .collect()
        };
        for (l, y) in lanes.iter().zip(ys) {
            out[l.0] = Some(y);
        }
    }
    out
}

/// The lane of each (edge, lo, hi, start) in turn: the first y from `start`
/// outwards by `step` that keeps `LANE_SP` from every earlier lane sharing a
/// column with it. A clash moves the lane just past the lane it clashes
/// with, so sorting those lanes outwards finds it in one pass: O(D log D)
/// per lane. The lanes are those of pushing a lane past whichever lane it
/// clashes with until none does, which was O(D²) per lane
/// (`tests::lanes_are_where_they_were`).
fn nearest_free_lane(lanes: &[(usize, usize, usize, f64)], step: f64) -> Vec<f64> {
    let mut ys: Vec<f64> = Vec::with_capacity(lanes.len());
    let mut near: Vec<f64> = Vec::new();
    for (k, &(_, lo, hi, start)) in lanes.iter().enumerate() {
        near.clear();
        near.extend(
            lanes[..k]
                .iter()
                .zip(&ys)
                .filter(|(p, _)| p.1 <= hi && lo <= p.2)
                .map(|(_, &y)| y),
        );
        // Outwards: descending above the boxes, ascending below them.
        near.sort_by(|a, b| (a * step.signum()).total_cmp(&(b * step.signum())));
        let mut y = start;
        for &p in &near {
            if (p - y).abs() < LANE_SP - 0.01 {
                y = p + step;
            } else if (p - y) * step > 0.0 {
                // This lane and all after it lie further out, clear of y.
                break;
            }
        }
        ys.push(y);
    }
    ys
}

/// Interval partitioning: each (edge, lo, hi, _) gets the lowest-numbered
/// track not used by a lane sharing a column with it, which takes as few
/// tracks as the most lanes over one column. O(D log D).
fn packed_lanes(lanes: &[(usize, usize, usize, f64)]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut by_start: Vec<usize> = (0..lanes.len()).collect();
    by_start.sort_by_key(|&k| (lanes[k].1, lanes[k].2, k));
    let mut track = vec![0; lanes.len()];
    // (last column, track) of the tracks in use, and the tracks free again.
    let mut busy: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut free: BTreeSet<usize> = BTreeSet::new();
    let mut tracks = 0;
    for k in by_start {
        let (_, lo, hi, _) = lanes[k];
        while let Some(&Reverse((end, t))) = busy.peek()
            && end < lo
        {
            busy.pop();
            free.insert(t);
        }
        let t = free.pop_first().unwrap_or_else(|| {
            tracks += 1;
            tracks - 1
        });
        track[k] = t;
        busy.push(Reverse((hi, t)));
    }
    track
}

/// Folds of any range of a fixed list in O(1) after O(C log C) set-up (a
/// sparse table), for an idempotent fold such as min or max.
struct RangeFold {
    /// levels[j][i] folds the 2^j values from i.
    levels: Vec<Vec<f64>>,
    fold: fn(f64, f64) -> f64,
}

impl RangeFold {
    fn new(values: Vec<f64>, fold: fn(f64, f64) -> f64) -> RangeFold {
        let n = values.len();
        let mut levels = vec![values];
        let mut span = 1;
        while 2 * span <= n {
            let last = &levels[levels.len() - 1];
            let next = (0..=n - 2 * span)
                .map(|i| fold(last[i], last[i + span]))
                .collect();
            levels.push(next);
            span *= 2;
        }
        RangeFold { levels, fold }
    }

    /// The fold of values lo..=hi, if that is a range of them.
    fn get(&self, lo: usize, hi: usize) -> Option<f64> {
        if hi < lo {
            return None;
        }
        // Two blocks of the largest power of two that fits, overlapping.
        let j = (hi - lo + 1).ilog2() as usize;
        let level = self.levels.get(j)?;
        Some((self.fold)(*level.get(lo)?, *level.get(hi + 1 - (1 << j))?))
    }
}

/// A vertical channel in a gap between columns. A source's edges to the
/// next column share one, so a fan-out reads as a tree; a detour leaves by
/// its own and arrives by its target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ch {
    Exit(usize),
    /// By port: arrows with different conditions leave by their own.
    Adj(usize),
    Entry(usize),
}

/// Where a channel goes in its gap: exits (0, edge), then a box's ports
/// (1, place in its column, place on its box), then entries (2, place).
type ChannelKey = (u8, usize, usize);

/// Gap g lies left of column g; gap `cols.len()` is right of the last one.
struct Gaps {
    /// (start x, width) of each gap
    x: Vec<(f64, f64)>,
    /// The strip at the left of each gap kept for conditions.
    zone: Vec<f64>,
    /// How many channels each gap has.
    count: Vec<usize>,
    /// The place of each channel in its gap, found in O(1): by edge for
    /// `Exit`, by port for `Adj` and by node for `Entry` (each node has one
    /// `Entry`, in the gap left of its column).
    exit_at: Vec<usize>,
    adj_at: Vec<usize>,
    entry_at: Vec<usize>,
    width: f64,
}

impl Gaps {
    /// O(V + E log E): sorting each gap's channels.
    fn new(
        edges: &[(usize, usize)],
        detours: &[Option<f64>],
        cols: &[Vec<usize>],
        boxes: &[Placed],
        port_of: &[usize],
        ports: &[Port],
        zones: &[f64],
    ) -> Gaps {
        let mut pos = vec![0; boxes.len()];
        for col in cols {
            for (i, &v) in col.iter().enumerate() {
                pos[v] = i;
            }
        }
        // A port's place among its box's ports, top to bottom.
        let mut rank_in_box = vec![0; ports.len()];
        {
            let mut by_node: Vec<Vec<usize>> = vec![Vec::new(); boxes.len()];
            for (i, p) in ports.iter().enumerate() {
                by_node[p.node].push(i);
            }
            for ps in &mut by_node {
                ps.sort_by(|&a, &b| ports[a].dy.total_cmp(&ports[b].dy).then(a.cmp(&b)));
                for (k, &p) in ps.iter().enumerate() {
                    rank_in_box[p] = k;
                }
            }
        }
        // (channel, sort key): exits nearest the sources, entries nearest
        // the targets; a box's ports top to bottom.
        let mut keyed: Vec<Vec<(ChannelKey, Ch)>> = vec![Vec::new(); cols.len() + 1];
        for (i, (&(f, t), d)) in edges.iter().zip(detours).enumerate() {
            let g = boxes[f].rank + 1;
            if d.is_some() {
                keyed[g].push(((0, i, 0), Ch::Exit(i)));
                keyed[boxes[t].rank].push(((2, pos[t], 0), Ch::Entry(t)));
            } else {
                let p = port_of[i];
                keyed[g].push(((1, pos[f], rank_in_box[p]), Ch::Adj(p)));
            }
        }
        let mut x = Vec::with_capacity(keyed.len());
        let mut zone = Vec::with_capacity(keyed.len());
        let mut count = Vec::with_capacity(keyed.len());
        let (mut exit_at, mut adj_at, mut entry_at) = (
            vec![0; edges.len()],
            vec![0; ports.len()],
            vec![0; boxes.len()],
        );
        let mut at = 0.0;
        for (g, mut k) in keyed.into_iter().enumerate() {
            k.sort_by_key(|&(key, _)| key);
            k.dedup();
            let need = (k.len() as f64 + 1.0) * CHANNEL_SP;
            let z = zones.get(g).copied().unwrap_or(0.0);
            let w = if g > 0 && g < cols.len() {
                MIN_COL_GAP.max(need + z)
            } else if k.is_empty() {
                MARGIN
            } else {
                need + z
            };
            x.push((at, w));
            zone.push(z);
            count.push(k.len());
            for (i, &(_, ch)) in k.iter().enumerate() {
                match ch {
                    Ch::Exit(e) => exit_at[e] = i,
                    Ch::Adj(v) => adj_at[v] = i,
                    Ch::Entry(v) => entry_at[v] = i,
                }
            }
            at += w + BOX_W;
        }
        Gaps {
            x,
            zone,
            count,
            exit_at,
            adj_at,
            entry_at,
            width: (at - BOX_W).ceil(),
        }
    }

    /// The x of a channel, spread evenly over its gap right of the strip
    /// kept for conditions. O(1).
    fn channel(&self, g: usize, ch: Ch) -> f64 {
        let (Some(&(start, w)), Some(&count)) = (self.x.get(g), self.count.get(g)) else {
            return 0.0;
        };
        let z = self.zone.get(g).copied().unwrap_or(0.0);
        let (start, w) = (start + z, w - z);
        let i = match ch {
            Ch::Exit(e) => self.exit_at.get(e),
            Ch::Adj(v) => self.adj_at.get(v),
            Ch::Entry(v) => self.entry_at.get(v),
        };
        let i = i.copied().unwrap_or(0);
        start + w * (i as f64 + 1.0) / (count as f64 + 1.0)
    }
}

/// Only the kinds on the page, in a fixed order, wrapped to the width.
/// Returns the entries and the bottom of the last row. O(V).
fn legend(nodes: &[Node], width: f64, top: f64) -> (Vec<(Kind, f64, f64)>, f64) {
    let kinds: BTreeSet<Kind> = nodes.iter().map(|n| Kind::parse(n.kind)).collect();
    let mut out = Vec::new();
    let (mut x, mut y) = (MARGIN, top);
    for kind in kinds {
        let w = 36.0 + text_width(kind.legend(), 12.0, false) + 18.0;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            y += LEGEND_ROW;
        }
        out.push((kind, x, y));
        x += w;
    }
    (out, y + 16.0)
}

/// Marks the edges that close a cycle (depth-first, in input order), so the
/// rest form a DAG. Iterative, so a long chain cannot overflow the stack.
/// O(V + E): each node and edge is visited once.
fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(f, _)) in edges.iter().enumerate() {
        out[f].push(i);
    }
    // 0 = unseen, 1 = on the current path, 2 = finished
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            match out[v].get(top.1) {
                Some(&e) => {
                    top.1 += 1;
                    let w = edges[e].1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => back[e] = true,
                        _ => {}
                    }
                }
                None => {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }
    back
}

/// Longest path from a node with no incoming edge (Kahn's order over the
/// edges that are not back edges). Nodes without edges are rank 0.
/// O(V + E).
fn ranks(n: usize, edges: &[(usize, usize)], back: &[bool]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(f, t)) in edges.iter().enumerate() {
        if !back[i] {
            indeg[t] += 1;
            out[f].push(t);
        }
    }
    let mut rank = vec![0usize; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &out[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    rank
}

/// Columns of node indices, each ordered by the barycentre of its
/// predecessors' relative positions (ties by input order), which keeps a
/// fan-out next to its source and reduces crossings.
///
/// One sweep from left to right, not the repeated sweeps of a full crossing
/// minimiser: O(V log V + E), each edge read once from its target's list.
/// More sweeps would untangle a dense chart a little more, but the charts
/// people draw are a tree with a few shortcuts, which one sweep lays out.
fn order_columns(
    n: usize,
    edges: &[(usize, usize)],
    back: &[bool],
    rank: &[usize],
) -> Vec<Vec<usize>> {
    let ncols = rank.iter().copied().max().map_or(0, |r| r + 1);
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); ncols];
    for v in 0..n {
        cols[rank[v]].push(v);
    }
    // Predecessors in edge order, so the sums below add up in the same order.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (&(f, t), &b) in edges.iter().zip(back) {
        if !b {
            preds[t].push(f);
        }
    }
    let mut rel = vec![0.5; n];
    for col in &mut cols {
        let len = col.len() as f64;
        let mut keyed: Vec<(f64, usize)> = col
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let p = &preds[v];
                let bary = if p.is_empty() {
                    (i as f64 + 0.5) / len
                } else {
                    p.iter().map(|&f| rel[f]).sum::<f64>() / p.len() as f64
                };
                (bary, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *col = keyed.iter().map(|&(_, v)| v).collect();
        for (i, &v) in col.iter().enumerate() {
            rel[v] = (i as f64 + 0.5) / len;
        }
    }
    cols
}

/// Drops repeated points and the middle of straight runs. O(points).
fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(title: &str, kind: &'static str, lines: &[&str]) -> Node {
        Node {
            title: title.to_string(),
            lines: lines.iter().map(|l| l.to_string()).collect(),
            href: Some(format!("#c-{}", title.len())),
            kind,
        }
    }

    /// The escalation of a leak: a chain of four, a fan-out of six and one
    /// edge that skips a column.
    pub(super) fn example() -> (Vec<Node>, Vec<Edge>) {
        let nodes = vec![
            node("発見者", "other", &[]),
            node("部門責任者", "internal", &["所属長"]),
            node(
                "情報システム部門",
                "internal",
                &["内線 2100", "夜間 090-1234-5678"],
            ),
            node("個人情報管理委員会", "internal", &["事務局 内線 2200"]),
            node(
                "警察",
                "authority",
                &["警視庁 サイバー犯罪相談窓口", "#9110"],
            ),
            node("JPCERT/CC", "authority", &["03-6271-8901"]),
            node(
                "IPA",
                "authority",
                &["情報セキュリティ安心相談窓口", "03-5978-7509"],
            ),
            node(
                "東京都保健医療局医療政策部医療安全課",
                "authority",
                &["03-5320-4432"],
            ),
            node(
                "厚生労働省",
                "authority",
                &["医政局 特定医薬品開発支援・医療情報担当参事官室"],
            ),
            node(
                "個人情報保護委員会",
                "authority",
                &["漏えい等報告（オンライン）"],
            ),
            node("電子カルテ保守ベンダー", "vendor", &["24時間 0120-000-000"]),
        ];
        let mut edges = vec![Edge::plain(0, 1), Edge::plain(1, 2), Edge::plain(2, 3)];
        edges.extend((4..10).map(|to| Edge::plain(3, to)));
        edges.push(Edge::plain(0, 2));
        edges.push(Edge::plain(2, 10));
        (nodes, edges)
    }

    /// Several detours across each other and two cycles.
    fn busy() -> (Vec<Node>, Vec<Edge>) {
        let kinds = ["internal", "vendor", "authority", "other"];
        let titles = [
            "院長",
            "副院長",
            "医療情報部",
            "事務部長",
            "総務課",
            "保守ベンダー",
            "所轄警察署",
            "理事会",
        ];
        let nodes = titles
            .iter()
            .enumerate()
            .map(|(i, t)| node(t, kinds[i % 4], &["内線 1000"]))
            .collect();
        let pairs = [
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 4),
            (0, 2),
            (0, 3),
            (1, 4),
            (0, 4),
            (5, 2),
            (2, 6),
            (6, 7),
            (7, 1),
            (4, 0),
        ];
        let edges = pairs
            .iter()
            .map(|&(from, to)| Edge::plain(from, to))
            .collect();
        (nodes, edges)
    }

    type Rect = (f64, f64, f64, f64);

    fn rect(b: &Placed) -> Rect {
        (b.x, b.y, b.x + BOX_W, b.y + b.h)
    }

    /// Does the axis-parallel segment a–b enter the inside of r?
    fn hits(a: (f64, f64), b: (f64, f64), r: Rect) -> bool {
        let e = 0.01;
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        x1 > r.0 + e && x0 < r.2 - e && y1 > r.1 + e && y0 < r.3 - e
    }

    #[test]
    fn columns_increase_along_edges() {
        let (nodes, edges) = example();
        let lay = layout(&nodes, &edges);
        for e in &edges {
            assert!(lay.boxes[e.from].rank < lay.boxes[e.to].rank);
            assert!(lay.boxes[e.from].x < lay.boxes[e.to].x);
        }
        let ranks: Vec<usize> = lay.boxes.iter().map(|b| b.rank).collect();
        assert_eq!(ranks, [0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 3]);
    }

    #[test]
    fn boxes_do_not_overlap_and_fit_the_canvas() {
        let (nodes, edges) = example();
        let lay = layout(&nodes, &edges);
        for (i, a) in lay.boxes.iter().enumerate() {
            let r = rect(a);
            assert!(r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= lay.width && r.3 <= lay.height);
            for b in &lay.boxes[i + 1..] {
                let s = rect(b);
                assert!(
                    r.2 <= s.0 || s.2 <= r.0 || r.3 <= s.1 || s.3 <= r.1,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    /// Every route runs orthogonally from the source's right middle to the
    /// target's left middle, enters no box, and runs along no other route
    /// unless the two share an end (a fan-out or a merge).
    fn assert_routes_clear(lay: &Layout) {
        let segs = |r: &Route| {
            r.points
                .windows(2)
                .map(|w| (w[0], w[1]))
                .collect::<Vec<_>>()
        };
        for r in &lay.routes {
            let (f, t) = (&lay.boxes[r.from], &lay.boxes[r.to]);
            assert_leaves_its_box(r.points[0], f);
            assert_eq!(r.points[r.points.len() - 1], (t.x, t.y + t.h / 2.0));
            for (a, b) in segs(r) {
                assert!(a.0 == b.0 || a.1 == b.1, "not orthogonal: {r:?}");
                for bx in &lay.boxes {
                    assert!(!hits(a, b, rect(bx)), "{r:?} crosses {bx:?}");
                }
            }
            for o in &lay.routes {
                if o.from == r.from || o.to == r.to {
                    continue;
                }
                for (a, b) in segs(r) {
                    for (c, d) in segs(o) {
                        assert!(!runs_along((a, b), (c, d)), "{r:?} runs along {o:?}");
                    }
                }
            }
        }
    }

    /// A route leaves from its box's right side: the middle, or the port
    /// of its condition.
    fn assert_leaves_its_box(p: (f64, f64), f: &Placed) {
        assert!(
            p.0 == f.x + BOX_W && p.1 > f.y && p.1 < f.y + f.h,
            "{p:?} is not on the right side of {f:?}"
        );
    }

    /// Are two axis-parallel segments collinear with a common stretch?
    fn runs_along(s: ((f64, f64), (f64, f64)), o: ((f64, f64), (f64, f64))) -> bool {
        let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| {
            a0.max(a1).min(b0.max(b1)) - a0.min(a1).max(b0.min(b1)) > 0.01
        };
        let ((a, b), (c, d)) = (s, o);
        let vertical = a.0 == b.0 && c.0 == d.0 && a.0 == c.0 && overlap(a.1, b.1, c.1, d.1);
        let horizontal = a.1 == b.1 && c.1 == d.1 && a.1 == c.1 && overlap(a.0, b.0, c.0, d.0);
        vertical || horizontal
    }

    #[test]
    fn routes_avoid_boxes() {
        for (nodes, edges) in [example(), busy()] {
            let lay = layout(&nodes, &edges);
            assert_eq!(lay.routes.len(), edges.len());
            assert_routes_clear(&lay);
        }
        let (nodes, edges) = example();
        let lay = layout(&nodes, &edges);
        // The edge that skips a column detours above or below the columns it spans.
        let long = lay
            .routes
            .iter()
            .find(|r| (r.from, r.to) == (0, 2))
            .expect("long edge");
        let spanned = lay.boxes.iter().filter(|b| b.rank <= 2);
        let top = spanned.clone().map(|b| b.y).fold(f64::MAX, f64::min);
        let bottom = spanned.map(|b| b.y + b.h).fold(0.0, f64::max);
        assert!(long.points.iter().any(|p| p.1 < top || p.1 > bottom));
    }

    /// The example with the conditions of a real chart: three from the
    /// first box (one on a detour), one on a fan-out of six.
    fn labelled() -> (Vec<Node>, Vec<Edge>) {
        let (nodes, mut edges) = example();
        for e in &mut edges {
            e.label = match (e.from, e.to) {
                (0, 1) => Some("直ちに".into()),
                (0, 2) => Some("部門責任者に連絡がつかないとき".into()),
                (1, 2) => Some("直ちに".into()),
                (3, _) => Some("深刻度に応じて（深刻度と報告先を参照）".into()),
                _ => None,
            };
        }
        edges.push(Edge {
            from: 0,
            to: 10,
            label: Some("夜間・休日".into()),
        });
        (nodes, edges)
    }

    #[test]
    fn arrows_without_conditions_leave_from_the_middle() {
        for (nodes, edges) in [example(), busy()] {
            let lay = layout(&nodes, &edges);
            assert!(lay.labels.is_empty());
            for r in &lay.routes {
                let f = &lay.boxes[r.from];
                assert_eq!(r.points[0], (f.x + BOX_W, f.y + f.h / 2.0));
            }
        }
    }

    #[test]
    fn conditions_sit_on_their_arrows_clear_of_everything_else() {
        let (nodes, edges) = labelled();
        let lay = layout(&nodes, &edges);
        assert_sound(&lay, nodes.len(), edges.len());
        assert_routes_clear(&lay);
        // One per condition of a box: 0 has three, 1 and 3 one each.
        let texts: Vec<String> = lay.labels.iter().map(|l| l.lines.concat()).collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        let rects: Vec<Rect> = lay
            .labels
            .iter()
            .map(|l| {
                let w = l
                    .lines
                    .iter()
                    .map(|t| text_width(t, LABEL_PX, false))
                    .fold(0.0, f64::max);
                let top = l.bottom - LABEL_LH * (l.lines.len() as f64 - 1.0) - LABEL_PX;
                (l.x, top, l.x + w, l.bottom + 2.0)
            })
            .collect();
        let overlap = |a: Rect, b: Rect| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
        for (i, (l, r)) in lay.labels.iter().zip(&rects).enumerate() {
            assert!(r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= lay.width && r.3 <= lay.height);
            for l in &l.lines {
                assert!(text_width(l, LABEL_PX, false) <= LABEL_MAX_W, "{l}");
            }
            for b in &lay.boxes {
                assert!(!overlap(*r, rect(b)), "{l:?} over {b:?}");
            }
            for (j, o) in rects.iter().enumerate() {
                assert!(i == j || !overlap(*r, *o), "{l:?} over {:?}", lay.labels[j]);
            }
            for route in &lay.routes {
                for w in route.points.windows(2) {
                    assert!(!hits(w[0], w[1], *r), "{route:?} through {l:?}");
                }
            }
            // Right above the first stretch of a line leaving its box.
            let under = lay.routes.iter().any(|route| {
                let (a, b) = (route.points[0], route.points[1]);
                a.0 <= r.0 && b.0 >= r.2 && (a.1 - l.bottom - LABEL_GAP - 1.5).abs() < 0.01
            });
            assert!(under, "{l:?} is not on an arrow");
        }
        let svg = render(&nodes, &edges, "連絡体制図");
        assert!(svg.contains(">夜間・休日</text>"), "{svg}");
    }

    #[test]
    fn fan_out_shares_one_channel() {
        let (nodes, edges) = example();
        let lay = layout(&nodes, &edges);
        let xs: BTreeSet<String> = lay
            .routes
            .iter()
            .filter(|r| r.from == 3)
            .filter_map(|r| r.points.get(1).map(|p| num(p.0)))
            .collect();
        assert_eq!(xs.len(), 1);
    }

    #[test]
    fn text_fits_its_box() {
        let (nodes, edges) = example();
        let lay = layout(&nodes, &edges);
        let tokyo = &lay.boxes[7];
        assert_eq!(tokyo.title, ["東京都保健医療局", "医療政策部医療安全課"]);
        for b in &lay.boxes {
            for t in &b.title {
                assert!(text_width(t, TITLE_PX, true) <= BOX_W - 2.0 * PAD_X, "{t}");
            }
            for t in &b.lines {
                assert!(text_width(t, SMALL_PX, false) <= BOX_W - 2.0 * PAD_X, "{t}");
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        let nodes = vec![
            Node {
                title: "<b>&".into(),
                lines: vec!["\"x'".into()],
                href: Some("#a\"b".into()),
                kind: "internal",
            },
            node("x", "vendor", &[]),
        ];
        let svg = render(&nodes, &[Edge::plain(0, 1)], "図<1>");
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("&quot;x&#39;"));
        assert!(svg.contains(r##"href="#a&quot;b""##));
        assert!(svg.contains(r#"aria-label="図&lt;1&gt;""#));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn output_is_deterministic_and_well_formed() {
        let (nodes, edges) = example();
        let a = render(&nodes, &edges, "個人情報漏えい時の連絡体制");
        let b = render(&nodes, &edges, "個人情報漏えい時の連絡体制");
        assert_eq!(a, b);
        assert!(a.starts_with(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" role="group""#
        ));
        assert_eq!(a.matches(" id=\"").count(), 1);
        assert!(!a.contains("xlink"));
        // Numbers carry at most one decimal.
        for n in a.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
            if let Some((_, frac)) = n.split_once('.') {
                assert!(frac.len() <= 1, "{n}");
            }
        }
        // Only the kinds present get a legend entry.
        assert!(a.contains(">外部機関<") && a.contains(">その他<"));
        let solo = render(&[node("a", "internal", &[])], &[], "x");
        assert!(solo.contains(">内部<") && !solo.contains(">外部機関<"));
    }

    #[test]
    fn survives_cycles_bad_indices_and_empty_input() {
        let nodes: Vec<Node> = ["a", "b", "c"]
            .iter()
            .map(|t| node(t, "internal", &[]))
            .collect();
        let edges = [
            Edge::plain(0, 1),
            Edge::plain(1, 2),
            Edge::plain(2, 0),
            Edge::plain(1, 1),
            Edge::plain(7, 0),
            Edge::plain(0, usize::MAX),
        ];
        let lay = layout(&nodes, &edges);
        assert_eq!(lay.routes.len(), 3);
        assert_routes_clear(&lay);
        assert!(render(&nodes, &edges, "x").ends_with("</svg>\n"));
        assert!(render(&[], &[], "x").contains("データなし"));
        let isolated = layout(&nodes, &[]);
        assert!(isolated.boxes.iter().all(|b| b.rank == 0));
    }

    /// `n` contacts of all kinds, each with a line under its title.
    fn many(n: usize) -> Vec<Node> {
        let kinds = ["internal", "vendor", "authority", "other"];
        (0..n)
            .map(|i| node(&format!("連絡先{i}"), kinds[i % 4], &["内線 1000"]))
            .collect()
    }

    fn edges_of(pairs: impl IntoIterator<Item = (usize, usize)>) -> Vec<Edge> {
        pairs
            .into_iter()
            .map(|(from, to)| Edge::plain(from, to))
            .collect()
    }

    /// Every contact reporting to every later one.
    fn complete(n: usize) -> Vec<Edge> {
        edges_of((0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))))
    }

    /// The checks of `assert_routes_clear` and
    /// `boxes_do_not_overlap_and_fit_the_canvas`, in O((V + R) log) rather
    /// than pairwise, for charts of thousands: every node placed inside the
    /// canvas, no two boxes overlapping, and every edge drawn orthogonally
    /// from its source's right middle to its target's left middle, through
    /// no box and along no route it shares no end with.
    fn assert_sound(lay: &Layout, nodes: usize, edges: usize) {
        assert_eq!(lay.boxes.len(), nodes);
        assert_eq!(lay.routes.len(), edges);
        // Columns by rank, each sorted top to bottom.
        let ncols = lay.boxes.iter().map(|b| b.rank + 1).max().unwrap_or(0);
        let mut cols: Vec<Vec<&Placed>> = vec![Vec::new(); ncols];
        for b in &lay.boxes {
            let r = rect(b);
            assert!(r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= lay.width && r.3 <= lay.height);
            cols[b.rank].push(b);
        }
        for col in &mut cols {
            assert!(!col.is_empty(), "a column without boxes");
            col.sort_by(|a, b| a.y.total_cmp(&b.y));
            assert!(col.iter().all(|b| b.x == col[0].x));
            for w in col.windows(2) {
                assert!(w[0].y + w[0].h <= w[1].y, "{:?} overlaps {:?}", w[0], w[1]);
            }
        }
        for w in cols.windows(2) {
            assert!(w[0][0].x + BOX_W <= w[1][0].x, "columns overlap");
        }
        let col_x: Vec<f64> = cols.iter().map(|c| c[0].x).collect();
        // The first box that segment a–b enters, looking only at the columns
        // under its x range and the boxes there under its y range.
        let hit = |a: (f64, f64), b: (f64, f64)| -> Option<&Placed> {
            let e = 0.01;
            let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
            let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
            let first = col_x.partition_point(|&x| x + BOX_W - e <= x0);
            for col in cols[first..].iter().take_while(|c| c[0].x + e < x1) {
                let i = col.partition_point(|bx| bx.y + bx.h - e <= y0);
                let mut under = col[i..].iter().take_while(|bx| bx.y + e < y1);
                if let Some(&bx) = under.find(|bx| hits(a, b, rect(bx))) {
                    return Some(bx);
                }
            }
            None
        };
        // Segments by the line they lie on: (vertical?, coordinate), from, to, route.
        let mut lines: Vec<((bool, u64), f64, f64, usize)> = Vec::new();
        for (k, r) in lay.routes.iter().enumerate() {
            let (f, t) = (&lay.boxes[r.from], &lay.boxes[r.to]);
            assert_leaves_its_box(r.points[0], f);
            assert_eq!(r.points[r.points.len() - 1], (t.x, t.y + t.h / 2.0));
            for w in r.points.windows(2) {
                let (a, b) = (w[0], w[1]);
                assert!(a.0 == b.0 || a.1 == b.1, "not orthogonal: {r:?}");
                if let Some(bx) = hit(a, b) {
                    panic!("{r:?} crosses {bx:?}");
                }
                lines.push(if a.0 == b.0 {
                    ((true, a.0.to_bits()), a.1.min(b.1), a.1.max(b.1), k)
                } else {
                    ((false, a.1.to_bits()), a.0.min(b.0), a.0.max(b.0), k)
                });
            }
        }
        if let Some((r, o)) = shared_run(&lay.routes, lines) {
            panic!("{:?} runs along {:?}", lay.routes[r], lay.routes[o]);
        }
    }

    /// Two routes that share no end but run along each other, found by a
    /// sweep along each line.
    fn shared_run(
        routes: &[Route],
        mut lines: Vec<((bool, u64), f64, f64, usize)>,
    ) -> Option<(usize, usize)> {
        lines.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut active: Vec<(f64, usize)> = Vec::new();
        for (i, &(line, lo, hi, k)) in lines.iter().enumerate() {
            if i == 0 || lines[i - 1].0 != line {
                active.clear();
            }
            active.retain(|&(end, _)| end - lo > 0.01);
            let related =
                |o: usize| routes[o].from == routes[k].from || routes[o].to == routes[k].to;
            if let Some(&(_, o)) = active
                .iter()
                .find(|&&(end, o)| end.min(hi) - lo > 0.01 && o != k && !related(o))
            {
                return Some((k, o));
            }
            active.push((hi, k));
        }
        None
    }

    #[test]
    fn sound_finds_a_shared_run() {
        let (nodes, edges) = busy();
        let mut lay = layout(&nodes, &edges);
        assert_sound(&lay, nodes.len(), edges.len());
        // Move one detour's lane onto another's, where both span a column.
        let lane = |r: &Route| (r.points.len() == 6).then(|| r.points[2].1);
        let detoured: Vec<usize> = (0..lay.routes.len())
            .filter(|&k| lane(&lay.routes[k]).is_some())
            .collect();
        let (a, b) = detoured
            .iter()
            .flat_map(|&a| detoured.iter().map(move |&b| (a, b)))
            .find(|&(a, b)| {
                let (ra, rb) = (&lay.routes[a], &lay.routes[b]);
                a != b && ra.from != rb.from && ra.to != rb.to && {
                    let span = |r: &Route| {
                        (
                            r.points[2].0.min(r.points[3].0),
                            r.points[2].0.max(r.points[3].0),
                        )
                    };
                    let (sa, sb) = (span(ra), span(rb));
                    sa.1.min(sb.1) - sa.0.max(sb.0) > 1.0
                }
            })
            .expect("two overlapping detours");
        let y = lane(&lay.routes[b]).unwrap_or_default();
        lay.routes[a].points[2].1 = y;
        lay.routes[a].points[3].1 = y;
        let panicked = std::panic::catch_unwind(|| assert_sound(&lay, nodes.len(), edges.len()));
        assert!(panicked.is_err());
    }

    #[test]
    fn sound_finds_a_route_through_a_box_and_overlapping_boxes() {
        let (nodes, edges) = example();
        let sound = |lay: &Layout| {
            let routes = lay.routes.len();
            std::panic::catch_unwind(|| assert_sound(lay, nodes.len(), routes)).is_ok()
        };
        let lay = layout(&nodes, &edges);
        assert!(sound(&lay));
        // The lane of 0 → 2 moved down onto the middle of 1, the only box it passes.
        let mut through = lay.clone();
        let mid = through.boxes[1].y + through.boxes[1].h / 2.0;
        let long = through
            .routes
            .iter_mut()
            .find(|r| (r.from, r.to) == (0, 2))
            .expect("long edge");
        assert_eq!(long.points.len(), 6);
        long.points[2].1 = mid;
        long.points[3].1 = mid;
        assert!(!sound(&through));
        // Without edges all stand in one column; the second moved onto the first.
        let mut overlapping = layout(&nodes, &[]);
        assert!(sound(&overlapping));
        overlapping.boxes[1].y = overlapping.boxes[0].y + 1.0;
        assert!(!sound(&overlapping));
    }

    #[test]
    fn sound_agrees_with_the_pairwise_checks() {
        for (nodes, edges) in [example(), busy()] {
            let lay = layout(&nodes, &edges);
            assert_routes_clear(&lay);
            assert_sound(&lay, nodes.len(), edges.len());
        }
    }

    /// 100 contacts each reporting to every later one: 4,950 edges, 4,851 of
    /// them detours, past `EXACT_LANES`, so lanes are packed into tracks.
    #[test]
    fn lays_out_a_hundred_fully_connected() {
        let nodes = many(100);
        let edges = complete(100);
        let lay = layout(&nodes, &edges);
        assert_sound(&lay, 100, edges.len());
        let ranks: Vec<usize> = lay.boxes.iter().map(|b| b.rank).collect();
        assert_eq!(ranks, (0..100).collect::<Vec<_>>());
        let svg = render(&nodes, &edges, "x");
        assert_eq!(svg.matches("\"><title>").count(), edges.len());
    }

    /// Below `EXACT_LANES`: each lane as near its columns as it can be.
    #[test]
    fn lays_out_sixty_fully_connected() {
        let nodes = many(60);
        let edges = complete(60);
        let lay = layout(&nodes, &edges);
        assert_sound(&lay, 60, edges.len());
    }

    #[test]
    fn lays_out_a_chain_of_twenty_thousand() {
        let n = 20_000;
        let nodes = many(n);
        let edges = edges_of((1..n).map(|i| (i - 1, i)));
        let lay = layout(&nodes, &edges);
        assert_sound(&lay, n, n - 1);
        assert!(lay.boxes.iter().enumerate().all(|(i, b)| b.rank == i));
        let svg = render(&nodes, &edges, "x");
        assert_eq!(svg.matches("\"><title>").count(), n - 1);
        assert_eq!(svg.matches("<a href=").count(), n);
    }

    /// One contact telling 2,000 others and a cycle back to the first from
    /// the last: one column of 2,000 and a single long detour.
    #[test]
    fn lays_out_a_wide_star() {
        let n = 2001;
        let nodes = many(n);
        let mut edges = edges_of((1..n).map(|i| (0, i)));
        edges.push(Edge::plain(n - 1, 0));
        let lay = layout(&nodes, &edges);
        assert_sound(&lay, n, n);
    }

    /// The lane rule as it was first written (each lane checks every lane
    /// placed before it, over and over): `detours` must place every lane
    /// where it did, so the handbook's chart does not change.
    fn detours_reference(
        edges: &[(usize, usize)],
        back: &[bool],
        cols: &[Vec<usize>],
        boxes: &[Placed],
    ) -> Vec<Option<f64>> {
        let rank = |v: usize| boxes[v].rank;
        let mid = |v: usize| boxes[v].y + boxes[v].h / 2.0;
        let mut order: Vec<usize> = (0..edges.len())
            .filter(|&i| back[i] || rank(edges[i].1) != rank(edges[i].0) + 1)
            .collect();
        order.sort_by_key(|&i| (rank(edges[i].0).abs_diff(rank(edges[i].1)), i));
        let mut placed: Vec<(usize, usize, f64)> = Vec::new();
        let mut out = vec![None; edges.len()];
        for i in order {
            let (f, t) = edges[i];
            let (lo, hi) = (rank(f).min(rank(t)), rank(f).max(rank(t)));
            let spanned = || cols.get(lo..=hi).into_iter().flatten().flatten();
            let top = spanned().map(|&v| boxes[v].y).fold(f64::MAX, f64::min);
            let bottom = spanned()
                .map(|&v| boxes[v].y + boxes[v].h)
                .fold(0.0, f64::max);
            let up = (mid(f) - top) + (mid(t) - top) <= (bottom - mid(f)) + (bottom - mid(t));
            let (mut y, step) = if up {
                (top - LANE_CLEAR, -LANE_SP)
            } else {
                (bottom + LANE_CLEAR, LANE_SP)
            };
            for _ in 0..=placed.len() {
                let clash = placed
                    .iter()
                    .find(|p| p.0 <= hi && lo <= p.1 && (p.2 - y).abs() < LANE_SP - 0.01);
                match clash {
                    Some(p) => y = p.2 + step,
                    None => break,
                }
            }
            placed.push((lo, hi, y));
            out[i] = Some(y);
        }
        out
    }

    #[test]
    fn lanes_are_where_they_were() {
        // A small linear congruential generator: graphs with cycles, long
        // edges both ways and boxes of several heights.
        let mut seed = 12345u64;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        let mut graphs = vec![example(), busy(), (many(40), complete(40))];
        for _ in 0..20 {
            let n = 5 + next(30);
            let nodes: Vec<Node> = (0..n)
                .map(|i| {
                    let lines = ["内線 1", "☎ 03-0000-0000", "夜間 090-0000-0000"];
                    let k = next(4);
                    node(
                        &"連絡先".repeat(1 + next(4)),
                        ["internal", "other"][i % 2],
                        &lines[..k.min(3)],
                    )
                })
                .collect();
            let edges = edges_of((0..n * 2).map(|_| (next(n), next(n))));
            graphs.push((nodes, edges));
        }
        let mut lanes = 0;
        for (nodes, edges) in &graphs {
            let n = nodes.len();
            let mut seen = BTreeSet::new();
            let edges: Vec<(usize, usize)> = edges
                .iter()
                .map(|e| (e.from, e.to))
                .filter(|&(f, t)| f != t && seen.insert((f, t)))
                .collect();
            let back = back_edges(n, &edges);
            let rank = ranks(n, &edges, &back);
            let cols = order_columns(n, &edges, &back, &rank);
            let mut boxes: Vec<Placed> = nodes
                .iter()
                .zip(&rank)
                .map(|(n, &r)| size_box(n, r))
                .collect();
            stack_columns(&cols, &mut boxes);
            let got = detours(&edges, &back, &cols, &boxes);
            assert_eq!(got, detours_reference(&edges, &back, &cols, &boxes));
            lanes += got.iter().flatten().count();
        }
        assert!(lanes > 500, "{lanes}");
    }

    #[test]
    fn packed_lanes_take_the_fewest_tracks() {
        let lanes = [
            (0, 0, 2, 0.0),
            (1, 1, 3, 0.0),
            (2, 3, 5, 0.0),
            (3, 4, 6, 0.0),
            (4, 7, 9, 0.0),
        ];
        assert_eq!(packed_lanes(&lanes), [0, 1, 0, 1, 0]);
    }

    #[test]
    fn range_fold_matches_a_scan() {
        let values: Vec<f64> = (0..37).map(|i| ((i * 7919) % 101) as f64).collect();
        let fold = RangeFold::new(values.clone(), f64::min);
        for lo in 0..values.len() {
            for hi in lo..values.len() {
                let scan = values[lo..=hi].iter().copied().fold(f64::MAX, f64::min);
                assert_eq!(fold.get(lo, hi), Some(scan), "{lo}..={hi}");
            }
        }
        assert_eq!(fold.get(3, 2), None);
        assert_eq!(fold.get(0, 37), None);
    }

    /// `cargo test --lib flowchart::tests::preview -- --ignored` writes an
    /// HTML page with the example and a busier graph (several detours, two
    /// cycles) to the temp folder, to look at in a browser.
    #[test]
    #[ignore]
    fn preview() {
        let (nodes, edges) = example();
        let mut svg = render(&nodes, &edges, "個人情報漏えい時の連絡体制");
        let (labelled, labelled_edges) = labelled();
        svg.push_str(&render(&labelled, &labelled_edges, "条件つき"));
        let (busy, busy_edges) = busy();
        svg.push_str(&render(&busy, &busy_edges, "検証用"));
        let html = format!(
            "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>fc</title>\
             <style>body{{font-family:\"Noto Sans CJK JP\",sans-serif;margin:16px}}svg{{max-width:100%;height:auto;display:block;margin-bottom:24px}}</style>\
             <body><h1>連絡体制図</h1>{svg}</body></html>"
        );
        std::fs::write(std::env::temp_dir().join("fc.html"), html).expect("write preview");
    }
}
