//! Resolving a mention of an article (第N条, 前条, 前項, 前号 …) from where
//! it stands in the regulation: linked when it certainly means this
//! regulation's article and that article exists; broken when it certainly
//! means this regulation's and points nowhere; uncertain (shown unlinked,
//! warned about) when it may mean another act's; dropped when it certainly
//! means another act's.
//!
//! Where it stands decides what 第N条 means:
//! - the main provisions, and an appendix after them: the main provisions'
//!   article;
//! - the original 附則 (the first, when its heading names no act): the main
//!   provisions' article (a 附則 calls its own 附則第N条), or the 附則's own
//!   when only it has that number (old laws number them on from the main
//!   provisions);
//! - an amending act's 附則 (every later one, or one whose heading names an
//!   act: `附　則　（平成一五年五月三〇日法律第六一号）`): the amending act's
//!   own article, which is not in this text: dropped.
//!
//! 前条 and 次条 step through the articles of the part the text stands in,
//! and only to a neighbour in numbering (an excerpted 附則 leaves articles
//! out); 前項, 前各項, 第M項 stay in the article, 前号 and 前各号 in the 項.

use crate::content::crossref::{Doubt, Mention, Target};
use crate::content::regulation::{
    Article, Block, Body, Outcome, Paragraph, Ref, Supplement, TextLine, Why,
};
use crate::content::structure::{ArticleNumber, Style};

/// What a mention needs to know of an article: owned, so that the lines
/// can be filled in while the outline is read.
#[derive(Debug, Clone)]
struct Art {
    number: Option<ArticleNumber>,
    label: String,
    anchor: String,
    paragraphs: Vec<Para>,
}

#[derive(Debug, Clone)]
struct Para {
    number: u32,
    anchor: String,
    /// Top-level items (号): number, branches, anchor.
    items: Vec<(u32, Vec<u32>, Option<String>)>,
}

fn outline(blocks: &[Block]) -> Vec<Art> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Article(a) => Some(art(a)),
            Block::Heading { .. } => None,
        })
        .collect()
}

fn art(a: &Article) -> Art {
    Art {
        number: a.number().cloned(),
        label: a.label.clone(),
        anchor: a.anchor.clone(),
        paragraphs: a
            .paragraphs
            .iter()
            .map(|p| Para {
                number: p.number,
                anchor: p.anchor.clone(),
                items: p
                    .items
                    .iter()
                    .filter(|i| i.depth == 0)
                    .map(|i| (i.number, i.branches.clone(), i.anchor.clone()))
                    .collect(),
            })
            .collect(),
    }
}

/// The part of the body a text stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Main,
    /// The law's own 附則.
    Original,
    /// An amending act's 附則.
    Amending,
    /// 別表, 様式 …; `amending`: inside an amending act's 附則.
    Appendix {
        amending: bool,
    },
}

/// Where a mention stands.
struct Context<'a> {
    part: Part,
    /// The main provisions' numbered articles.
    main: &'a [&'a Art],
    /// The numbered articles of the part it stands in, where 前条/次条 step.
    local: &'a [&'a Art],
    /// The article (numbered or not) the text stands in, and its index
    /// into `local` when numbered.
    here: &'a Art,
    current: Option<usize>,
    /// Index into `here.paragraphs`.
    paragraph: usize,
    /// Index into that paragraph's top-level items, for text in a 号.
    item: Option<usize>,
    /// In an excerpted (抄) 附則: what is not printed may have been left out.
    excerpt: bool,
}

fn why(ja: impl Into<String>, en: impl Into<String>) -> Why {
    Why::new(ja, en)
}

fn doubt_why(d: Doubt, mention: &str) -> Why {
    match d {
        Doubt::OtherLaw => why(
            format!(
                "同じ文の前のほうに他の法令の名があるため、「{mention}」がこの規程の条項か、その法令の条項か確かめられません"
            ),
            format!(
                "another law is named earlier in the sentence, so 「{mention}」 may be that law's"
            ),
        ),
        Doubt::Parenthesis => why(
            format!(
                "括弧の前の条の項か、この条の項か、「{mention}」がどちらを指すか確かめられません"
            ),
            format!(
                "「{mention}」 may be a 項 of the article before the parenthesis, or of this one"
            ),
        ),
        Doubt::Antecedent => why(
            format!("「{mention}」が指す条項（前に出た条項）がはっきりしません"),
            format!("it is not clear which earlier mention 「{mention}」 stands for"),
        ),
    }
}

