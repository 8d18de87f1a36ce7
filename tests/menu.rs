//! The site menu on every page: each page marks its own link (and the
//! page it belongs under), whatever the pages before it marked, and a
//! handbook's own `menu.html` or `base.html` gets what the built-in one
//! gets.

mod common;

use common::run;

/// The menu of a built page: the text of `<nav id="site-nav">`.
fn menu(page: &str) -> String {
    let start = page.find("<nav id=\"site-nav\"").expect("a menu");
    let end = start + page[start..].find("</nav>").expect("the menu's end");
    page[start..end].to_string()
}

fn build(root: &std::path::Path) -> impl Fn(&str) -> String + '_ {
    let o = run(&[&"build", &"--root", &root]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    move |path: &str| std::fs::read_to_string(root.join("public").join(path)).unwrap()
}

/// The links of a menu marked as the page itself and as the page above it.
fn marked(menu: &str) -> (Vec<&str>, Vec<&str>) {
    let hrefs = |mark: &str| -> Vec<&str> {
        menu.match_indices(mark)
            .map(|(i, _)| {
                let before = &menu[..i];
                let href = &before[before.rfind("href=\"").expect("a link") + 6..];
                &href[..href.find('"').unwrap()]
            })
            .collect()
    };
    (
        hrefs(" aria-current=\"page\""),
        hrefs(" aria-current=\"true\""),
    )
}

#[test]
fn every_page_marks_its_own_link_and_no_other() {
    let dir = common::one_regulation("menu");
    let root = dir.path();
    std::fs::write(
        root.join("content/regulations/b.md"),
        "---\ntitle: 乙規程\neffective: 2025-04-01\nhistory:\n  - date: 2025-04-01\n    note: 制定\n---\n第１条　乙。\n",
    )
    .unwrap();
    let page = build(root);
    for (path, current, above) in [
        ("index.html", vec!["index.html"], vec![]),
        ("changes.html", vec!["changes.html"], vec![]),
        (
            "regulations/index.html",
            vec!["../regulations/index.html"],
            vec![],
        ),
        ("regulations/a.html", vec!["../regulations/a.html"], vec![]),
        ("regulations/b.html", vec!["../regulations/b.html"], vec![]),
        // A page the menu does not list marks the one it belongs under.
        (
            "regulations/b.2025-04-01.notice.html",
            vec![],
            vec!["../regulations/b.html"],
        ),
    ] {
        let menu = menu(&page(path));
        assert_eq!(marked(&menu), (current, above), "{path}: {menu}");
    }
    // The same menu, links relative to where the page is.
    assert!(menu(&page("index.html")).contains("href=\"regulations/a.html\""));
    assert!(menu(&page("regulations/b.html")).contains("href=\"../regulations/a.html\""));
}

#[test]
fn a_handbooks_own_menu_template_is_used_on_every_page() {
    let dir = common::one_regulation("menu-own");
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/menu.html"),
        "<p class=\"own\">{{ root }}{% for g in menu %}{% for i in g.items %}{% if i.current %}[{{ i.title }}]{% endif %}{% endfor %}{% endfor %}</p>",
    )
    .unwrap();
    let page = build(root);
    assert!(menu(&page("index.html")).contains("<p class=\"own\">[ホーム]</p>"));
    assert!(menu(&page("regulations/a.html")).contains("<p class=\"own\">../[甲規程]</p>"));
}

#[test]
fn a_handbooks_own_base_template_still_gets_the_menu_itself() {
    let dir = common::one_regulation("menu-base");
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/base.html"),
        "<!DOCTYPE html><title>{{ page_title }}</title><nav id=\"site-nav\">{% for g in menu %}{% for i in g.items %}<a href=\"{{ i.href }}\">{{ i.title }}</a>{% endfor %}{% endfor %}</nav>{% block content %}{% endblock content %}{% block scripts %}{% endblock scripts %}",
    )
    .unwrap();
    let page = build(root);
    let menu = menu(&page("regulations/a.html"));
    assert!(
        menu.contains("<a href=\"../regulations/a.html\">甲規程</a>"),
        "{menu}"
    );
}
