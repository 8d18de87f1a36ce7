//! Resolving a mention of an article (第N条, 前条, 前項 …) to the anchor it
//! points to, from where it stands in the regulation.

use crate::content::crossref::Target;
use crate::content::regulation::{Article, Block, Body, Paragraph, Ref, TextLine, articles_of};
use crate::content::structure::Style;

/// Where a mention stands: the numbered articles of the main provisions, and
/// the article and paragraph the text belongs to.
pub struct Context<'a> {
    /// The main provisions' numbered articles: what 第N条 means everywhere,
    /// in a 附則 too.
    pub articles: &'a [&'a Article],
    /// The articles `current` indexes into, where 前条/次条 step: the main
    /// provisions, or the 附則 the text stands in.
    pub local: &'a [&'a Article],
    /// Index into `local`; `None` for text outside any numbered article.
    pub current: Option<usize>,
    pub paragraph: u32,
}

fn paragraph_anchor(a: &Article, p: Option<u32>) -> Result<String, String> {
    match p {
        None => Ok(a.anchor.clone()),
        Some(n) => a
            .paragraphs
            .iter()
            .find(|x| x.number == n)
            .map(|x| x.anchor.clone())
            .ok_or_else(|| format!("{}に第{}項はありません", a.label, n)),
    }
}

/// The anchor a mention points to, or why it points nowhere.
pub fn resolve(target: &Target, ctx: &Context) -> Result<String, String> {
    let current = ctx.current.and_then(|i| ctx.local.get(i));
    match target {
        Target::Article { number, paragraph } => {
            let a = ctx
                .articles
                .iter()
                .find(|a| a.number() == Some(number))
                .ok_or_else(|| format!("この規程に{}はありません", number.label()))?;
            paragraph_anchor(a, *paragraph)
        }
        Target::RelativeArticle { offset, paragraph } => {
            let here = ctx
                .current
                .ok_or("条の外なので「前条」「次条」は使えません")?;
            let i = here as i64 + i64::from(*offset);
            let a = usize::try_from(i)
                .ok()
                .and_then(|i| ctx.local.get(i))
                .ok_or_else(|| {
                    if *offset < 0 {
                        "最初の条なので「前条」がありません".to_string()
                    } else {
                        "最後の条なので「次条」がありません".to_string()
                    }
                })?;
            paragraph_anchor(a, *paragraph)
        }
        Target::RelativeParagraph(offset) => {
            let a = current.ok_or("条の外です")?;
            let n = i64::from(ctx.paragraph) + i64::from(*offset);
            let n = u32::try_from(n).map_err(|_| "前項がありません".to_string())?;
            if n == 0 {
                return Err("第1項なので「前項」がありません".to_string());
            }
            paragraph_anchor(a, Some(n))
        }
        Target::Paragraph(n) => paragraph_anchor(current.ok_or("条の外です")?, Some(*n)),
    }
}

/// Fills in `refs` of every text line of the articles of `body` (main
/// provisions and 附則): each mention found in the line, with the anchor it
/// points to or why it points nowhere. Only the 条文 style has 第N条 of its
/// own; a section-style body gets no refs.
pub fn resolve_body(body: &mut Body) {
    if body.style != Style::Articles {
        return;
    }
    // Worked out on the unchanged body, then stored in the same walk order.
    let mut found: Vec<Vec<Ref>> = Vec::new();
    {
        let main: Vec<&Article> = body.articles().filter(|a| a.number().is_some()).collect();
        for (blocks, _) in body.scopes() {
            let local: Vec<&Article> = articles_of(blocks)
                .filter(|a| a.number().is_some())
                .collect();
            for a in articles_of(blocks) {
                let current = local.iter().position(|x| std::ptr::eq(*x, a));
                for p in &a.paragraphs {
                    let ctx = Context {
                        articles: &main,
                        local: &local,
                        current,
                        paragraph: p.number,
                    };
                    for line in paragraph_lines(p) {
                        let refs = line
                            .mentions()
                            .into_iter()
                            .map(|m| Ref {
                                outcome: resolve(&m.target, &ctx),
                                range: m.range,
                            })
                            .collect();
                        found.push(refs);
                    }
                }
            }
        }
    }
    let mut found = found.into_iter();
    let scopes =
        std::iter::once(&mut body.blocks).chain(body.supplements.iter_mut().map(|s| &mut s.blocks));
    for blocks in scopes {
        for block in blocks.iter_mut() {
            let Block::Article(a) = block else { continue };
            for p in &mut a.paragraphs {
                let lines = p
                    .lines
                    .iter_mut()
                    .chain(p.items.iter_mut().flat_map(|i| i.lines.iter_mut()));
                for line in lines {
                    line.refs = found.next().unwrap_or_default();
                }
            }
        }
    }
}

/// The text lines of a paragraph: its own, then its items'.
pub fn paragraph_lines(p: &Paragraph) -> impl Iterator<Item = &TextLine> {
    p.lines
        .iter()
        .chain(p.items.iter().flat_map(|i| i.lines.iter()))
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

    fn outcomes(line: &TextLine) -> Vec<(&str, Result<String, String>)> {
        line.refs
            .iter()
            .map(|r| (&line.text[r.range.clone()], r.outcome.clone()))
            .collect()
    }

    #[test]
    fn every_mention_is_resolved_once_on_its_line() {
        let body = resolved(
            "第１条　甲\n２　乙\n第２条　第１条第２項及び前条による。\n２　前項の場合\n第３条　第９条\n",
        );
        let arts: Vec<&Article> = body.articles().collect();
        assert_eq!(
            outcomes(&arts[1].paragraphs[0].lines[0]),
            vec![
                ("第１条第２項", Ok("art-1-p2".to_string())),
                ("前条", Ok("art-1".to_string())),
            ]
        );
        assert_eq!(
            outcomes(&arts[1].paragraphs[1].lines[0]),
            vec![("前項", Ok("art-2-p1".to_string()))]
        );
        let broken = outcomes(&arts[2].paragraphs[0].lines[0]);
        assert_eq!(broken.len(), 1);
        assert!(broken[0].1.is_err(), "{broken:?}");
    }

    #[test]
    fn a_section_style_body_has_no_refs() {
        let body = resolved("1. 目的\n第１条に定める。\n");
        let a = body.articles().next().unwrap();
        assert!(a.paragraphs[0].lines[0].refs.is_empty());
    }
}
