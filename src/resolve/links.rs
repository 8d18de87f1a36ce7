//! Links written in Markdown: `reg:ID`, `reg:ID#第15条`, `page:ID`, plain
//! relative links, web links; and the schemes we refuse.

use crate::content::Handbook;
use crate::content::regulation::{Block, Regulation};
use crate::content::structure::parse_article_label;
use crate::diag::Msg;
use crate::routes::Route;

/// What a link points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A page of the built handbook, and an anchor on it.
    Page {
        route: Route,
        fragment: Option<String>,
    },
    /// A contact's entry on the contact chart (`contact:ID`).
    Contact(String),
    /// A web, mail or phone address, or an anchor of the same page, left as
    /// written.
    External(String),
}

impl Resolved {
    /// The href from a page whose root is `root`.
    pub fn href(&self, root: &str) -> String {
        match self {
            Resolved::Page {
                route,
                fragment: Some(f),
            } => format!("{}#{f}", route.href(root)),
            Resolved::Page {
                route,
                fragment: None,
            } => route.href(root),
            Resolved::Contact(id) => {
                format!(
                    "{}#{}",
                    Route::Contacts.href(root),
                    crate::routes::contact_anchor(id)
                )
            }
            Resolved::External(url) => url.clone(),
        }
    }
}

/// Every anchor a regulation page has.
pub fn anchors(r: &Regulation) -> Vec<String> {
    let mut out = Vec::new();
    for s in &r.body.supplements {
        out.push(s.anchor.clone());
    }
    out.extend(r.body.all_appendices().map(|a| a.anchor.clone()));
    for b in r.body.all_blocks() {
        match b {
            Block::Heading { anchor, .. } => out.push(anchor.clone()),
            Block::Article(a) => {
                out.push(a.anchor.clone());
                for p in &a.paragraphs {
                    out.push(p.anchor.clone());
                    out.extend(p.items.iter().filter_map(|i| i.anchor.clone()));
                }
            }
        }
    }
    out.push("history".into());
    out
}

/// `第15条` / `第15条第2項` / `art-15` → the anchor, if the regulation has it.
pub fn fragment_anchor(r: &Regulation, fragment: &str) -> Result<String, Msg> {
    let all = anchors(r);
    if all.iter().any(|a| a == fragment) {
        return Ok(fragment.to_string());
    }
    if let Some((number, len)) = parse_article_label(fragment) {
        let rest = &fragment[len..];
        let mut anchor = number.anchor();
        if !rest.is_empty() {
            let p = rest
                .strip_prefix('第')
                .and_then(|x| x.strip_suffix('項'))
                .and_then(crate::content::numerals::parse_number)
                .ok_or_else(|| {
                    Msg::new(
                        format!("「{fragment}」は条・項として読めません"),
                        format!("「{fragment}」 cannot be read as an article or paragraph"),
                    )
                })?;
            anchor = format!("{anchor}-p{p}");
        }
        if all.contains(&anchor) {
            return Ok(anchor);
        }
        return Err(Msg::new(
            format!("「{}」に{fragment}はありません", r.title),
            format!("「{}」 has no {fragment}", r.title),
        ));
    }
    Err(Msg::new(
        format!("「{}」にアンカー #{fragment} はありません", r.title),
        format!("「{}」 has no anchor #{fragment}", r.title),
    ))
}

/// What is wrong with a link, and how to fix it, in both languages.
type Problem = (Msg, Msg);

const PAGE_LINK_HELP: (&str, &str) = (
    "ハンドブックのページ（reg:ID、page:ID、procedure:ID、form:ID、contact:ID、training:ID）か、\
     https:// で始まるアドレスにリンクしてください",
    "link to a page of the handbook with reg:ID, page:ID, procedure:ID, form:ID, \
     contact:ID or training:ID, or to an https:// address",
);