fn paragraph_anchor(a: &Art, p: Option<u32>) -> Outcome {
    match p {
        None => Outcome::Linked(a.anchor.clone()),
        Some(n) => match a.paragraphs.iter().find(|x| x.number == n) {
            Some(x) => Outcome::Linked(x.anchor.clone()),
            None => Outcome::Broken(why(
                format!("{}に第{n}項はありません", a.label),
                format!("{} has no 第{n}項", a.label),
            )),
        },
    }
}

fn no_article(number: &ArticleNumber) -> Why {
    why(
        format!("この規程に{}はありません", number.label()),
        format!("this regulation has no {}", number.label()),
    )
}

/// Whether `to` can be the article just before (`step` < 0) or after
/// `from` in numbering: 第三十二条 → 第三十二条の二 → 第三十三条.
fn adjacent(from: &Art, to: &Art, step: i32) -> bool {
    let (Some(f), Some(t)) = (&from.number, &to.number) else {
        return false;
    };
    let (a, b) = if step < 0 { (t, f) } else { (f, t) };
    a < b && (b.main == a.main || a.main.checked_add(1) == Some(b.main))
}

/// What a mention in `text` means where it stands; `None` when it is
/// another act's. In an excerpted 附則, pointing nowhere may only mean
/// that the article or 項 was left out of the print: uncertain.
fn resolve(m: &Mention, text: &str, ctx: &Context) -> Option<Outcome> {
    match resolve_here(m, text, ctx)? {
        Outcome::Broken(w) if ctx.excerpt => Some(Outcome::Uncertain(why(
            format!("{}（抄録の附則なので、省かれた条項かもしれません）", w.ja),
            format!(
                "{} (the 附則 is excerpted: it may have been left out)",
                w.en
            ),
        ))),
        other => Some(other),
    }
}

