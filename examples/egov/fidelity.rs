//! The comparison of a built regulation page with what the law's XML
//! states: one table row per law, and in verbose mode every difference.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use crate::expect::{self, Expected};
use crate::html::{self, Page};
use crate::mentions::{self, Expect, Mention};
use crate::xml::Element;

pub const HEADER: &str = "| law | builds | articles exp/found (missing, invented) | 項/号/細分 diffs | 附則 blocks exp/found | 附則 articles exp/found | appendices exp/found | diagnostics | wrong links (same-sentence rule; ok, unjudged, unmatched) |\n|---|---|---|---|---|---|---|---|---|";

pub struct Report {
    exit_code: i32,
    diagnostics: BTreeMap<String, usize>,
    measured: bool,
    expected_articles: usize,
    found_articles: usize,
    missing: Vec<String>,
    invented: Vec<String>,
    paragraph_diffs: Vec<String>,
    item_diffs: Vec<String>,
    subitem_diffs: Vec<String>,
    supplements: (usize, usize),
    suppl_articles: (usize, usize),
    appendices: (usize, usize),
    wrong: Vec<(String, String, Mention)>,
    ok_links: usize,
    unjudged_links: usize,
    unmatched: Vec<html::Link>,
}

/// `warning[W003]` / `error[E030]` counted by code.
fn diagnostics(stderr: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in stderr.lines() {
        for kind in ["error[", "warning["] {
            if let Some(rest) = line.strip_prefix(kind)
                && let Some(end) = rest.find(']')
            {
                *out.entry(rest[..end].to_string()).or_insert(0) += 1;
            }
        }
    }
    out
}

/// 附則 text blocks are anchored by the handbook as `suppl-K-text-N-pM`;
/// the XML knows them as the 附則's paragraph M.
fn normalize(anchor: &str) -> String {
    let parts: Vec<&str> = anchor.split('-').collect();
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        if parts[i] == "text" && i + 1 < parts.len() && parts[i + 1].parse::<u32>().is_ok() {
            i += 2;
            continue;
        }
        out.push(parts[i]);
        i += 1;
    }
    out.join("-")
}

pub fn compare(law: &Element, html_src: &str, stderr: &str, exit_code: i32) -> Report {
    let exp: Expected = expect::expected(law);
    let page: Page = html::parse(html_src);
    let measured = !html_src.is_empty();
    let mut r = Report {
        exit_code,
        diagnostics: diagnostics(stderr),
        measured,
        expected_articles: exp.articles.len(),
        found_articles: 0,
        missing: Vec::new(),
        invented: Vec::new(),
        paragraph_diffs: Vec::new(),
        item_diffs: Vec::new(),
        subitem_diffs: Vec::new(),
        supplements: (exp.supplements.len(), page.supplements.len()),
        suppl_articles: (
            exp.supplements.iter().map(|s| s.articles.len()).sum(),
            page.articles
                .iter()
                .filter(|a| a.supplement.is_some())
                .count(),
        ),
        appendices: (exp.appendices.len(), page.appendices.len()),
        wrong: Vec::new(),
        ok_links: 0,
        unjudged_links: 0,
        unmatched: Vec::new(),
    };
    let found: Vec<&html::Article> = page
        .articles
        .iter()
        .filter(|a| a.supplement.is_none())
        .collect();
    r.found_articles = found.len();
    let by_id: HashMap<&str, &html::Article> = found.iter().map(|a| (a.id.as_str(), *a)).collect();
    let expected_ids: HashSet<&str> = exp.articles.iter().map(|a| a.anchor.as_str()).collect();
    r.invented = found
        .iter()
        .filter(|a| !expected_ids.contains(a.id.as_str()))
        .map(|a| a.id.clone())
        .collect();
    for a in &exp.articles {
        let Some(f) = by_id.get(a.anchor.as_str()) else {
            r.missing.push(a.anchor.clone());
            continue;
        };
        if a.deleted {
            continue;
        }
        let e_ps: Vec<&str> = a.paragraphs.iter().map(|p| p.anchor.as_str()).collect();
        let f_ps: Vec<&str> = f.paragraphs.iter().map(|p| p.id.as_str()).collect();
        if e_ps != f_ps {
            r.paragraph_diffs.push(format!(
                "{}: 項 [{}] expected, [{}] found",
                a.anchor,
                e_ps.join(" "),
                f_ps.join(" ")
            ));
        }
        for (ep, fp) in a.paragraphs.iter().zip(&f.paragraphs) {
            let e_ids: Vec<&str> = ep.items.iter().map(|i| i.anchor.as_str()).collect();
            let f_ids: Vec<&str> = fp
                .items
                .iter()
                .map(|i| i.id.as_deref().unwrap_or("?"))
                .collect();
            if e_ids != f_ids {
                r.item_diffs.push(format!(
                    "{}: 号 [{}] expected, [{}] found",
                    ep.anchor,
                    e_ids.join(" "),
                    f_ids.join(" ")
                ));
            }
            let e_sub: Vec<usize> = ep.items.iter().map(|i| i.subitems).collect();
            let f_sub: Vec<usize> = fp.items.iter().map(|i| i.subitems).collect();
            if e_ids == f_ids && e_sub != f_sub {
                r.subitem_diffs.push(format!(
                    "{}: 号の細分 {:?} expected, {:?} found",
                    ep.anchor, e_sub, f_sub
                ));
            }
        }
    }
    judge_links(&mentions::mentions(law), &page.links, &mut r);
    r
}

