//! The escalation flow diagram (連絡体制図): a layered left-to-right layout of
//! contact boxes and arrows, written as inline SVG that needs no script, no
//! web font and no network, so it works from `file://`, on paper and on phones.

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

/// "`from` reports to `to`": indices into the node slice.
pub struct Edge {
    pub from: usize,
    pub to: usize,
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
}

/// Renders the diagram. Invalid indices and self-loops are ignored; a cycle
/// is broken (its closing edge is drawn as a detour) rather than looped on.
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
fn layout(nodes: &[Node], edges: &[Edge]) -> Layout {
    let n = nodes.len();
    let mut seen = BTreeSet::new();
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .map(|e| (e.from, e.to))
        .filter(|&(f, t)| f < n && t < n && f != t && seen.insert((f, t)))
        .collect();
    let back = back_edges(n, &edges);
    let rank = ranks(n, &edges, &back);
    let cols = order_columns(n, &edges, &back, &rank);
    let mut boxes: Vec<Placed> = nodes
        .iter()
        .zip(&rank)
        .map(|(n, &r)| size_box(n, r))
        .collect();
    let max_h = stack_columns(&cols, &mut boxes);
    let detours = detours(&edges, &back, &cols, &boxes);
    let gaps = Gaps::new(&edges, &detours, &cols, &boxes);

    let lanes = detours.iter().flatten();
    let top = MARGIN - lanes.clone().copied().fold(0.0, f64::min);
    let bottom = top + lanes.copied().fold(max_h, f64::max);
    for b in &mut boxes {
        let (start, w) = gaps.x[b.rank];
        b.x = start + w;
        b.y += top;
    }

    let routes = edges
        .iter()
        .zip(&detours)
        .enumerate()
        .map(|(i, (&(f, t), detour))| {
            let (x1, y1) = (boxes[f].x + BOX_W, boxes[f].y + boxes[f].h / 2.0);
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
                    let cx = gaps.channel(boxes[f].rank + 1, Ch::Adj(f));
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
    let (legend, legend_bottom) = legend(nodes, width, bottom + 16.0);
    Layout {
        width,
        height: (legend_bottom + MARGIN).ceil(),
        boxes,
        routes,
        legend,
    }
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

/// Stacks each column, centred on the tallest; returns that height.
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

/// Edges between neighbouring columns run straight through the gap (None).
/// Every other edge, long or closing a cycle, detours through a lane of its
/// own (Some(y), relative to the top of the tallest column) just above or
/// below the boxes of the columns it spans, so it never crosses a box.
/// Shorter detours are placed first, nearer the boxes, so nested lanes do not
/// cross; a lane that would run on top of another moves out past it.
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
        // Each lane can push this one at most once, so this ends.
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

/// A vertical channel in a gap between columns. A source's edges to the
/// next column share one, so a fan-out reads as a tree; a detour leaves by
/// its own and arrives by its target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ch {
    Exit(usize),
    Adj(usize),
    Entry(usize),
}

/// Gap g lies left of column g; gap `cols.len()` is right of the last one.
struct Gaps {
    /// (start x, width) of each gap
    x: Vec<(f64, f64)>,
    chans: Vec<Vec<Ch>>,
    width: f64,
}

impl Gaps {
    fn new(
        edges: &[(usize, usize)],
        detours: &[Option<f64>],
        cols: &[Vec<usize>],
        boxes: &[Placed],
    ) -> Gaps {
        let pos = |v: usize| {
            cols[boxes[v].rank]
                .iter()
                .position(|&u| u == v)
                .unwrap_or(0)
        };
        // (channel, sort key): exits nearest the sources, entries nearest the targets.
        let mut keyed: Vec<Vec<((u8, usize), Ch)>> = vec![Vec::new(); cols.len() + 1];
        for (i, (&(f, t), d)) in edges.iter().zip(detours).enumerate() {
            let g = boxes[f].rank + 1;
            if d.is_some() {
                keyed[g].push(((0, i), Ch::Exit(i)));
                keyed[boxes[t].rank].push(((2, pos(t)), Ch::Entry(t)));
            } else {
                keyed[g].push(((1, pos(f)), Ch::Adj(f)));
            }
        }
        let mut x = Vec::with_capacity(keyed.len());
        let mut chans = Vec::with_capacity(keyed.len());
        let mut at = 0.0;
        for (g, mut k) in keyed.into_iter().enumerate() {
            k.sort_by_key(|&(key, _)| key);
            k.dedup();
            let need = (k.len() as f64 + 1.0) * CHANNEL_SP;
            let w = if g > 0 && g < cols.len() {
                MIN_COL_GAP.max(need)
            } else if k.is_empty() {
                MARGIN
            } else {
                need
            };
            x.push((at, w));
            chans.push(k.into_iter().map(|(_, ch)| ch).collect());
            at += w + BOX_W;
        }
        Gaps {
            x,
            chans,
            width: (at - BOX_W).ceil(),
        }
    }

    /// The x of a channel, spread evenly over its gap.
    fn channel(&self, g: usize, ch: Ch) -> f64 {
        let (Some(&(start, w)), Some(chans)) = (self.x.get(g), self.chans.get(g)) else {
            return 0.0;
        };
        let i = chans.iter().position(|&c| c == ch).unwrap_or(0);
        start + w * (i as f64 + 1.0) / (chans.len() as f64 + 1.0)
    }
}

/// Only the kinds on the page, in a fixed order, wrapped to the width.
/// Returns the entries and the bottom of the last row.
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
    let mut rel = vec![0.5; n];
    for col in &mut cols {
        let len = col.len() as f64;
        let mut keyed: Vec<(f64, usize)> = col
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let preds: Vec<f64> = edges
                    .iter()
                    .zip(back)
                    .filter(|&(&(_, t), &b)| t == v && !b)
                    .map(|(&(f, _), _)| rel[f])
                    .collect();
                let bary = if preds.is_empty() {
                    (i as f64 + 0.5) / len
                } else {
                    preds.iter().sum::<f64>() / preds.len() as f64
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

/// Drops repeated points and the middle of straight runs.
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
        let mut edges = vec![
            Edge { from: 0, to: 1 },
            Edge { from: 1, to: 2 },
            Edge { from: 2, to: 3 },
        ];
        edges.extend((4..10).map(|to| Edge { from: 3, to }));
        edges.push(Edge { from: 0, to: 2 });
        edges.push(Edge { from: 2, to: 10 });
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
        let edges = pairs.iter().map(|&(from, to)| Edge { from, to }).collect();
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
            assert_eq!(r.points[0], (f.x + BOX_W, f.y + f.h / 2.0));
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
        let svg = render(&nodes, &[Edge { from: 0, to: 1 }], "図<1>");
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
            Edge { from: 0, to: 1 },
            Edge { from: 1, to: 2 },
            Edge { from: 2, to: 0 },
            Edge { from: 1, to: 1 },
            Edge { from: 7, to: 0 },
            Edge {
                from: 0,
                to: usize::MAX,
            },
        ];
        let lay = layout(&nodes, &edges);
        assert_eq!(lay.routes.len(), 3);
        assert_routes_clear(&lay);
        assert!(render(&nodes, &edges, "x").ends_with("</svg>\n"));
        assert!(render(&[], &[], "x").contains("データなし"));
        let isolated = layout(&nodes, &[]);
        assert!(isolated.boxes.iter().all(|b| b.rank == 0));
    }

    /// `cargo test --lib flowchart::tests::preview -- --ignored` writes an
    /// HTML page with the example and a busier graph (several detours, two
    /// cycles) to the temp folder, to look at in a browser.
    #[test]
    #[ignore]
    fn preview() {
        let (nodes, edges) = example();
        let mut svg = render(&nodes, &edges, "個人情報漏えい時の連絡体制");
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