fn resolve_here(m: &Mention, text: &str, ctx: &Context) -> Option<Outcome> {
    let mention = text.get(m.range.clone()).unwrap_or_default();
    let appendix = matches!(ctx.part, Part::Appendix { .. });
    let unclear_in_appendix = || {
        Outcome::Uncertain(why(
            format!("別表・様式の中の「{mention}」が、どの条項から数えたものか定まりません"),
            format!("「{mention}」 in an appendix has no article or 項 to count from"),
        ))
    };
    let amending = matches!(ctx.part, Part::Amending | Part::Appendix { amending: true });
    if let Some(d) = m.doubt {
        // In an amending act's 附則 a 第N条 is that act's in any case.
        if amending && matches!(m.target, Target::Article { .. } | Target::TooLarge) {
            return None;
        }
        return Some(Outcome::Uncertain(doubt_why(d, mention)));
    }
    Some(match &m.target {
        Target::TooLarge if amending => return None,
        Target::TooLarge => Outcome::Broken(why(
            format!("「{mention}」の番号は大きすぎて、条や項の番号として読めません"),
            format!("the number in 「{mention}」 is too large to be an article's or a 項's"),
        )),
        Target::Article { number, paragraph } => {
            let in_main = ctx.main.iter().find(|a| a.number.as_ref() == Some(number));
            match ctx.part {
                Part::Amending | Part::Appendix { amending: true } => return None,
                Part::Main | Part::Appendix { amending: false } => match in_main {
                    Some(a) => paragraph_anchor(a, *paragraph),
                    None => Outcome::Broken(no_article(number)),
                },
                Part::Original => {
                    let own = ctx.local.iter().find(|a| a.number.as_ref() == Some(number));
                    // A 附則 calls its own articles 附則第N条; a bare 第N条 is
                    // the main provisions'. Old laws number the 附則's articles
                    // on from the main ones (労働基準法 第百二十九条…): a number
                    // only the 附則 has is its own.
                    match in_main.or(own) {
                        Some(a) => paragraph_anchor(a, *paragraph),
                        None => Outcome::Broken(no_article(number)),
                    }
                }
            }
        }
        Target::RelativeArticle { .. } if appendix => unclear_in_appendix(),
        Target::RelativeArticle { offset, paragraph } => {
            let Some(here) = ctx.current else {
                return Some(Outcome::Broken(why(
                    format!("条の外なので「{mention}」が指す条がありません"),
                    format!("「{mention}」 stands outside any article"),
                )));
            };
            let there = usize::try_from(here as i64 + i64::from(*offset))
                .ok()
                .and_then(|i| ctx.local.get(i));
            match there {
                Some(a) if adjacent(ctx.local[here], a, *offset) => paragraph_anchor(a, *paragraph),
                Some(a) => Outcome::Uncertain(why(
                    format!(
                        "「{mention}」の隣に載っているのは{}で、番号が続いていません（条が省かれています）",
                        a.label
                    ),
                    format!(
                        "the article printed next to it is {}, not the next in numbering (articles are left out)",
                        a.label
                    ),
                )),
                None if *offset < 0 => Outcome::Broken(why(
                    "最初の条なので「前条」がありません",
                    "this is the first article: there is no 前条",
                )),
                None => Outcome::Broken(why(
                    "最後の条なので「次条」がありません",
                    "this is the last article: there is no 次条",
                )),
            }
        }
        _ if appendix => unclear_in_appendix(),
        Target::RelativeParagraph(offset) => {
            let here = ctx.here.paragraphs.get(ctx.paragraph)?;
            let n = i64::from(here.number) + i64::from(*offset);
            match u32::try_from(n).ok().filter(|&n| n > 0) {
                Some(n) => paragraph_anchor(ctx.here, Some(n)),
                None => Outcome::Broken(why(
                    "第1項なので「前項」がありません",
                    "this is the first 項: there is no 前項",
                )),
            }
        }
        Target::PrecedingParagraphs => {
            if ctx.paragraph == 0 {
                Outcome::Broken(why(
                    "第1項なので「前各項」がありません",
                    "this is the first 項: there is no 前各項",
                ))
            } else {
                Outcome::Linked(ctx.here.paragraphs[0].anchor.clone())
            }
        }
        Target::Paragraph(n) => paragraph_anchor(ctx.here, Some(*n)),
        Target::RelativeItem(_) | Target::PrecedingItems => {
            let items = &ctx.here.paragraphs.get(ctx.paragraph)?.items;
            let Some(k) = ctx.item else {
                return Some(Outcome::Uncertain(why(
                    format!("号の外にある「{mention}」が、どの号から数えたものか定まりません"),
                    format!("「{mention}」 stands outside any 号"),
                )));
            };
            let at = match &m.target {
                Target::RelativeItem(o) => usize::try_from(k as i64 + i64::from(*o)).ok(),
                _ => (k > 0).then_some(0),
            };
            match at.and_then(|i| items.get(i)) {
                Some((_, _, Some(anchor))) => Outcome::Linked(anchor.clone()),
                _ => Outcome::Broken(why(
                    format!("「{mention}」に当たる号がありません"),
                    format!("there is no 号 that 「{mention}」 can mean"),
                )),
            }
        }
        Target::Item { of, item } => {
            let inner = Mention {
                range: m.range.clone(),
                target: (**of).clone(),
                doubt: None,
            };
            let paragraph = match resolve_here(&inner, text, ctx)? {
                Outcome::Linked(anchor) => anchor,
                other => return Some(other),
            };
            let found = std::iter::once(ctx.here)
                .chain(ctx.main.iter().copied())
                .chain(ctx.local.iter().copied())
                .flat_map(|a| a.paragraphs.iter())
                .find(|p| p.anchor == paragraph)
                .and_then(|p| {
                    p.items
                        .iter()
                        .find(|(n, b, _)| n == item && b.is_empty())
                        .and_then(|(_, _, a)| a.clone())
                });
            match found {
                Some(anchor) => Outcome::Linked(anchor),
                None => Outcome::Broken(why(
                    format!("「{mention}」が指す第{item}号がありません"),
                    format!("there is no 第{item}号 for 「{mention}」"),
                )),
            }
        }
        Target::OwnItem(k) => {
            let items = &ctx.here.paragraphs.get(ctx.paragraph)?.items;
            match items.iter().find(|(n, b, _)| n == k && b.is_empty()) {
                Some((_, _, Some(anchor))) => Outcome::Linked(anchor.clone()),
                // 第K号 alone was not checked as a mention: it may be
                // another list's.
                _ => Outcome::Uncertain(why(
                    format!("この項に第{k}号がないので、「{mention}」が指す号がはっきりしません"),
                    format!("this 項 has no 第{k}号, so it is not clear what 「{mention}」 means"),
                )),
            }
        }
        Target::Same => Outcome::Uncertain(doubt_why(Doubt::Antecedent, mention)),
    })
}

/// [`resolve_body`] on a body that may be shared: one already resolved
/// (the preview's kept parse) is left as it is, never copied.
pub fn resolve_shared(body: &mut std::sync::Arc<Body>) {
    if !body.resolved {
        resolve_body(std::sync::Arc::make_mut(body));
    }
}

