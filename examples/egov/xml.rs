//! A small element tree read from e-Gov law XML with quick-xml: enough to
//! walk the statute (names, attributes, children, text) and nothing more.

use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first element of this name in document order (self included).
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.elements().find_map(|e| e.find(name))
    }

    /// The text as printed: ruby readings (`Rt`) left out, since the text
    /// a reader copies shows the base characters.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if e.name == "Rt" => {}
                Node::Element(e) => e.push_text(out),
            }
        }
    }
}

/// Parses a whole document; the root element is returned.
pub fn parse(src: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(src);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                let el = element(&e)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = element(&e)?;
                push(&mut stack, Node::Element(el));
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                if stack.is_empty() {
                    return Err("unbalanced end tag".into());
                }
                push(&mut stack, Node::Element(el));
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = t.xml10_content();
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let doc = stack.pop().ok_or("empty document")?;
    if !stack.is_empty() {
        return Err("unclosed element at end of document".into());
    }
    doc.elements()
        .next()
        .cloned()
        .ok_or_else(|| "no root element".to_string())
}

fn element(e: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let name = e.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], s: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(t)) = top.children.last_mut() {
            t.push_str(s);
        } else {
            top.children.push(Node::Text(s.to_string()));
        }
    }
}
