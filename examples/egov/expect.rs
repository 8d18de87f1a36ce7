//! The structure a law's XML states, as the handbook should build it: each
//! main-provision article with its anchor (`art-12-2`), 項 (`art-1-p2`), 号
//! (`art-1-p2-i3`, `-i3-2` for 三の二) and the number of 号の細分 under each
//! 号; deleted articles (a range 55:63 expanded to each article); 附則
//! blocks with their articles; appendices (別表…).

use crate::text::is_paragraph_item;
use crate::xml::Element;

#[derive(Debug, Clone)]
pub struct Item {
    /// As in the XML: `3_2` for 三の二.
    pub num: String,
    pub anchor: String,
    /// Every 号の細分 below it (イ, (1), …), at any depth.
    pub subitems: usize,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub num: u32,
    pub anchor: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub anchor: String,
    /// 第十二条の二 (for one article of a deleted range, its own label).
    pub label: String,
    pub deleted: bool,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone)]
pub struct Supplement {
    pub anchor: String,
    pub label: String,
    pub amend: Option<String>,
    pub extract: bool,
    pub articles: Vec<Article>,
    /// 項 standing directly in the 附則 (not in an article).
    pub paragraphs: usize,
}

#[derive(Debug, Clone)]
pub struct Appendix {
    pub kind: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Expected {
    pub title: String,
    pub number: String,
    /// ISO date of promulgation, from the Law element's attributes.
    pub promulgated: Option<String>,
    pub articles: Vec<Article>,
    pub supplements: Vec<Supplement>,
    pub appendices: Vec<Appendix>,
}

/// The `<Law>` element, under the API's DataRoot wrapper or at the root.
pub fn law_of(root: &Element) -> Option<&Element> {
    root.find("Law")
}

pub fn expected(law: &Element) -> Expected {
    let body = law.child("LawBody");
    let mut articles = Vec::new();
    let mut supplements = Vec::new();
    let mut appendices = Vec::new();
    if let Some(body) = body {
        for c in body.elements() {
            if c.name == "MainProvision" {
                collect_articles(c, "", &mut articles);
            } else if c.name == "SupplProvision" {
                let anchor = format!("suppl-{}", supplements.len() + 1);
                let mut arts = Vec::new();
                collect_articles(c, &format!("{anchor}-"), &mut arts);
                supplements.push(Supplement {
                    label: c
                        .child("SupplProvisionLabel")
                        .map(|l| l.text())
                        .unwrap_or_default(),
                    amend: c.attr("AmendLawNum").map(str::to_string),
                    extract: c.attr("Extract") == Some("true"),
                    paragraphs: c.children_named("Paragraph").count(),
                    articles: arts,
                    anchor,
                });
            } else if c.name.starts_with("Appdx") {
                let title = c
                    .elements()
                    .filter(|e| e.name.ends_with("Title") || e.name == "RelatedArticleNum")
                    .map(|e| e.text())
                    .collect();
                appendices.push(Appendix {
                    kind: c.name.clone(),
                    title,
                });
            }
        }
    }
    Expected {
        title: body
            .and_then(|b| b.child("LawTitle"))
            .map(|t| t.text())
            .unwrap_or_default(),
        number: law.child("LawNum").map(|n| n.text()).unwrap_or_default(),
        promulgated: promulgated(law),
        articles,
        supplements,
        appendices,
    }
}

fn promulgated(law: &Element) -> Option<String> {
    let base = match law.attr("Era")? {
        "Meiji" => 1867,
        "Taisho" => 1911,
        "Showa" => 1925,
        "Heisei" => 1988,
        "Reiwa" => 2018,
        _ => return None,
    };
    let year: i32 = law.attr("Year")?.parse().ok()?;
    let month: u32 = law.attr("PromulgateMonth")?.parse().ok()?;
    let day: u32 = law.attr("PromulgateDay")?.parse().ok()?;
    Some(format!("{:04}-{month:02}-{day:02}", base + year))
}

/// `12_2` → `12-2`.
pub fn num_path(num: &str) -> String {
    num.replace('_', "-")
}

/// A 号's part of an anchor: `3_2` → `3-2`; several 号 printed as one
/// (`一から三まで　略`, Num `1:3`) → `1to3`.
pub fn item_path(num: &str) -> String {
    num_path(num).replace(':', "to")
}

fn collect_articles(el: &Element, prefix: &str, out: &mut Vec<Article>) {
    for c in el.elements() {
        match c.name.as_str() {
            "Article" => out.extend(articles_of(c, prefix)),
            "Part" | "Chapter" | "Section" | "Subsection" | "Division" => {
                collect_articles(c, prefix, out)
            }
            _ => {}
        }
    }
}

/// Whether an article is 削除: a range, or its only sentence says so.
pub fn is_deleted(a: &Element) -> bool {
    let num = a.attr("Num").unwrap_or_default();
    if num.contains(':') {
        return true;
    }
    let paragraphs: Vec<&Element> = a.children_named("Paragraph").collect();
    paragraphs.len() == 1
        && paragraphs[0]
            .child("ParagraphSentence")
            .is_some_and(|s| crate::text::sentences(s).trim() == "削除")
}

/// The article numbers an Article element stands for: `55:63` is nine.
pub fn expand_num(num: &str) -> Vec<String> {
    if let Some((a, b)) = num.split_once(':')
        && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
        && a <= b
        && b - a < 1000
    {
        return (a..=b).map(|n| n.to_string()).collect();
    }
    match num.split_once(':') {
        Some((a, b)) => vec![a.to_string(), b.to_string()],
        None => vec![num.to_string()],
    }
}

fn articles_of(a: &Element, prefix: &str) -> Vec<Article> {
    let num = a.attr("Num").unwrap_or_default();
    let deleted = is_deleted(a);
    let nums = expand_num(num);
    let single = nums.len() == 1;
    nums.into_iter()
        .map(|n| {
            let anchor = format!("{prefix}art-{}", num_path(&n));
            let label = if single {
                a.child("ArticleTitle")
                    .map(|t| t.text())
                    .unwrap_or_default()
            } else {
                article_label(&n)
            };
            let paragraphs = a
                .children_named("Paragraph")
                .map(|p| paragraph(p, &anchor))
                .collect();
            Article {
                anchor,
                label,
                deleted,
                paragraphs,
            }
        })
        .collect()
}

fn paragraph(p: &Element, article: &str) -> Paragraph {
    let num = p.attr("Num").and_then(|n| n.parse().ok()).unwrap_or(1);
    let anchor = format!("{article}-p{num}");
    let items = p
        .children_named("Item")
        .map(|i| {
            let num = i.attr("Num").unwrap_or_default().to_string();
            Item {
                anchor: format!("{anchor}-i{}", item_path(&num)),
                subitems: count_subitems(i),
                num,
            }
        })
        .collect();
    Paragraph { num, anchor, items }
}

fn count_subitems(el: &Element) -> usize {
    el.elements()
        .filter(|c| is_paragraph_item(&c.name))
        .map(|c| 1 + count_subitems(c))
        .sum()
}

/// 第五十五条 for `55`, 第十二条の二 for `12_2`.
pub fn article_label(num: &str) -> String {
    let mut parts = num.split('_');
    let main = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut s = format!("第{}条", to_kanji(main));
    for b in parts {
        s.push('の');
        s.push_str(&to_kanji(b.parse().unwrap_or(0)));
    }
    s
}

pub fn to_kanji(mut n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return DIGITS[0].into();
    }
    let mut out = String::new();
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = n / unit;
        if d > 0 {
            if d > 1 {
                out.push_str(DIGITS[d as usize % 10]);
            }
            out.push_str(name);
        }
        n %= unit;
    }
    if n > 0 {
        out.push_str(DIGITS[n as usize]);
    }
    out
}