/// Fills in `refs` of every text line of `body` (main provisions, each
/// 附則 and every appendix): each mention found in the line that may be
/// this regulation's, with what it turned out to be. Only the 条文 style
/// has 第N条 of its own: in a section-style body every mention is
/// uncertain (it can only be another regulation's).
pub fn resolve_body(body: &mut Body) {
    if body.resolved {
        return;
    }
    body.resolved = true;
    body.links = super::body_links(body);
    if body.style != Style::Articles {
        return sections_body(body);
    }
    let main = outline(&body.blocks);
    let main_numbered: Vec<&Art> = main.iter().filter(|a| a.number.is_some()).collect();
    resolve_outlined(&mut body.blocks, &main, Part::Main, &main_numbered, false);
    for (i, s) in body.supplements.iter_mut().enumerate() {
        let amending = amends(i, s);
        let part = if amending {
            Part::Amending
        } else {
            Part::Original
        };
        let excerpt = s.excerpt();
        resolve_blocks(&mut s.blocks, part, &main_numbered, excerpt);
        for a in &mut s.appendices {
            resolve_blocks(
                &mut a.blocks,
                Part::Appendix { amending },
                &main_numbered,
                excerpt,
            );
        }
    }
    for a in &mut body.appendices {
        resolve_blocks(
            &mut a.blocks,
            Part::Appendix { amending: false },
            &main_numbered,
            false,
        );
    }
}

fn sections_body(body: &mut Body) {
    let scopes = std::iter::once(&mut body.blocks)
        .chain(body.supplements.iter_mut().map(|s| &mut s.blocks))
        .chain(body.appendices.iter_mut().map(|a| &mut a.blocks));
    for blocks in scopes {
        for block in blocks.iter_mut() {
            let Block::Article(a) = block else { continue };
            for p in &mut a.paragraphs {
                for line in paragraph_lines_mut(p) {
                    line.refs = line
                        .mentions()
                        .into_iter()
                        .map(|m| {
                            let mention = &line.text[m.range.clone()];
                            Ref {
                                outcome: Outcome::Uncertain(why(
                                    format!("この規程は条ではなく番号付きの節で書かれているので、「{mention}」が指す条がありません。他の規程の条なら、その規程へのリンク（reg:ID#第N条）にしてください"),
                                    format!("this regulation is written in numbered sections, not articles, so 「{mention}」 has nothing to point to; if it is another regulation's article, link to it (reg:ID#第N条)"),
                                )),
                                range: m.range,
                            }
                        })
                        .collect();
                }
            }
        }
    }
}

fn paragraph_lines_mut(p: &mut Paragraph) -> Vec<&mut TextLine> {
    fn tables(t: &mut [crate::content::regulation::Table]) -> impl Iterator<Item = &mut TextLine> {
        t.iter_mut()
            .flat_map(|t| t.rows.iter_mut().flatten().flat_map(|c| c.lines.iter_mut()))
    }
    let mut out: Vec<&mut TextLine> = Vec::new();
    out.extend(p.lines.iter_mut());
    out.extend(tables(&mut p.tables));
    for item in &mut p.items {
        out.extend(item.lines.iter_mut());
        out.extend(tables(&mut item.tables));
    }
    out
}

/// Whether the `i`th 附則 is an amending act's: every one but the first, and
/// the first too when its heading names an act by its number.
fn amends(i: usize, s: &Supplement) -> bool {
    i > 0 || s.names_an_act()
}

fn resolve_blocks(blocks: &mut [Block], part: Part, main: &[&Art], excerpt: bool) {
    let arts = outline(blocks);
    resolve_outlined(blocks, &arts, part, main, excerpt);
}

/// [`resolve_blocks`] with the [`outline`] of `blocks` already made (the
/// main provisions': it is also what every part's mentions of the main
/// provisions look in).
fn resolve_outlined(blocks: &mut [Block], arts: &[Art], part: Part, main: &[&Art], excerpt: bool) {
    let local: Vec<&Art> = arts.iter().filter(|a| a.number.is_some()).collect();
    let mut k = 0;
    for block in blocks.iter_mut() {
        let Block::Article(a) = block else { continue };
        let here = &arts[k];
        k += 1;
        let current = local.iter().position(|x| std::ptr::eq(*x, here));
        for (pi, p) in a.paragraphs.iter_mut().enumerate() {
            let ctx = |item| Context {
                part,
                main,
                local: &local,
                here,
                current,
                paragraph: pi,
                item,
                excerpt,
            };
            resolve_paragraph(p, &ctx);
        }
    }
}

