//! The template set and the theme assets: the built-ins compiled into the
//! binary, each overridden by a file of the same name in the handbook's own
//! `templates/` or `theme/`.

use tera::Tera;

use crate::content::Handbook;

/// Built-in templates, compiled into the binary.
const TEMPLATES: [(&str, &str); 34] = [
    // Included by base.html, so registered before it.
    ("toc.html", include_str!("../../templates/toc.html")),
    ("menu.html", include_str!("../../templates/menu.html")),
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "regulations.html",
        include_str!("../../templates/regulations.html"),
    ),
    (
        "regulation.html",
        include_str!("../../templates/regulation.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("contact.html", include_str!("../../templates/contact.html")),
    // Included by the pages below, so registered before them.
    ("numbers.html", include_str!("../../templates/numbers.html")),
    ("dial.html", include_str!("../../templates/dial.html")),
    ("call.html", include_str!("../../templates/call.html")),
    ("clock.html", include_str!("../../templates/clock.html")),
    ("printed.html", include_str!("../../templates/printed.html")),
    (
        "incident.html",
        include_str!("../../templates/incident.html"),
    ),
    (
        "contacts.html",
        include_str!("../../templates/contacts.html"),
    ),
    (
        "severity.html",
        include_str!("../../templates/severity.html"),
    ),
    (
        "procedures.html",
        include_str!("../../templates/procedures.html"),
    ),
    (
        "procedure.html",
        include_str!("../../templates/procedure.html"),
    ),
    (
        "training.html",
        include_str!("../../templates/training.html"),
    ),
    ("forms.html", include_str!("../../templates/forms.html")),
    ("form.html", include_str!("../../templates/form.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("compare.html", include_str!("../../templates/compare.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    (
        "checklist.html",
        include_str!("../../templates/checklist.html"),
    ),
    ("vendors.html", include_str!("../../templates/vendors.html")),
    ("notice.html", include_str!("../../templates/notice.html")),
    (
        "inspection.html",
        include_str!("../../templates/inspection.html"),
    ),
    ("bcp.html", include_str!("../../templates/bcp.html")),
    ("cards.html", include_str!("../../templates/cards.html")),
    ("poster.html", include_str!("../../templates/poster.html")),
    ("wallet.html", include_str!("../../templates/wallet.html")),
    (
        "distribution.html",
        include_str!("../../templates/distribution.html"),
    ),
];

/// Built-in theme assets, compiled into the binary.
pub const ASSETS: [(&str, &[u8]); 3] = [
    ("style.css", include_bytes!("../../theme/style.css")),
    ("search.js", include_bytes!("../../theme/search.js")),
    ("site.js", include_bytes!("../../theme/site.js")),
];

/// A template set: the handbook's own templates first, then the built-ins.
pub fn templates(hb: &Handbook) -> Result<Tera, String> {
    templates_of(&hb.theme)
}

/// [`templates`] of a theme (what the handbook's `templates/` hold).
pub fn templates_of(theme: &crate::content::theme::Theme) -> Result<Tera, String> {
    let sources = TEMPLATES
        .iter()
        .map(|(name, builtin)| match theme.templates.get(*name) {
            Some((text, rel)) => (*name, text.as_str(), Some(rel)),
            None => (*name, *builtin, None),
        });
    // All at once: Tera links the set (inheritance, includes) again after
    // each addition, which for one at a time was a twentieth of a small
    // build.
    let mut tera = Tera::default();
    if tera
        .add_raw_templates(sources.clone().map(|(name, source, _)| (name, source)))
        .is_ok()
    {
        return Ok(tera);
    }
    // One at a time, to say which template is at fault.
    let mut tera = Tera::default();
    for (name, source, own) in sources {
        tera.add_raw_template(name, source).map_err(|e| {
            let origin = match own {
                Some(rel) => rel.clone(),
                None => crate::diag::tr(
                    format!("組み込みのテンプレート {name}"),
                    format!("built-in template {name}"),
                ),
            };
            format!("{origin}: {e}")
        })?;
    }
    Ok(tera)
}

/// Theme files: the built-ins, each replaced by a file of the same name in
/// the handbook's `theme/`, plus any extra files there. Sorted by name.
pub fn assets(hb: &Handbook) -> Vec<(String, Vec<u8>)> {
    let mut out: std::collections::BTreeMap<String, Vec<u8>> = ASSETS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for (name, bytes) in &hb.theme.assets {
        out.insert(name.clone(), bytes.clone());
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A heading's `{#id}` on a Markdown page must not take an id the
    /// page's templates use: `content::markdown::RESERVED_IDS` lists them.
    #[test]
    fn the_reserved_heading_ids_are_the_ids_of_the_page_templates() {
        let page_templates = [
            "base.html",
            "menu.html",
            "toc.html",
            "page.html",
            "index.html",
        ];
        for (name, text) in TEMPLATES.iter().filter(|(n, _)| page_templates.contains(n)) {
            for (i, _) in text.match_indices(" id=\"") {
                let value = &text[i + 5..];
                let value = &value[..value.find('"').unwrap_or(0)];
                if value.contains("{{") || value.contains("{%") {
                    continue;
                }
                assert!(
                    crate::content::markdown::RESERVED_IDS.contains(&value),
                    "{name} uses id=\"{value}\": add it to RESERVED_IDS"
                );
            }
        }
    }
}
