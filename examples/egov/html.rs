//! Just enough of a built regulation page: the ids of `article.article`,
//! `div.paragraph` and `li` items (with the 号の細分 nested under each),
//! `section.supplement`, appendix ids (`appx-N`), and every
//! `<a class="xref" href="#…">` with the text just before it.

#[derive(Debug, Default, Clone)]
pub struct Item {
    pub id: Option<String>,
    pub subitems: usize,
}

#[derive(Debug, Default, Clone)]
pub struct Paragraph {
    pub id: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Default, Clone)]
pub struct Article {
    pub id: String,
    /// The id of the `section.supplement` it stands in, if any.
    pub supplement: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub text: String,
    pub href: String,
    /// Text before the link in the same block (paragraph, item, cell).
    pub before: String,
    /// The first few characters after it in the same block.
    pub after: String,
    pub article: Option<String>,
}

#[derive(Debug, Default)]
pub struct Page {
    pub articles: Vec<Article>,
    pub supplements: Vec<String>,
    pub appendices: Vec<String>,
    pub links: Vec<Link>,
}

struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest[..i].ends_with([' ', '\t', '\n']);
        let after = rest[i + name.len()..].trim_start();
        if before_ok && let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start();
            let (q, v) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => (q, &v[1..]),
                _ => (' ', v),
            };
            let end = v.find([q, '>']).unwrap_or(v.len());
            return Some(decode(&v[..end]));
        }
        rest = &rest[i + name.len()..];
    }
    None
}

fn has_class(attrs: &str, class: &str) -> bool {
    attr(attrs, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

const VOID: [&str; 12] = [
    "br", "hr", "img", "input", "meta", "link", "wbr", "col", "source", "area", "base", "track",
];
/// Elements whose start or end begins a new block of text.
const BLOCKS: [&str; 20] = [
    "p",
    "li",
    "div",
    "td",
    "th",
    "tr",
    "table",
    "ol",
    "ul",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "nav",
    "body",
];

#[derive(PartialEq)]
enum Kind {
    Article,
    Paragraph,
    Item,
    Supplement,
    Other,
}

pub fn parse(html: &str) -> Page {
    let mut page = Page::default();
    let mut stack: Vec<(String, Kind)> = Vec::new();
    let mut block = String::new();
    // The xref being read: (href, text so far, text before it).
    let mut link: Option<(String, String, String)> = None;
    // The last xref, while the text after it is still being collected.
    let mut pending: Option<usize> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text(
                &decode(rest),
                &mut block,
                &mut link,
                &mut pending,
                &mut page,
            );
            break;
        };
        text(
            &decode(&rest[..lt]),
            &mut block,
            &mut link,
            &mut pending,
            &mut page,
        );
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let raw = &rest[1..gt];
        rest = &rest[gt + 1..];
        let Some(tag) = read_tag(raw) else { continue };
        if tag.name == "script" || tag.name == "style" {
            if !tag.closing && !tag.self_closing {
                let end = format!("</{}", tag.name);
                rest = rest.find(&end).map_or("", |e| &rest[e..]);
            }
            continue;
        }
        if BLOCKS.contains(&tag.name.as_str()) {
            block.clear();
            pending = None;
        }
        if tag.closing {
            if tag.name == "a"
                && let Some((href, text, before)) = link.take()
            {
                let article = stack
                    .iter()
                    .rev()
                    .find(|(_, k)| *k == Kind::Article)
                    .and_then(|_| page.articles.last().map(|a| a.id.clone()));
                if let Some(p) = pending {
                    add_after(&mut page.links[p].after, &text, &mut pending);
                }
                page.links.push(Link {
                    href,
                    before,
                    after: String::new(),
                    article,
                    text: text.clone(),
                });
                pending = Some(page.links.len() - 1);
                block.push_str(&text);
            }
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == tag.name) {
                stack.truncate(pos);
            }
            continue;
        }
        // An appendix of the law is `appx-N`; what is inside it
        // (`appx-1-text-1-p1`) and an appendix of a 附則 (`suppl-K-appx-N`)
        // are not.
        if let Some(id) = attr(tag.attrs, "id")
            && id
                .strip_prefix("appx-")
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            page.appendices.push(id);
        }
        let kind = match tag.name.as_str() {
            "article" if has_class(tag.attrs, "article") => {
                let supplement = stack
                    .iter()
                    .any(|(_, k)| *k == Kind::Supplement)
                    .then(|| page.supplements.last().cloned())
                    .flatten();
                page.articles.push(Article {
                    id: attr(tag.attrs, "id").unwrap_or_default(),
                    supplement,
                    paragraphs: Vec::new(),
                });
                Kind::Article
            }
            "section" if has_class(tag.attrs, "supplement") => {
                page.supplements
                    .push(attr(tag.attrs, "id").unwrap_or_default());
                Kind::Supplement
            }
            "div"
                if has_class(tag.attrs, "paragraph")
                    && stack.iter().any(|(_, k)| *k == Kind::Article) =>
            {
                if let Some(a) = page.articles.last_mut() {
                    a.paragraphs.push(Paragraph {
                        id: attr(tag.attrs, "id").unwrap_or_default(),
                        items: Vec::new(),
                    });
                }
                Kind::Paragraph
            }
            "li" if stack.iter().any(|(_, k)| *k == Kind::Paragraph)
                && stack.iter().any(|(_, k)| *k == Kind::Article) =>
            {
                let depth = stack.iter().filter(|(_, k)| *k == Kind::Item).count();
                if let Some(p) = page
                    .articles
                    .last_mut()
                    .and_then(|a| a.paragraphs.last_mut())
                {
                    if depth == 0 {
                        p.items.push(Item {
                            id: attr(tag.attrs, "id"),
                            subitems: 0,
                        });
                    } else if let Some(i) = p.items.last_mut() {
                        i.subitems += 1;
                    }
                }
                Kind::Item
            }
            "a" if has_class(tag.attrs, "xref") => {
                let href = attr(tag.attrs, "href").unwrap_or_default();
                let href = href.strip_prefix('#').unwrap_or(&href).to_string();
                link = Some((href, String::new(), block.clone()));
                Kind::Other
            }
            _ => Kind::Other,
        };
        if !tag.self_closing && !VOID.contains(&tag.name.as_str()) {
            stack.push((tag.name, kind));
        }
    }
    page
}

fn text(
    s: &str,
    block: &mut String,
    link: &mut Option<(String, String, String)>,
    pending: &mut Option<usize>,
    page: &mut Page,
) {
    // A word joiner is how scripts/laws-fidelity.sh breaks a refused mention.
    let s = &s.replace('\u{2060}', "");
    match link {
        Some((_, t, _)) => t.push_str(s),
        None => {
            block.push_str(s);
            if let Some(p) = *pending {
                add_after(&mut page.links[p].after, s, pending);
            }
        }
    }
}

/// Collects up to the context's length, stopping at a full-width space.
fn add_after(after: &mut String, s: &str, pending: &mut Option<usize>) {
    for c in s.chars() {
        if c == '\u{3000}' || after.chars().count() >= crate::mentions::CONTEXT {
            *pending = None;
            return;
        }
        after.push(c);
    }
}

fn read_tag(raw: &str) -> Option<Tag<'_>> {
    let (closing, body) = match raw.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, raw),
    };
    if body.starts_with('!') || body.starts_with('?') {
        return None;
    }
    let end = body
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(body.len());
    let name = body[..end].to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    Some(Tag {
        name,
        closing,
        self_closing: body.ends_with('/'),
        attrs: &body[end..],
    })
}