fn resolve_paragraph<'a>(p: &mut Paragraph, ctx: &dyn Fn(Option<usize>) -> Context<'a>) {
    let own = ctx(None);
    for line in p.lines.iter_mut() {
        fill(line, &own);
    }
    for t in &mut p.tables {
        for line in t.rows.iter_mut().flatten().flat_map(|c| c.lines.iter_mut()) {
            fill(line, &own);
        }
    }
    let mut top: Option<usize> = None;
    for item in &mut p.items {
        if item.depth == 0 {
            top = Some(top.map_or(0, |k| k + 1));
        }
        let at = ctx(top);
        for line in item.lines.iter_mut() {
            fill(line, &at);
        }
        for t in &mut item.tables {
            for line in t.rows.iter_mut().flatten().flat_map(|c| c.lines.iter_mut()) {
                fill(line, &at);
            }
        }
    }
}

fn fill(line: &mut TextLine, ctx: &Context) {
    let mentions = line.mentions();
    // Room for every mention: most resolve to a ref, and a Vec collected
    // from a filter starts with room for four and is then shrunk.
    let mut refs = Vec::with_capacity(mentions.len());
    refs.extend(mentions.into_iter().filter_map(|m| {
        resolve(&m, &line.text, ctx).map(|outcome| Ref {
            range: m.range,
            outcome,
        })
    }));
    // Kept for the whole build: no spare room (at 1,000 regulations the
    // spare room was 16 MiB).
    refs.shrink_to_fit();
    line.refs = refs;
}