/// Resolves one link destination as written in a source.
pub fn resolve(dest: &str, hb: &Handbook) -> Result<Resolved, Problem> {
    let lower = dest.trim().to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
        if lower.starts_with(scheme) {
            return Err((
                Msg::new(
                    format!("リンク `{dest}` は `{scheme}` を使っているため使えません"),
                    format!("the link `{dest}` uses `{scheme}`, which is refused"),
                ),
                Msg::new(
                    "ハンドブックのページ（reg:ID、page:ID）か、https:// で始まるアドレスにリンクしてください",
                    "link to a page of the handbook (reg:ID, page:ID) or to an https:// address",
                ),
            ));
        }
    }
    if let Some(rest) = dest.strip_prefix("reg:") {
        let (id, fragment) = split_fragment(rest);
        let r = hb.regulation(id).ok_or_else(|| {
            let known = ids(hb.regulations.iter().map(|r| r.id.as_str()));
            (
                Msg::new(
                    format!("id が `{id}` の規程はありません"),
                    format!("no regulation with id `{id}`"),
                ),
                Msg::new(
                    format!(
                        "規程の id は content/regulations/ のファイル名です: {}",
                        known.ja
                    ),
                    format!(
                        "regulation ids are file names in content/regulations/: {}",
                        known.en
                    ),
                ),
            )
        })?;
        let fragment = match fragment {
            Some(f) => Some(fragment_anchor(r, f).map_err(|m| {
                (
                    m,
                    Msg::new(
                        "条は、その規程の番号どおりに 第N条 か 第N条第M項 と書いてください",
                        "write the article as 第N条 or 第N条第M項, as numbered in that regulation",
                    ),
                )
            })?),
            None => None,
        };
        return Ok(Resolved::Page {
            route: Route::Regulation(id.to_string()),
            fragment,
        });
    }
    if let Some(rest) = dest.strip_prefix("contact:") {
        let (id, _) = split_fragment(rest);
        let file = crate::content::contacts::FILE;
        return match &hb.contacts {
            Some(chart) if chart.get(id).is_some() || !chart.complete => {
                Ok(Resolved::Contact(id.to_string()))
            }
            Some(chart) => Err((
                Msg::new(
                    format!("id が `{id}` の連絡先はありません"),
                    format!("no contact with id `{id}`"),
                ),
                match crate::diag::nearest(
                    id,
                    &chart
                        .contacts
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>(),
                ) {
                    Some(n) => Msg::new(
                        format!("`contact:{n}` のことですか？ 連絡先は {file} に書きます"),
                        format!("did you mean `contact:{n}`? contacts are defined in {file}"),
                    ),
                    None => Msg::new(
                        format!("連絡先の id は {file} に書かれています"),
                        format!("contact ids are defined in {file}"),
                    ),
                },
            )),
            None => Err((
                Msg::new(
                    format!("id が `{id}` の連絡先はありません（連絡体制図がありません）"),
                    format!("no contact with id `{id}`: there is no contact chart"),
                ),
                Msg::new(
                    format!("{file} を作ってください（docs/FORMAT.md を参照）"),
                    format!("create {file} (see docs/FORMAT.md)"),
                ),
            )),
        };
    }
    if let Some(rest) = dest.strip_prefix("procedure:") {
        let (id, fragment) = split_fragment(rest);
        hb.procedure(id).ok_or_else(|| {
            let known = ids(hb.procedures.iter().map(|p| p.id.as_str()));
            (
                Msg::new(
                    format!("id が `{id}` の復旧手順はありません"),
                    format!("no procedure with id `{id}`"),
                ),
                Msg::new(
                    format!(
                        "復旧手順の id は content/procedures/ のファイル名です: {}",
                        known.ja
                    ),
                    format!(
                        "procedure ids are file names in content/procedures/: {}",
                        known.en
                    ),
                ),
            )
        })?;
        return Ok(Resolved::Page {
            route: Route::Procedure(id.to_string()),
            fragment: fragment.map(str::to_string),
        });
    }
    if let Some(rest) = dest.strip_prefix("form:") {
        let (id, fragment) = split_fragment(rest);
        hb.form(id).ok_or_else(|| {
            let known = ids(hb.forms.iter().map(|f| f.id.as_str()));
            (
                Msg::new(
                    format!("id が `{id}` の様式はありません"),
                    format!("no form with id `{id}`"),
                ),
                Msg::new(
                    format!("様式の id は content/forms/ のファイル名です: {}", known.ja),
                    format!("form ids are file names in content/forms/: {}", known.en),
                ),
            )
        })?;
        return Ok(Resolved::Page {
            route: Route::Form(id.to_string()),
            fragment: fragment.map(str::to_string),
        });
    }
    if let Some(rest) = dest.strip_prefix("training:") {
        // A kind of training, on the training record (`training:phishing`).
        let (id, _) = split_fragment(rest);
        let file = crate::content::training::FILE;
        let Some(t) = &hb.training else {
            return Err((
                Msg::new(
                    format!("教育・訓練の種類 `{id}` はありません（教育・訓練の記録がありません）"),
                    format!("no training kind `{id}`: there is no training record"),
                ),
                Msg::new(
                    format!("{file} を作ってください（docs/FORMAT.md を参照）"),
                    format!("create {file} (see docs/FORMAT.md)"),
                ),
            ));
        };
        if t.complete && !t.kinds.iter().any(|k| k.id == id) {
            let known = ids(t.kinds.iter().map(|k| k.id.as_str()));
            return Err((
                Msg::new(
                    format!("教育・訓練の種類 `{id}` はありません"),
                    format!("no training kind `{id}`"),
                ),
                Msg::new(
                    format!(
                        "教育・訓練の種類は {file} の `kinds:` に書きます: {}",
                        known.ja
                    ),
                    format!(
                        "training kinds are defined under `kinds:` in {file}: {}",
                        known.en
                    ),
                ),
            ));
        }
        return Ok(Resolved::Page {
            route: Route::Training,
            fragment: Some(crate::routes::training_anchor(id)),
        });
    }
    if let Some(rest) = dest.strip_prefix("page:") {
        let (id, fragment) = split_fragment(rest);
        if let Some(route) = crate::routes::named(hb, id) {
            return Ok(Resolved::Page {
                route,
                fragment: fragment.map(str::to_string),
            });
        }
        hb.page(id).ok_or_else(|| {
            let known = ids(hb.pages.iter().map(|p| p.id.as_str()));
            (
                Msg::new(
                    format!("id が `{id}` のページはありません"),
                    format!("no page with id `{id}`"),
                ),
                Msg::new(
                    format!(
                        "ページの id は content/pages/ のファイル名です: {}",
                        known.ja
                    ),
                    format!("page ids are file names in content/pages/: {}", known.en),
                ),
            )
        })?;
        return Ok(Resolved::Page {
            route: Route::Page(id.to_string()),
            fragment: fragment.map(str::to_string),
        });
    }
    external(dest)
}

