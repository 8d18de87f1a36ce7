//! The template set and the theme assets: the built-ins compiled into the
//! binary, each overridden by a file of the same name in the handbook's own
//! `templates/` or `theme/`.

use tera::Tera;

use crate::content::Handbook;
use crate::content::theme::Theme;
use crate::diag::Diagnostic;

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
pub fn templates(hb: &Handbook) -> Result<Tera, Diagnostic> {
    templates_of(&hb.theme)
}

/// A page that could not be made because of a template ([`template_problem`],
/// when the rendering error `text` is Tera's and names its place), or
/// `None` for any other failure (a file that could not be written).
pub fn rendering_problem(theme: &Theme, text: &str) -> Option<Diagnostic> {
    text.lines()
        .any(|l| l.trim_start().starts_with("--> "))
        .then(|| template_problem(theme, text, None))
}

/// A template that cannot be read or rendered, as a diagnostic (E036) at
/// the file and line Tera names in `text` (its error, English, kept after
/// ours): the handbook's own template of that name, else the built-in one.
/// `named` is the template being read, for an error Tera gives no place
/// for (a template it cannot find).
fn template_problem(theme: &Theme, text: &str, named: Option<&str>) -> Diagnostic {
    let first = text.lines().next().unwrap_or_default();
    let said = first.split_once("error: ").map_or(first, |(_, m)| m).trim();
    let place = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .and_then(|p| {
            let mut parts = p.trim().rsplitn(3, ':');
            let column = parts.next()?.parse::<usize>().ok()?;
            let line = parts.next()?.parse::<usize>().ok()?;
            Some((parts.next()?.to_string(), line, column))
        });
    let name = place
        .as_ref()
        .map(|(n, _, _)| n.as_str())
        .or(named)
        .unwrap_or_default();
    let own = theme.templates.get(name);
    let (file, ja_file, en_file) = match own {
        Some((_, rel)) => (rel.clone(), rel.clone(), rel.clone()),
        None => (
            format!("templates/{name}"),
            format!("組み込みのテンプレート {name}"),
            format!("built-in template {name}"),
        ),
    };
    let mut d = Diagnostic::error(
        "E036",
        &file,
        format!("テンプレート {ja_file} を使えません（Tera: {said}）"),
    )
    .en(format!("template {en_file} cannot be used (Tera: {said})"))
    .help(match own {
        Some(_) => format!(
            "示した行を直してください。{file} を消すと組み込みのテンプレートに戻ります"
        ),
        None => "上書きしたテンプレートが組み込みのテンプレートと合っていません（block の名前、extends）。templates/ の上書きを直すか消してください".to_string(),
    })
    .help_en(match own {
        Some(_) => format!("fix the line shown; remove {file} to go back to the built-in template"),
        None => "an overriding template does not fit the built-in ones (block names, extends); fix or remove the files in templates/".to_string(),
    });
    if let Some((_, line, column)) = place {
        d = d.at(line, column);
        if let Some((text, _)) = own {
            d = d.snippet(text.lines().nth(line.saturating_sub(1)).unwrap_or_default());
        }
    }
    d
}

/// [`templates`] of a theme (what the handbook's `templates/` hold).
pub fn templates_of(theme: &Theme) -> Result<Tera, Diagnostic> {
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
    for (name, source, _) in sources {
        tera.add_raw_template(name, source)
            .map_err(|e| template_problem(theme, &e.to_string(), Some(name)))?;
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