/// Pairs each link of the page with a mention in the XML: the next one
/// (within a window, in document order) with the same text and the same
/// few characters before it.
fn judge_links(ms: &[Mention], links: &[html::Link], r: &mut Report) {
    const WINDOW: usize = 400;
    let mut at = 0;
    for l in links {
        let lb = mentions::context(&l.before);
        let found = ms.iter().enumerate().skip(at).take(WINDOW).find(|(_, m)| {
            m.text == l.text && same_end(&m.before, &lb) && same_start(&m.after, &l.after)
        });
        let Some((i, m)) = found else {
            r.unmatched.push(l.clone());
            continue;
        };
        at = i + 1;
        match &m.expect {
            Expect::Link(a) if normalize(a) == normalize(&l.href) => r.ok_links += 1,
            Expect::Link(a) => r.wrong.push((l.href.clone(), a.clone(), m.clone())),
            Expect::NoLink(why) => {
                r.wrong
                    .push((l.href.clone(), format!("(no link: {why})"), m.clone()))
            }
            Expect::Unjudged(_) => r.unjudged_links += 1,
        }
    }
}

/// Whether two contexts agree as far as both go.
fn same_end(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let n = a.len().min(b.len());
    a[a.len() - n..] == b[b.len() - n..]
}

fn same_start(a: &str, b: &str) -> bool {
    a.chars().zip(b.chars()).all(|(x, y)| x == y)
}

impl Report {
    pub fn row(&self, name: &str) -> String {
        let builds = if self.exit_code == 0 {
            "yes".to_string()
        } else {
            format!("no ({})", self.exit_code)
        };
        let diags = if self.diagnostics.is_empty() {
            "-".to_string()
        } else {
            self.diagnostics
                .iter()
                .map(|(c, n)| format!("{c}×{n}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        if !self.measured {
            return format!(
                "| {name} | {builds} | {}/- | - | {}/- | {}/- | {}/- | {diags} | - |",
                self.expected_articles,
                self.supplements.0,
                self.suppl_articles.0,
                self.appendices.0
            );
        }
        format!(
            "| {name} | {builds} | {}/{} ({}, {}) | {}/{}/{} | {}/{} | {}/{} | {}/{} | {diags} | {} ({}; {}, {}, {}) |",
            self.expected_articles,
            self.found_articles,
            self.missing.len(),
            self.invented.len(),
            self.paragraph_diffs.len(),
            self.item_diffs.len(),
            self.subitem_diffs.len(),
            self.supplements.0,
            self.supplements.1,
            self.suppl_articles.0,
            self.suppl_articles.1,
            self.appendices.0,
            self.appendices.1,
            self.wrong.len(),
            self.wrong
                .iter()
                .filter(|(_, _, m)| m.expect == Expect::NoLink(mentions::SAME_SENTENCE))
                .count(),
            self.ok_links,
            self.unjudged_links,
            self.unmatched.len()
        )
    }

    pub fn details(&self, name: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "== {name}");
        let list = |out: &mut String, title: &str, v: &[String]| {
            if !v.is_empty() {
                let _ = writeln!(out, "{title} ({}):", v.len());
                for x in v {
                    let _ = writeln!(out, "  {x}");
                }
            }
        };
        list(&mut out, "missing articles", &self.missing);
        list(&mut out, "invented articles", &self.invented);
        list(&mut out, "項 differ", &self.paragraph_diffs);
        list(&mut out, "号 differ", &self.item_diffs);
        list(&mut out, "号の細分 differ", &self.subitem_diffs);
        if !self.wrong.is_empty() {
            let _ = writeln!(out, "wrong links ({}):", self.wrong.len());
            for (href, want, m) in &self.wrong {
                let _ = writeln!(
                    out,
                    "  {} …{}【{}】 → #{href}, expected {want}",
                    m.place, m.before, m.text
                );
            }
        }
        if !self.unmatched.is_empty() {
            let _ = writeln!(
                out,
                "links not found in the XML's text ({}):",
                self.unmatched.len()
            );
            for l in &self.unmatched {
                let _ = writeln!(
                    out,
                    "  {} …{}【{}】 → #{}",
                    l.article.as_deref().unwrap_or("-"),
                    mentions::context(&l.before),
                    l.text,
                    l.href
                );
            }
        }
        out
    }
}