/// A link that is not to a page of the handbook: a web, mail or phone
/// address, or a fragment of the same page. A file path would leave the
/// handbook's pages (or the handbook folder) and break on a USB stick.
fn external(dest: &str) -> Result<Resolved, Problem> {
    let trimmed = dest.trim();
    let lower = trimmed.to_ascii_lowercase();
    let allowed = ["https://", "http://", "mailto:", "tel:"];
    if trimmed.starts_with('#') || allowed.iter().any(|s| lower.starts_with(s)) {
        return Ok(Resolved::External(dest.to_string()));
    }
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let message = match scheme {
        Some(s) => Msg::new(
            format!(
                "リンク `{dest}` は `{s}:` を使っていますが、ハンドブックはこの種類のリンクを張りません"
            ),
            format!("the link `{dest}` uses `{s}:`, which the handbook does not link to"),
        ),
        None if trimmed.split(['/', '\\']).any(|seg| seg == "..")
            || trimmed.starts_with(['/', '\\']) =>
        {
            Msg::new(
                format!("リンク `{dest}` はハンドブックのフォルダの外を指しています"),
                format!("the link `{dest}` leads out of the handbook folder"),
            )
        }
        None => Msg::new(
            format!(
                "リンク `{dest}` はファイルの場所を指していて、出力したハンドブックでは開けません"
            ),
            format!("the link `{dest}` is a file path, which does not work in the built handbook"),
        ),
    };
    Err((message, Msg::new(PAGE_LINK_HELP.0, PAGE_LINK_HELP.1)))
}

fn split_fragment(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

/// The ids there are, to choose from.
fn ids<'a>(it: impl Iterator<Item = &'a str>) -> Msg {
    let v: Vec<&str> = it.collect();
    if v.is_empty() {
        Msg::new("（まだありません）", "(none yet)")
    } else {
        Msg::new(v.join(", "), v.join(", "))
    }
}