fn esc(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn article_json(a: &Article, out: &mut String, indent: &str) {
    let paragraphs: Vec<String> = a
        .paragraphs
        .iter()
        .map(|p| {
            let items: Vec<String> = p
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{{\"num\": {}, \"anchor\": {}, \"subitems\": {}}}",
                        esc(&i.num),
                        esc(&i.anchor),
                        i.subitems
                    )
                })
                .collect();
            format!(
                "{{\"num\": {}, \"anchor\": {}, \"items\": [{}]}}",
                p.num,
                esc(&p.anchor),
                items.join(", ")
            )
        })
        .collect();
    out.push_str(&format!(
        "{indent}{{\"anchor\": {}, \"label\": {}, \"deleted\": {}, \"paragraphs\": [{}]}}",
        esc(&a.anchor),
        esc(&a.label),
        a.deleted,
        paragraphs.join(", ")
    ));
}

/// Hand-written JSON (one article per line) so that the example needs no
/// JSON crate.
pub fn to_json(e: &Expected) -> String {
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"title\": {},\n", esc(&e.title)));
    out.push_str(&format!("  \"number\": {},\n", esc(&e.number)));
    out.push_str(&format!(
        "  \"promulgated\": {},\n",
        e.promulgated.as_deref().map_or("null".into(), esc)
    ));
    let deleted: Vec<String> = e
        .articles
        .iter()
        .filter(|a| a.deleted)
        .map(|a| esc(&a.anchor))
        .collect();
    out.push_str(&format!("  \"deleted\": [{}],\n", deleted.join(", ")));
    out.push_str("  \"articles\": [\n");
    for (i, a) in e.articles.iter().enumerate() {
        article_json(a, &mut out, "    ");
        out.push_str(if i + 1 < e.articles.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("  ],\n  \"supplements\": [\n");
    for (i, s) in e.supplements.iter().enumerate() {
        out.push_str(&format!(
            "    {{\"anchor\": {}, \"label\": {}, \"amend\": {}, \"extract\": {}, \"paragraphs\": {}, \"articles\": [",
            esc(&s.anchor),
            esc(&s.label),
            s.amend.as_deref().map_or("null".into(), esc),
            s.extract,
            s.paragraphs
        ));
        if !s.articles.is_empty() {
            out.push('\n');
            for (j, a) in s.articles.iter().enumerate() {
                article_json(a, &mut out, "      ");
                out.push_str(if j + 1 < s.articles.len() {
                    ",\n"
                } else {
                    "\n"
                });
            }
            out.push_str("    ");
        }
        out.push_str("]}");
        out.push_str(if i + 1 < e.supplements.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("  ],\n  \"appendices\": [");
    let apps: Vec<String> = e
        .appendices
        .iter()
        .map(|a| {
            format!(
                "{{\"kind\": {}, \"title\": {}}}",
                esc(&a.kind),
                esc(&a.title)
            )
        })
        .collect();
    out.push_str(&apps.join(", "));
    out.push_str("]\n}\n");
    out
}
