//! Prints a law from its XML in the text form of the laws corpus
//! (`../shared/corpus/laws/*/*.txt`, e-Gov's text as exported by Lawtext):
//! title, （法令番号）, 目次, headings indented by rank, `（見出し）` lines,
//! `第一条　…`, `２　…`, 号 two spaces deeper per level, tables as `* - `
//! rows, 附則 blocks and 別表.

use crate::xml::Element;

/// One level of indentation in the exported text: two half-width spaces.
const INDENT: &str = "  ";
/// Between a number and its text, and between columns.
const MARGIN: char = '\u{3000}';

pub struct Printer {
    lines: Vec<String>,
}

pub fn print(law: &Element) -> String {
    let mut p = Printer { lines: Vec::new() };
    p.law(law);
    while p.lines.last().is_some_and(|l| l.is_empty()) {
        p.lines.pop();
    }
    let mut out = p.lines.join("\n");
    out.push('\n');
    out
}

fn indent(depth: usize) -> String {
    INDENT.repeat(depth)
}

/// The sentences of a ParagraphSentence, ItemSentence, TableColumn…: the
/// Sentences run on; Columns are set apart by a full-width space.
pub fn sentences(el: &Element) -> String {
    let mut out = String::new();
    for (i, c) in el.elements().enumerate() {
        match c.name.as_str() {
            "Sentence" => out.push_str(&c.text()),
            "Column" => {
                if i > 0 {
                    out.push(MARGIN);
                }
                for s in c.children_named("Sentence") {
                    out.push_str(&s.text());
                }
            }
            _ => {}
        }
    }
    out
}

/// ② for 項 2 of an old law whose 項 carry no printed number (as 六法 print them).
pub fn circled(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map(String::from),
        21..=35 => char::from_u32(0x3251 + n - 21).map(String::from),
        36..=50 => char::from_u32(0x32B1 + n - 36).map(String::from),
        _ => None,
    }
    .unwrap_or_else(|| format!("（{n}）"))
}

/// The element's paragraph/item title child (ParagraphNum, ItemTitle,
/// Subitem1Title…) and its sentence child.
fn title_and_sentence(el: &Element) -> (String, Option<&Element>) {
    let mut title = String::new();
    let mut sentence = None;
    for c in el.elements() {
        if c.name == "ParagraphNum" || (c.name.ends_with("Title") && c.name != "TableStructTitle") {
            title = c.text();
        } else if c.name.ends_with("Sentence") {
            sentence = Some(c);
        }
    }
    (title, sentence)
}

