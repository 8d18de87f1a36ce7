//! Rules over the loaded model: every article mention and every link
//! resolves, numbers are unique, the 改定履歴 is in order.

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::Handbook;
use crate::content::crossref::{self, Context};
use crate::content::links;
use crate::content::regulation::{Article, Regulation, TextLine, articles_of};
use crate::content::structure::Style;
use crate::diag::Diagnostic;

pub fn run(hb: &Handbook) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for r in &hb.regulations {
        check_mentions(hb, r, &mut diags);
        check_history(hb, r, &mut diags);
        for line in all_lines(r) {
            check_links_in_text(hb, &r.file, line, &mut diags);
        }
    }
    for (i, r) in hb.regulations.iter().enumerate() {
        let Some(number) = &r.number else { continue };
        if let Some(first) = hb.regulations[..i]
            .iter()
            .find(|o| o.number.as_ref() == Some(number))
        {
            let line = line_of(hb, &r.file, "number:");
            diags.push(
                Diagnostic::error(
                    "E022",
                    &r.file,
                    format!("規程番号「{number}」 is also used by {}", first.file),
                )
                .at(line, 1)
                .snippet(source_line(hb, &r.file, line))
                .help("give each regulation its own number"),
            );
        }
    }
    for p in hb.pages.iter().chain(hb.front.iter()) {
        check_markdown_links(hb, &p.file, &p.markdown, p.body_first_line, &mut diags);
    }
    diags
}

fn source_line(hb: &Handbook, file: &str, line: usize) -> String {
    hb.sources
        .iter()
        .find(|s| s.rel == file)
        .map_or(String::new(), |s| s.line_text(line).to_string())
}

fn line_of(hb: &Handbook, file: &str, prefix: &str) -> usize {
    hb.sources
        .iter()
        .find(|s| s.rel == file)
        .and_then(|s| {
            s.text
                .lines()
                .position(|l| l.trim_start().starts_with(prefix))
        })
        .map_or(1, |i| i + 1)
}

/// Every text line of a regulation, main provisions and 附則.
fn all_lines(r: &Regulation) -> impl Iterator<Item = &TextLine> {
    let scopes =
        std::iter::once(&r.body.blocks).chain(r.body.supplements.iter().map(|s| &s.blocks));
    r.body.preamble.iter().chain(scopes.flat_map(|blocks| {
        articles_of(blocks).flat_map(|a| {
            a.paragraphs.iter().flat_map(|p| {
                p.lines
                    .iter()
                    .chain(p.items.iter().flat_map(|i| i.lines.iter()))
            })
        })
    }))
}

fn check_mentions(hb: &Handbook, r: &Regulation, diags: &mut Vec<Diagnostic>) {
    if r.body.style != Style::Articles {
        return;
    }
    let numbered: Vec<&Article> = r.body.articles().filter(|a| a.number().is_some()).collect();
    for (index, a) in numbered.iter().enumerate() {
        for p in &a.paragraphs {
            let ctx = Context {
                articles: &numbered,
                current: index,
                paragraph: p.number,
            };
            let lines = p
                .lines
                .iter()
                .chain(p.items.iter().flat_map(|i| i.lines.iter()));
            for line in lines {
                for m in crossref::find(&line.text) {
                    if let Err(why) = crossref::resolve(&m.target, &ctx) {
                        let (l, c) = line.position(m.range.start);
                        diags.push(
                            Diagnostic::error(
                                "E030",
                                &r.file,
                                format!("「{}」 points nowhere: {why}", &line.text[m.range.clone()]),
                            )
                            .at(l, c)
                            .snippet(source_line(hb, &r.file, l))
                            .help(
                                "fix the number; if it is another law's article, write the law's name \
                                 before it (e.g. 個人情報保護法第二十六条)",
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn check_history(hb: &Handbook, r: &Regulation, diags: &mut Vec<Diagnostic>) {
    for pair in r.history.windows(2) {
        if pair[1].date < pair[0].date {
            let line = line_of(hb, &r.file, &format!("- date: {}", pair[1].date));
            diags.push(
                Diagnostic::warning(
                    "W001",
                    &r.file,
                    format!(
                        "改定履歴 is out of order: {} comes after {}",
                        pair[1].date, pair[0].date
                    ),
                )
                .at(line, 1)
                .help("list the 改定履歴 oldest first"),
            );
        }
    }
}

fn check_links_in_text(hb: &Handbook, file: &str, line: &TextLine, diags: &mut Vec<Diagnostic>) {
    for (event, range) in Parser::new(&line.text).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Err((message, help)) = links::resolve(&dest_url, hb)
        {
            let (l, c) = line.position(range.start);
            diags.push(
                Diagnostic::error("E031", file, message)
                    .at(l, c)
                    .snippet(source_line(hb, file, l))
                    .help(help),
            );
        }
    }
}

fn check_markdown_links(
    hb: &Handbook,
    file: &str,
    markdown: &str,
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    for (event, range) in
        Parser::new_ext(markdown, crate::render::markdown::options()).into_offset_iter()
    {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Err((message, help)) = links::resolve(&dest_url, hb)
        {
            let before = &markdown[..range.start];
            let line = first_line + before.matches('\n').count();
            let col = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
            diags.push(
                Diagnostic::error("E031", file, message)
                    .at(line, col)
                    .snippet(markdown.lines().nth(line - first_line).unwrap_or(""))
                    .help(help),
            );
        }
    }
}
