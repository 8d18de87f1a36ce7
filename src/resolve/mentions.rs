//! Resolving a mention of an article (第N条, 前条, 前項 …) to the anchor it
//! points to, from where it stands in the regulation.

use crate::content::crossref::Target;
use crate::content::regulation::Article;

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