/// Paragraph, Item, Subitem1 … Subitem10 (not their Title or Sentence).
pub fn is_paragraph_item(name: &str) -> bool {
    name == "Paragraph"
        || name == "Item"
        || name
            .strip_prefix("Subitem")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

impl Printer {
    fn push(&mut self, line: String) {
        self.lines.push(line);
    }

    /// At most one blank line in a row, and none at the start.
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn law(&mut self, law: &Element) {
        let body = law.child("LawBody");
        if let Some(t) = body.and_then(|b| b.child("LawTitle")) {
            self.push(t.text());
        }
        if let Some(n) = law.child("LawNum") {
            self.push(format!("（{}）", n.text()));
        }
        self.blank();
        let Some(body) = body else { return };
        for c in body.elements() {
            match c.name.as_str() {
                "EnactStatement" => self.push(format!(":enact-statement:{}", c.text())),
                "TOC" => self.toc(c),
                "Preamble" => {
                    for p in c.elements() {
                        self.paragraph_item(p, 0, ParagraphRole::Anonymous);
                    }
                }
                "MainProvision" => self.group_children(c),
                "SupplProvision" => self.suppl(c),
                name if name.starts_with("Appdx") => self.appendix(c),
                _ => {}
            }
            self.blank();
        }
    }

    fn toc(&mut self, toc: &Element) {
        for c in toc.elements() {
            if c.name == "TOCLabel" {
                self.push(c.text());
            } else {
                self.toc_entry(c, 1);
            }
        }
    }

    fn toc_entry(&mut self, el: &Element, depth: usize) {
        let mut line = String::new();
        for c in el.elements() {
            if c.name.ends_with("Title") || c.name.ends_with("Label") || c.name == "ArticleRange" {
                line.push_str(&c.text());
            }
        }
        self.push(format!("{}{line}", indent(depth)));
        for c in el.elements().filter(|c| c.name.starts_with("TOC")) {
            self.toc_entry(c, depth + 1);
        }
    }

    /// Children of MainProvision or of a 編/章/節/款/目: headings, articles,
    /// each followed by a blank line.
    fn group_children(&mut self, el: &Element) {
        for c in el.elements() {
            match c.name.as_str() {
                "Part" | "Chapter" | "Section" | "Subsection" | "Division" => {
                    self.group(c);
                }
                "Article" => self.article(c),
                "Paragraph" => self.paragraph_item(c, 0, ParagraphRole::Anonymous),
                _ => continue,
            }
            self.blank();
        }
    }

    fn group(&mut self, el: &Element) {
        // 編 four spaces, 章 six, 節 eight, 款 ten, 目 twelve.
        let depth = match el.name.as_str() {
            "Part" => 2,
            "Chapter" => 3,
            "Section" => 4,
            "Subsection" => 5,
            _ => 6,
        };
        if let Some(t) = el.elements().find(|c| c.name.ends_with("Title")) {
            self.push(format!("{}{}", indent(depth), t.text()));
            self.blank();
        }
        self.group_children(el);
    }

    fn article(&mut self, a: &Element) {
        if let Some(c) = a.child("ArticleCaption") {
            self.push(format!("{INDENT}{}", c.text()));
        }
        let title = a
            .child("ArticleTitle")
            .map(|t| t.text())
            .unwrap_or_default();
        let paragraphs: Vec<&Element> = a.children_named("Paragraph").collect();
        let first_numbered = paragraphs
            .first()
            .is_some_and(|p| !title_and_sentence(p).0.is_empty());
        if first_numbered || paragraphs.is_empty() {
            self.push(title.clone());
        }
        for (i, p) in paragraphs.iter().enumerate() {
            let role = if i == 0 && !first_numbered {
                ParagraphRole::ArticleFirst(title.clone())
            } else {
                ParagraphRole::Numbered
            };
            self.paragraph_item(p, 0, role);
        }
    }

    fn suppl(&mut self, s: &Element) {
        let label = s
            .child("SupplProvisionLabel")
            .map(|l| l.text())
            .unwrap_or_default();
        let mut head = format!("{}{label}", indent(3));
        if let Some(n) = s.attr("AmendLawNum") {
            head.push_str(&format!("{MARGIN}（{n}）"));
        }
        if s.attr("Extract") == Some("true") {
            head.push_str(&format!("{MARGIN}抄"));
        }
        self.push(head);
        self.blank();
        for c in s.elements() {
            match c.name.as_str() {
                "Article" => self.article(c),
                "Paragraph" => self.paragraph_item(c, 0, ParagraphRole::Numbered),
                "Part" | "Chapter" | "Section" | "Subsection" | "Division" => self.group(c),
                name if name.starts_with("SupplProvisionAppdx") => self.appendix(c),
                _ => continue,
            }
            self.blank();
        }
    }

    fn appendix(&mut self, el: &Element) {
        let mut head = String::from("# ");
        for c in el.elements() {
            if c.name.ends_with("Title") || c.name == "RelatedArticleNum" {
                head.push_str(&c.text());
            }
        }
        self.push(head);
        self.blank();
        for c in el.elements() {
            if is_paragraph_item(&c.name) {
                self.paragraph_item(c, 1, ParagraphRole::Tagged);
            } else if c.name == "TableStruct" {
                self.table_struct(c, 1);
            } else if c.name.ends_with("Struct") || c.name == "Remarks" {
                self.loose(c, 1);
            } else {
                continue;
            }
            self.blank();
        }
    }

    fn paragraph_item(&mut self, el: &Element, depth: usize, role: ParagraphRole) {
        let (title, sentence) = title_and_sentence(el);
        let text = sentence.map(sentences).unwrap_or_default();
        if let Some(c) = el.child("ParagraphCaption") {
            self.push(format!("{}{}", indent(depth + 1), c.text()));
        }
        let head = match role {
            ParagraphRole::ArticleFirst(t) => t,
            _ if !title.is_empty() => match role {
                ParagraphRole::Tagged => format!("# {title}"),
                _ => title,
            },
            // An unnumbered 項 after the first: an old law's (OldNum), shown ②.
            ParagraphRole::Numbered if el.name == "Paragraph" && el.attr("Num") != Some("1") => {
                circled(el.attr("Num").and_then(|n| n.parse().ok()).unwrap_or(0))
            }
            _ => String::new(),
        };
        let line = if head.is_empty() {
            if el.name == "Paragraph" {
                format!("{}:anonym-paragraph:{text}", indent(depth))
            } else {
                format!("{}{text}", indent(depth))
            }
        } else if text.is_empty() {
            format!("{}{head}", indent(depth))
        } else {
            format!("{}{head}{MARGIN}{text}", indent(depth))
        };
        self.push(line);
        for c in el.elements() {
            if is_paragraph_item(&c.name) {
                self.paragraph_item(c, depth + 1, ParagraphRole::Numbered);
            } else if c.name == "TableStruct" {
                self.blank();
                self.table_struct(c, depth + 1);
                self.blank();
            } else if c.name.ends_with("Struct") || c.name == "List" {
                self.loose(c, depth + 1);
            }
        }
    }

    /// Structures this printer does not lay out (lists, figures, remarks):
    /// their sentences, one line each.
    fn loose(&mut self, el: &Element, depth: usize) {
        for c in el.elements() {
            if c.name == "Sentence" {
                self.push(format!("{}{}", indent(depth), c.text()));
            } else if c.name.ends_with("Sentence") {
                self.push(format!("{}{}", indent(depth), sentences(c)));
            } else if c.name == "TableStruct" {
                self.table_struct(c, depth);
            } else {
                self.loose(c, depth);
            }
        }
    }

    fn table_struct(&mut self, ts: &Element, depth: usize) {
        for c in ts.elements() {
            match c.name.as_str() {
                "TableStructTitle" => self.push(format!("{}{}", indent(depth), c.text())),
                "Table" => self.table(c, depth),
                "Remarks" => self.loose(c, depth),
                _ => {}
            }
        }
    }

    /// Rows as `* - first cell` and `  - next cell`; a cell of several
    /// sentences as `- |` with one `- ` line each, two levels deeper;
    /// borders and spans other than the default as `[Name="value"]`.
    fn table(&mut self, t: &Element, depth: usize) {
        for row in t.elements() {
            for (i, cell) in row.elements().enumerate() {
                let at = if i == 0 { depth } else { depth + 1 };
                let first = if i == 0 { "* " } else { "" };
                let mark = if cell.name == "TableHeaderColumn" {
                    "*"
                } else {
                    "-"
                };
                let attrs: String = cell
                    .attrs
                    .iter()
                    .filter(|(k, v)| !is_default_cell_attr(k, v))
                    .map(|(k, v)| format!("[{k}=\"{v}\"]"))
                    .collect();
                let kids: Vec<&Element> = cell.elements().collect();
                let only_sentences = kids.iter().all(|k| k.name == "Sentence");
                let only_columns = kids.iter().all(|k| k.name == "Column");
                if kids.len() <= 1 && only_sentences || !kids.is_empty() && only_columns {
                    let text = escape_leading_space(&sentences(cell));
                    self.push(format!("{}{first}{mark} {attrs}{text}", indent(at)));
                } else {
                    let sep = if attrs.is_empty() { "" } else { " " };
                    self.push(format!("{}{first}{mark} {attrs}{sep}|", indent(at)));
                    for k in kids {
                        if k.name == "Sentence" {
                            let text = escape_leading_space(&k.text());
                            self.push(format!("{}- {text}", indent(depth + 2)));
                        } else if is_paragraph_item(&k.name) {
                            self.paragraph_item(k, depth + 2, ParagraphRole::Tagged);
                            self.blank();
                        } else {
                            self.loose(k, depth + 2);
                        }
                    }
                }
            }
        }
    }
}

fn is_default_cell_attr(k: &str, v: &str) -> bool {
    matches!(
        (k, v),
        (
            "BorderTop" | "BorderBottom" | "BorderLeft" | "BorderRight",
            "solid"
        ) | ("rowspan" | "colspan", "1")
    )
}

/// A cell that starts with a full-width space keeps it visible, as the
/// export writes it.
fn escape_leading_space(s: &str) -> String {
    match s.strip_prefix(MARGIN) {
        Some(rest) => format!("&#x3000;{rest}"),
        None => s.to_string(),
    }
}

#[derive(Clone)]
enum ParagraphRole {
    /// The first 項 of an article: printed after the article's title.
    ArticleFirst(String),
    /// Printed with its number; an unnumbered later 項 as ②.
    Numbered,
    /// A 号 standing outside a paragraph (in a 別表): `# 一　…`.
    Tagged,
    /// Text without a number (a preamble).
    Anonymous,
}