/// The text lines of a paragraph: its own, its tables', then its items'.
pub fn paragraph_lines(p: &Paragraph) -> impl Iterator<Item = &TextLine> {
    p.text_lines()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::regulation::parse_body;
    use crate::source::SourceFile;

    fn resolved(text: &str) -> Body {
        let file = SourceFile::new("r.md".into(), "r.md".into(), text.into());
        let (mut body, _) = parse_body(&file, text, 1);
        resolve_body(&mut body);
        body
    }

    /// Each mention of a line: its text, and the anchor (`Ok`) or whether
    /// it is broken (`Err("broken")`) or uncertain (`Err("uncertain")`).
    fn outcomes(line: &TextLine) -> Vec<(&str, Result<String, &'static str>)> {
        line.refs
            .iter()
            .map(|r| {
                let o = match &r.outcome {
                    Outcome::Linked(a) => Ok(a.clone()),
                    Outcome::Broken(_) => Err("broken"),
                    Outcome::Uncertain(_) => Err("uncertain"),
                };
                (&line.text[r.range.clone()], o)
            })
            .collect()
    }

    fn ok(a: &str) -> Result<String, &'static str> {
        Ok(a.to_string())
    }

    #[test]
    fn every_mention_is_resolved_once_on_its_line() {
        let body = resolved(
            "第１条　甲\n２　乙\n第２条　第１条第２項及び前条による。\n２　前項の場合\n第３条　第９条\n",
        );
        let arts: Vec<&Article> = body.articles().collect();
        assert_eq!(
            outcomes(&arts[1].paragraphs[0].lines[0]),
            vec![("第１条第２項", ok("art-1-p2")), ("前条", ok("art-1"))]
        );
        assert_eq!(
            outcomes(&arts[1].paragraphs[1].lines[0]),
            vec![("前項", ok("art-2-p1"))]
        );
        assert_eq!(
            outcomes(&arts[2].paragraphs[0].lines[0]),
            vec![("第９条", Err("broken"))]
        );
    }

    #[test]
    fn a_section_style_body_has_no_articles_to_point_to() {
        let body = resolved("1. 目的\n第１条に定める。個人情報保護法第２条による。\n");
        let a = body.articles().next().unwrap();
        assert_eq!(
            outcomes(&a.paragraphs[0].lines[0]),
            [("第１条", Err("uncertain"))]
        );
    }

    fn all_outcomes(body: &Body) -> Vec<(String, Result<String, &'static str>)> {
        let mut out = Vec::new();
        let blocks = body
            .all_blocks()
            .filter_map(|b| match b {
                Block::Article(a) => Some(a),
                _ => None,
            })
            .flat_map(|a| a.paragraphs.iter().flat_map(paragraph_lines));
        for line in blocks {
            for (m, o) in outcomes(line) {
                out.push((m.to_string(), o));
            }
        }
        out
    }

    #[test]
    fn an_amending_acts_supplement_speaks_of_that_acts_articles() {
        let body = resolved(
            "第一条　甲\n第二条　乙\n第三条　丙\n\n附　則\n第一条　この法律は、第三条の日から施行する。\n\n附　則　（平成一五年五月三〇日法律第六一号）　抄\n第一条　第三条の規定は、次条の日から施行する。\n第二条　前条による。\n",
        );
        let got = all_outcomes(&body);
        assert_eq!(
            got,
            [
                // The law's own 附則: the main provisions' 第三条.
                ("第三条".to_string(), ok("art-3")),
                // The amending act's 第三条 is not in this text: no ref at all.
                ("次条".to_string(), ok("suppl-2-art-2")),
                ("前条".to_string(), ok("suppl-2-art-1")),
            ]
        );
        // Every 附則 after the first amends, even without a note.
        let body = resolved("第一条　甲\n附　則\n施行する。\n附　則\n第一条の規定は、施行する。\n");
        assert!(all_outcomes(&body).is_empty());
    }

    #[test]
    fn the_original_supplement_has_articles_of_its_own_numbering() {
        // Old laws number the 附則's articles on from the main ones.
        let body = resolved(
            "第一条　甲\n\n附　則\n第百二十九条　施行する。\n第百三十条　第百二十九条及び第一条による。\n",
        );
        assert_eq!(
            all_outcomes(&body),
            [
                ("第百二十九条".to_string(), ok("suppl-1-art-129")),
                ("第一条".to_string(), ok("art-1")),
            ]
        );
    }

    #[test]
    fn an_excerpted_supplement_does_not_step_over_what_it_left_out() {
        let body = resolved(
            "第一条　甲\n附　則　（令和二年法律第一号）　抄\n第一条　施行する。\n第八条　前条の規定による。\n第九条　前条の規定による。\n２　前項の規定による。\n５　第四項の規定による。\n",
        );
        assert_eq!(
            all_outcomes(&body),
            [
                ("前条".to_string(), Err("uncertain")),
                ("前条".to_string(), ok("suppl-1-art-8")),
                ("前項".to_string(), ok("suppl-1-art-9-p1")),
                ("第四項".to_string(), Err("uncertain")),
            ]
        );
    }

    #[test]
    fn certain_uncertain_and_broken() {
        let body = resolved(
            "第一条　甲\n第二条　個人情報保護法の規定により読み替えて適用する第一条\n第三条　第二十条及び第4294967296条並びに第十万条\n",
        );
        assert_eq!(
            all_outcomes(&body),
            [
                ("第一条".to_string(), Err("uncertain")),
                ("第二十条".to_string(), Err("broken")),
                ("第4294967296条".to_string(), Err("broken")),
                ("第十万条".to_string(), Err("broken")),
            ]
        );
    }

    #[test]
    fn items_and_paragraphs_counted_from_where_the_text_stands() {
        let body = resolved(
            "第一条　甲\n２　乙\n３　前各項の規定は、次に掲げる場合に限る。\n  一　甲\n  二　前号に掲げるもの\n  三　前各号に掲げるもののほか、第二号に準ずるもの及び同号の者\n４　前号の者\n",
        );
        assert_eq!(
            all_outcomes(&body),
            [
                ("前各項".to_string(), ok("art-1-p1")),
                ("前号".to_string(), ok("art-1-p3-i1")),
                ("前各号".to_string(), ok("art-1-p3-i1")),
                ("同号".to_string(), ok("art-1-p3-i2")),
                ("前号".to_string(), Err("uncertain")),
            ]
        );
    }

    #[test]
    fn appendices_and_tables() {
        let body = resolved(
            "第一条　甲\n２　乙\n第二条　次の表による。\n  * - 第一条第二項の届出\n    - 前項の者\n\n附　則\n施行する。\n\n# 別表（第一条関係）\n\n  * - 第一条第二項の規定による者\n    - 前条の者\n",
        );
        assert_eq!(
            all_outcomes(&body),
            [
                // A table that is not a 読替え table: its cells are read.
                ("第一条第二項".to_string(), ok("art-1-p2")),
                ("前項".to_string(), Err("broken")),
                // In an appendix, 第N条 is the main provisions'; 前条 has
                // nothing to count from.
                ("第一条第二項".to_string(), ok("art-1-p2")),
                ("前条".to_string(), Err("uncertain")),
            ]
        );
    }
}
