//! A small element tree over quick-xml for the parts of a `.docx`: local
//! names only (Word's prefixes are fixed by its schemas), text and
//! entity references resolved, depth bounded so a crafted file cannot
//! exhaust the stack of the code that walks it.

use quick_xml::events::Event;

/// An element, or a text node (`name` is `#text`, the text in `text`).
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

pub const TEXT: &str = "#text";

/// Deeper than any real document (tables in tables in text boxes).
const MAX_DEPTH: usize = 200;

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child element of this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Depth-first search for the first element of this name.
    pub fn find(&self, name: &str) -> Option<&Element> {
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            if e.name == name {
                return Some(e);
            }
            stack.extend(e.children.iter().rev());
        }
        None
    }

    /// All the text below this element.
    pub fn all_text(&self) -> String {
        let mut out = String::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            out.push_str(&e.text);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// A boolean property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
pub fn on(el: &Element) -> bool {
    !matches!(el.attr("val"), Some("false" | "0" | "off"))
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Parses a whole part. The error says what is wrong, for the report.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "XML が壊れています（{} バイト目付近: {e}）",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(s) | Event::Empty(s) if stack.len() > MAX_DEPTH => {
                let _ = s;
                return Err("XML の入れ子が深すぎます".into());
            }
            Event::Start(s) => stack.push(start(&s)?),
            Event::Empty(s) => {
                let el = start(&s)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("XML の終わりのタグが多すぎます")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Err("XML の終わりのタグが多すぎます".into()),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    let name = r.xml10_content();
                    quick_xml::escape::unescape(&format!("&{name};"))
                        .ok()
                        .map(|s| s.into_owned())
                };
                push_text(&mut stack, resolved.as_deref().unwrap_or(""));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("XML が途中で終わっています".into());
    }
    let mut doc = stack.pop().unwrap_or_default();
    doc.children
        .retain(|c| c.name != TEXT || !c.text.trim().is_empty());
    match doc.children.len() {
        1 => Ok(doc.children.remove(0)),
        _ => Err("XML の最上位の要素がひとつではありません".into()),
    }
}

fn start(s: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in s.attributes().with_checks(false) {
        let a = a.map_err(|e| format!("XML の属性が壊れています: {e}"))?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.clone().into_owned());
        attrs.push((local(a.key.as_ref()).to_string(), value));
    }
    Ok(Element {
        name: local(s.name().as_ref()).to_string(),
        attrs,
        ..Element::default()
    })
}

fn push_text(stack: &mut [Element], text: &str) {
    if text.is_empty() {
        return;
    }
    let Some(parent) = stack.last_mut() else {
        return;
    };
    // Adjacent text and references make one node.
    match parent.children.last_mut() {
        Some(last) if last.name == TEXT => last.text.push_str(text),
        _ => parent.children.push(Element {
            name: TEXT.to_string(),
            text: text.to_string(),
            ..Element::default()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_local_names_and_entities() {
        let e = parse(r#"<?xml version="1.0"?><w:p xmlns:w="x"><w:r><w:t xml:space="preserve">A &amp; B&#12354;</w:t></w:r><w:b w:val="0"/></w:p>"#).unwrap();
        assert_eq!(e.name, "p");
        assert_eq!(e.find("t").unwrap().all_text(), "A & Bあ");
        assert_eq!(e.find("t").unwrap().attr("space"), Some("preserve"));
        assert!(!on(e.child("b").unwrap()));
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
        assert!(parse("").is_err());
        let deep = "<a>".repeat(10_000);
        assert!(parse(&deep).is_err());
    }
}
