//! Runs the `handbook` binary over the handbooks in `tests/fixtures/`.
//!
//! - `invalid/<case>/`: `check` must exit 1 and print exactly the diagnostics
//!   listed in `expect.txt` (see tests/README.md for the format), each
//!   message and help line in Japanese (the expected substrings may be in
//!   Japanese or in English: `check --format json` gives both); `build`
//!   must exit 1 and leave a previous output folder byte-for-byte as it was.
//! - `valid/<case>/`: `check` and `build` exit 0 with no diagnostics.
//!
//! Std and serde_json (for `--format json`); temporary folders live under
//! `std::env::temp_dir()`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

mod common;
use common::{Output, TempDir, copy_dir, run, snapshot};

fn check(root: &Path) -> Output {
    run(&[&"check", &"--root", &root])
}

fn build(root: &Path, out: &Path) -> Output {
    run(&[&"build", &"--root", &root, &"--out", &out])
}

fn diff_snapshots(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => diffs.push(format!("{k}: removed")),
            Some(w) if w != v => diffs.push(format!("{k}: changed")),
            Some(_) => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        diffs.push(format!("{k}: added"));
    }
    diffs
}

// ---------------------------------------------------------------------------
// expect.txt and rendered diagnostics

/// One expected diagnostic: `CODE FILE:LINE:COLUMN [message substring]`,
/// followed by indented `help: …` / `not: …` lines.
#[derive(Debug)]
struct Expect {
    source_line: usize,
    code: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
    help: Vec<String>,
    not: Vec<String>,
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "expect.txt:{}: {} {}:{}:{} {}",
            self.source_line, self.code, self.file, self.line, self.column, self.message
        )?;
        for h in &self.help {
            write!(f, " [help: {h}]")?;
        }
        for n in &self.not {
            write!(f, " [not: {n}]")?;
        }
        Ok(())
    }
}

/// `FILE:LINE:COLUMN rest` → (file, line, column, rest). The file may hold
/// spaces (`Bad Name.md`), so the location ends at the first `:N:N` that is
/// followed by a space or the end of the line.
fn split_location(s: &str) -> Option<(String, usize, usize, String)> {
    for (i, _) in s.match_indices(':') {
        let rest = &s[i + 1..];
        let (line, rest) = rest.split_once(':')?;
        let end = rest.find(' ').unwrap_or(rest.len());
        let (col, tail) = rest.split_at(end);
        if let (Ok(line), Ok(col)) = (line.parse(), col.parse()) {
            return Some((s[..i].to_string(), line, col, tail.trim().to_string()));
        }
    }
    None
}

fn parse_expect(text: &str) -> Result<Vec<Expect>, String> {
    let mut out: Vec<Expect> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            let last = out.last_mut().ok_or_else(|| {
                format!("expect.txt:{n}: an indented line needs a diagnostic line above it")
            })?;
            if let Some(h) = trimmed.strip_prefix("help:") {
                last.help.push(h.trim().to_string());
            } else if let Some(x) = trimmed.strip_prefix("not:") {
                last.not.push(x.trim().to_string());
            } else {
                return Err(format!(
                    "expect.txt:{n}: expected `help: …` or `not: …`, got `{trimmed}`"
                ));
            }
            continue;
        }
        let (code, rest) = trimmed
            .split_once(' ')
            .ok_or_else(|| format!("expect.txt:{n}: expected `CODE FILE:LINE:COLUMN [message]`"))?;
        let valid_code = code.len() == 4
            && (code.starts_with('E') || code.starts_with('W'))
            && code[1..].chars().all(|c| c.is_ascii_digit());
        if !valid_code {
            return Err(format!(
                "expect.txt:{n}: `{code}` is not a code like E010 or W001"
            ));
        }
        let (file, line, column, message) = split_location(rest.trim())
            .ok_or_else(|| format!("expect.txt:{n}: expected FILE:LINE:COLUMN after the code"))?;
        out.push(Expect {
            source_line: n,
            code: code.to_string(),
            file,
            line,
            column,
            message,
            help: Vec::new(),
            not: Vec::new(),
        });
    }
    if out.is_empty() {
        return Err("expect.txt lists no diagnostics".into());
    }
    Ok(out)
}

/// One diagnostic as printed on stderr.
#[derive(Debug)]
struct Rendered {
    code: String,
    message: String,
    file: String,
    line: usize,
    column: usize,
    /// Everything after `= 直し方: ` or `= help: ` (help can span lines).
    help: String,
    /// The whole block as printed.
    text: String,
    /// The English message and help, from `check --format json`.
    message_en: String,
    help_en: String,
}

/// The label before the help line, in Japanese and in English.
const HELP_LABELS: [&str; 2] = ["= 直し方: ", "= help: "];

/// Whether `s` holds Japanese (kana, kanji or full-width forms): the
/// test that a line is not an English sentence.
fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
    })
}

fn parse_rendered(stderr: &str) -> Vec<Rendered> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in stderr.lines() {
        let header =
            (line.starts_with("error[") || line.starts_with("warning[")) && line.contains("]: ");
        if header {
            blocks.push(vec![line]);
        } else if let Some(b) = blocks.last_mut() {
            b.push(line);
        }
    }
    blocks
        .into_iter()
        .map(|b| {
            let header = b[0];
            let open = header.find('[').unwrap();
            let close = header.find("]: ").unwrap();
            let code = header[open + 1..close].to_string();
            let message = header[close + 3..].to_string();
            let (file, line, column) = b
                .iter()
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(|loc| {
                    let mut parts = loc.rsplitn(3, ':');
                    let col = parts.next()?.parse().ok()?;
                    let line = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), line, col))
                })
                .unwrap_or_default();
            let help = b
                .iter()
                .position(|l| HELP_LABELS.iter().any(|h| l.trim_start().starts_with(h)))
                .map(|i| {
                    let line = b[i].trim_start();
                    let first = HELP_LABELS
                        .iter()
                        .find_map(|h| line.strip_prefix(h))
                        .unwrap_or(line);
                    std::iter::once(first)
                        .chain(b[i + 1..].iter().copied())
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            Rendered {
                code,
                message,
                file,
                line,
                column,
                help,
                text: b.join("\n"),
                message_en: String::new(),
                help_en: String::new(),
            }
        })
        .collect()
}

/// Adds the English of each diagnostic from `check --format json`, which
/// lists the same diagnostics in the same order; returns what does not
/// fit (a count or a place that differs, an English message missing).
fn add_english(rendered: &mut [Rendered], json_stdout: &str) -> Vec<String> {
    let lines: Vec<&str> = json_stdout.lines().collect();
    if lines.len() != rendered.len() {
        return vec![format!(
            "  `check --format json` gave {} diagnostics, the human format {}",
            lines.len(),
            rendered.len()
        )];
    }
    let mut problems = Vec::new();
    for (d, line) in rendered.iter_mut().zip(lines) {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("  not JSON ({e}): {line}"));
                continue;
            }
        };
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        if text("code").as_deref() != Some(d.code.as_str())
            || v.get("line").and_then(|x| x.as_u64()) != Some(d.line as u64)
        {
            problems.push(format!("  JSON and human formats differ: {line}"));
            continue;
        }
        match text("message_en") {
            Some(m) => d.message_en = m,
            None => problems.push(format!("  no message_en: {line}")),
        }
        match (text("help"), text("help_en")) {
            (Some(_), Some(h)) => d.help_en = h,
            (Some(_), None) => problems.push(format!("  no help_en: {line}")),
            _ => {}
        }
    }
    problems
}

/// Lines of the default output that are not in Japanese: every message,
/// and the first line of every help (what follows may be an example in
/// YAML).
fn english_lines(rendered: &[Rendered]) -> Vec<String> {
    let mut out = Vec::new();
    for d in rendered {
        if !has_japanese(&d.message) {
            out.push(format!("  message in English: {} {}", d.code, d.message));
        }
        let help = d.help.lines().next().unwrap_or("");
        if !help.is_empty() && !has_japanese(help) {
            out.push(format!("  help in English: {} {help}", d.code));
        }
        if !d.help.is_empty() && !d.text.contains(HELP_LABELS[0]) {
            out.push(format!("  help not labelled 直し方: {}", d.code));
        }
    }
    out
}

fn matches(e: &Expect, d: &Rendered) -> bool {
    e.code == d.code
        && e.file == d.file
        && e.line == d.line
        && e.column == d.column
        && (d.message.contains(&e.message) || d.message_en.contains(&e.message))
        && e.help
            .iter()
            .all(|h| d.help.contains(h.as_str()) || d.help_en.contains(h.as_str()))
        && e.not.iter().all(|n| {
            !d.text.contains(n.as_str())
                && !d.message_en.contains(n.as_str())
                && !d.help_en.contains(n.as_str())
        })
}

/// Pairs expectations with diagnostics one to one; returns the problems.
fn compare(expects: &[Expect], rendered: &[Rendered]) -> Vec<String> {
    let mut used = vec![false; rendered.len()];
    let mut problems = Vec::new();
    for e in expects {
        match (0..rendered.len()).find(|&i| !used[i] && matches(e, &rendered[i])) {
            Some(i) => used[i] = true,
            None => {
                // Say what was closest, to make the failure easy to read.
                let near = rendered
                    .iter()
                    .zip(&used)
                    .filter(|(d, u)| !**u && d.code == e.code && d.file == e.file)
                    .map(|(d, _)| {
                        format!(
                            "\n        got {}:{}:{} {} ({})\n            help: {} ({})",
                            d.file, d.line, d.column, d.message, d.message_en, d.help, d.help_en
                        )
                    })
                    .collect::<String>();
                problems.push(format!("  missing: {e}{near}"));
            }
        }
    }
    for (d, u) in rendered.iter().zip(&used) {
        if !u {
            problems.push(format!(
                "  unexpected: {} {}:{}:{} {}",
                d.code, d.file, d.line, d.column, d.message
            ));
        }
    }
    problems
}

// ---------------------------------------------------------------------------
// Invalid fixtures

fn invalid_case(name: &str) {
    let dir = fixtures().join("invalid").join(name);
    assert!(dir.is_dir(), "no fixture folder {}", dir.display());
    let expect_text = std::fs::read_to_string(dir.join("expect.txt"))
        .unwrap_or_else(|e| panic!("{name}/expect.txt: {e}"));
    let expects = parse_expect(&expect_text).unwrap_or_else(|e| panic!("{name}/{e}"));
    let errors_expected = expects.iter().any(|e| e.code.starts_with('E'));
    let want_code = if errors_expected { 1 } else { 0 };

    let mut failures = Vec::new();

    // 1. check: exit code and exactly the expected diagnostics.
    let out = check(&dir);
    if out.stderr.contains("panicked") {
        failures.push("  `check` panicked".to_string());
    }
    if out.code != Some(want_code) {
        failures.push(format!(
            "  `check` exited {:?}, expected {want_code}",
            out.code
        ));
    }
    let mut rendered = parse_rendered(&out.stderr);
    let json = run(&[&"check", &"--root", &dir, &"--format", &"json"]);
    failures.extend(add_english(&mut rendered, &json.stdout));
    failures.extend(compare(&expects, &rendered));
    failures.extend(english_lines(&rendered));
    let check_stderr = out.stderr;

    // 2. build over a previous output: exit 1, the old output untouched.
    if errors_expected {
        let tmp = TempDir::new(name);
        copy_dir(&dir, tmp.path());
        let public = tmp.path().join("public");
        let prev = build(&fixtures().join("valid/basic"), &public);
        assert_eq!(
            prev.code,
            Some(0),
            "building valid/basic failed:\n{}",
            prev.stderr
        );
        assert!(
            public.join(".handbook-build").is_file(),
            "no .handbook-build marker"
        );
        let before = snapshot(&public);
        let names_before = dir_names(tmp.path());
        let out = build(tmp.path(), &public);
        if out.code != Some(1) {
            failures.push(format!(
                "  `build` exited {:?}, expected 1\n{}",
                out.code, out.stderr
            ));
        }
        if out.stderr.contains("panicked") {
            failures.push("  `build` panicked".to_string());
        }
        let after = snapshot(&public);
        let diffs = diff_snapshots(&before, &after);
        if !diffs.is_empty() {
            failures.push(format!(
                "  `build` changed the previous output: {}",
                diffs.join(", ")
            ));
        }
        let names_after = dir_names(tmp.path());
        if names_before != names_after {
            failures.push(format!(
                "  `build` left files next to the output: {names_before:?} → {names_after:?}"
            ));
        }
    }

    if !failures.is_empty() {
        panic!(
            "fixture invalid/{name}:\n{}\n--- stderr of `check` ---\n{check_stderr}",
            failures.join("\n")
        );
    }
}

fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

macro_rules! invalid {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                invalid_case($dir);
            }
        )*

        /// Every folder in invalid/ has a test above, and every test a folder.
        #[test]
        fn every_invalid_fixture_has_a_test() {
            let listed: Vec<&str> = vec![$($dir),*];
            let on_disk = dir_names(&fixtures().join("invalid"));
            let missing: Vec<&String> = on_disk.iter().filter(|d| !listed.contains(&d.as_str())).collect();
            let stale: Vec<&&str> = listed.iter().filter(|l| !on_disk.iter().any(|d| d == *l)).collect();
            assert!(
                missing.is_empty() && stale.is_empty(),
                "add these to the invalid! list in tests/fixtures.rs: {missing:?}; no folder for: {stale:?}"
            );
        }
    };
}

invalid! {
    invalid_blanks => "blanks",
    invalid_contacts_duplicate_id => "contacts-duplicate-id",
    invalid_unbalanced_markup => "unbalanced-markup",
    invalid_control_characters => "control-characters",
    invalid_interval_out_of_range => "interval-out-of-range",
    invalid_contacts_bad_phone => "contacts-bad-phone",
    invalid_contacts_dangling_flow => "contacts-dangling-flow",
    invalid_contacts_flow_cycle => "contacts-flow-cycle",
    invalid_contacts_unknown_kind => "contacts-unknown-kind",
    invalid_one_wrong_value_each => "one-wrong-value-each",
    invalid_unreadable_date_once => "unreadable-date-once",
    invalid_contacts_bad_date => "contacts-bad-date",
    invalid_contacts_stale => "contacts-stale",
    invalid_severity_dangling => "severity-dangling",
    invalid_synonyms_problems => "synonyms-problems",
    invalid_procedure_bad_values => "procedure-bad-values",
    invalid_procedure_stale_drill => "procedure-stale-drill",
    invalid_training_bad_values => "training-bad-values",
    invalid_training_overdue => "training-overdue",
    invalid_checklist_overdue => "checklist-overdue",
    invalid_checklist_answers => "checklist-answers",
    invalid_vendor_sheet_missing => "vendor-sheet-missing",
    invalid_notice_missing => "notice-missing",
    invalid_incident_dangling => "incident-dangling",
    invalid_bcp_dangling => "bcp-dangling",
    invalid_bcp_rto_unmet => "bcp-rto-unmet",
    invalid_distribution_outdated => "distribution-outdated",
    invalid_contact_link_in_page => "contact-link-in-page",
    invalid_contacts_empty => "contacts-empty",
    invalid_severity_yaml_syntax => "severity-yaml-syntax",
    invalid_bad_base_url => "bad-base-url",
    invalid_config_every_problem => "config-every-problem",
    invalid_yaml_every_problem => "yaml-every-problem",
    invalid_yaml_values_after_typos => "yaml-values-after-typos",
    invalid_template_syntax => "template-syntax",
    invalid_empty_required => "empty-required",
    invalid_theme_outside => "theme-outside",
    invalid_bad_file_name => "bad-file-name",
    invalid_bom_crlf_positions => "bom-crlf-positions",
    invalid_broken_reg_link => "broken-reg-link",
    invalid_data_link_in_regulation => "data-link-in-regulation",
    invalid_duplicate_article => "duplicate-article",
    invalid_duplicate_regulation_number => "duplicate-regulation-number",
    invalid_version_misnamed => "version-misnamed",
    invalid_version_orphan_folder => "version-orphan-folder",
    invalid_version_not_earlier => "version-not-earlier",
    invalid_empty_regulation => "empty-regulation",
    invalid_empty_title => "empty-title",
    invalid_euc_jp => "euc-jp",
    invalid_history_not_a_list => "history-not-a-list",
    invalid_history_out_of_order => "history-out-of-order",
    invalid_impossible_iso_date => "impossible-iso-date",
    invalid_impossible_wareki_date => "impossible-wareki-date",
    invalid_javascript_link => "javascript-link",
    invalid_raw_html => "raw-html",
    invalid_credentials => "credentials",
    invalid_credentials_values => "credentials-values",
    invalid_credentials_config => "credentials-config",
    invalid_symlink_loop => "symlink-loop",
    invalid_symlink_outside => "symlink-outside",
    invalid_symlink_theme => "symlink-theme",
    invalid_link_escapes => "link-escapes",
    invalid_image => "image",
    invalid_many_problems => "many-problems",
    invalid_many_problems_bad_config => "many-problems-bad-config",
    invalid_missing_article_link => "missing-article-link",
    invalid_missing_article_mention => "missing-article-mention",
    invalid_missing_field_handbook => "missing-field-handbook",
    invalid_missing_field_regulation => "missing-field-regulation",
    invalid_missing_front_matter => "missing-front-matter",
    invalid_missing_paragraph_mention => "missing-paragraph-mention",
    invalid_mention_too_large => "mention-too-large",
    invalid_mention_uncertain => "mention-uncertain",
    invalid_no_handbook_yaml => "no-handbook-yaml",
    invalid_shift_jis => "shift-jis",
    invalid_supplement_mention => "supplement-mention",
    invalid_tab_indent => "tab-indent",
    invalid_unclosed_front_matter => "unclosed-front-matter",
    invalid_unknown_field_handbook => "unknown-field-handbook",
    invalid_unreadable_page_linked => "unreadable-page-linked",
    invalid_unknown_field_regulation => "unknown-field-regulation",
    invalid_wrong_type_handbook => "wrong-type-handbook",
    invalid_wrong_type_order => "wrong-type-order",
    invalid_yaml_syntax_front_matter => "yaml-syntax-front-matter",
    invalid_yaml_syntax_handbook => "yaml-syntax-handbook",
}

#[test]
fn expect_format_parses_paths_with_spaces_and_help_lines() {
    let e = parse_expect(
        "# comment\n\nE020 content/regulations/Bad Name.md:1:1 `Bad Name`\n  help: bad-name.md\n  not: panic\nW001 a.md:7:11\n",
    )
    .unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].file, "content/regulations/Bad Name.md");
    assert_eq!((e[0].line, e[0].column), (1, 1));
    assert_eq!(e[0].message, "`Bad Name`");
    assert_eq!(e[0].help, vec!["bad-name.md"]);
    assert_eq!(e[0].not, vec!["panic"]);
    assert_eq!(
        (
            e[1].code.as_str(),
            e[1].line,
            e[1].column,
            e[1].message.as_str()
        ),
        ("W001", 7, 11, "")
    );
    assert!(parse_expect("E1 a.md:1:1").is_err());
    assert!(parse_expect("E010 a.md").is_err());
}

// ---------------------------------------------------------------------------
// Valid fixtures

fn assert_no_diagnostics(what: &str, out: &Output) {
    assert!(
        !out.stderr.contains("error[")
            && !out.stderr.contains("warning[")
            && !out.stderr.contains("panicked"),
        "{what}: diagnostics on stderr:\n{}",
        out.stderr
    );
}

#[test]
fn valid_fixtures_check_and_build_cleanly() {
    let names = dir_names(&fixtures().join("valid"));
    assert!(names.len() >= 2, "expected valid fixtures, found {names:?}");
    for name in names {
        let root = fixtures().join("valid").join(&name);
        let out = check(&root);
        assert_eq!(out.code, Some(0), "valid/{name}: check:\n{}", out.stderr);
        assert_no_diagnostics(&format!("valid/{name}: check"), &out);
        let tmp = TempDir::new(&name);
        let public = tmp.path().join("public");
        let out = build(&root, &public);
        assert_eq!(out.code, Some(0), "valid/{name}: build:\n{}", out.stderr);
        assert_no_diagnostics(&format!("valid/{name}: build"), &out);
        assert!(
            public.join("index.html").is_file(),
            "valid/{name}: no index.html"
        );
        assert!(
            public.join(".handbook-build").is_file(),
            "valid/{name}: no marker"
        );
    }
}

#[test]
fn builds_are_byte_identical_with_source_date_epoch() {
    let root = fixtures().join("valid/basic");
    let tmp = TempDir::new("repro");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(build(&root, &a).code, Some(0));
    assert_eq!(build(&root, &b).code, Some(0));
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 3, "too few files: {:?}", sa.keys());
    let diffs = diff_snapshots(&sa, &sb);
    assert!(diffs.is_empty(), "two builds differ: {diffs:?}");
}

/// Builds valid/basic once and returns the HTML of one output file.
fn basic_html(file: &str) -> String {
    let tmp = TempDir::new("basic-html");
    let public = tmp.path().join("public");
    let out = build(&fixtures().join("valid/basic"), &public);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    std::fs::read_to_string(public.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Builds valid/statute (a law pasted as e-Gov prints it) and returns
/// its regulation page.
fn statute_html() -> String {
    let tmp = TempDir::new("statute-html");
    let public = tmp.path().join("public");
    let out = build(&fixtures().join("valid/statute"), &public);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = public.join("regulations/sample-law.html");
    std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()))
}

#[test]
fn a_pasted_law_keeps_its_structure() {
    let html = statute_html();
    let mut missing = Vec::new();
    for want in [
        // ② ③: 項 of an old law.
        r#"id="art-1-p2""#,
        r#"id="art-1-p3""#,
        // 号 with a branch number.
        r#"<li id="art-1-p2-i2-2">"#,
        // Deleted ranges: one article each, shown 削除.
        r##"<article class="article" id="art-4">"##,
        r##"<a class="num article-num" href="#art-4">第四条</a>　削除"##,
        r##"<article class="article" id="art-7">"##,
        // Tables are tables; e-Gov's open borders kept.
        r#"<td class="open-b">第二十条第一項</td>"#,
        "<th>区分</th><th>準用する規定</th>",
        // 別表 are sections of their own, with their items and tables.
        r#"<section class="appendix" id="appx-1">"#,
        r#"<li id="appx-1-text-1-p1-i2">"#,
        r#"<section class="appendix" id="appx-2">"#,
        "<h2>別表第二　補償表（第一条関係）</h2>",
        // 第二条（第二項を除く。）: the 項 is 第二条's.
        r##"<a class="xref" href="#art-2-p2">第二項</a>"##,
        // A cell of an ordinary table is read; an appendix's 第八条 is ours.
        r##"<a class="xref" href="#art-1-p3">第一条第三項</a>"##,
        r##"<a class="xref" href="#art-8">第八条</a>"##,
        // The law's own 附則 numbers its articles on; 前条 is its own.
        r##"<a class="xref" href="#suppl-1-art-9">前条</a>"##,
        // The amending act's 附則: 次条 is its own article.
        r##"<a class="xref" href="#suppl-2-art-2">次条</a>"##,
    ] {
        if !html.contains(want) {
            missing.push(want);
        }
    }
    // The 目次 made no heading of its own, and its 附則 line no 附則.
    let headings = html.matches(r#"class="division"#).count();
    if headings != 3 {
        missing.push("exactly three headings (第一章, 第二章, 第一節)");
    }
    if html.matches(r#"<section class="supplement""#).count() != 2 {
        missing.push("exactly two 附則");
    }
    // A 読替え table's cells quote wording: never linked.
    if !html.contains("<td>前条</td><td>第九条</td>") {
        missing.push("読替え cells unlinked");
    }
    // In the amending act's 附則, 第三条 is that act's: not linked.
    if !html.contains("ただし、第三条の規定は") {
        missing.push("the amending act's 第三条 unlinked");
    }
    assert!(
        missing.is_empty(),
        "missing from the pasted law's page: {missing:?}\n{html}"
    );
}

#[test]
fn basic_regulation_html() {
    let html = basic_html("regulations/info-management.html");
    let mut missing = Vec::new();
    for want in [
        // anchors: branch article, paragraph, 附則 articles
        r#"id="art-3-2""#,
        r#"id="art-2-p2""#,
        r#"id="suppl-1""#,
        r#"id="suppl-1-art-1""#,
        r#"id="suppl-1-art-2""#,
        r#"id="art-2-p1-i1""#,
        // chapters and the 節
        r#"id="chap-1""#,
        r#"id="chap-2-sec-1""#,
        // every way of writing a number is kept as printed
        ">第１条</a>",
        ">第2条</a>",
        ">第三条</a>",
        ">第三条の二</a>",
        // mentions become links
        r##"<a class="xref" href="#art-3-2">第三条の二</a>"##,
        r##"<a class="xref" href="#art-2">前条</a>"##,
        r##"<a class="xref" href="#art-2-p1">前項</a>"##,
        r##"<a class="xref" href="#art-2-p2">第2条第2項</a>"##,
        r##"<a class="xref" href="#art-3-p2">前条第２項</a>"##,
        // captions
        "（目的）",
        "（管理責任者の職務）",
        "（経過措置）",
        // hard-wrapped lines joined without a break or space
        "必要な事項を定めることを目的とする。",
        "事務を、情報システム課に委任することができる。",
        // 附則
        "附　則",
        // 改定履歴 in 和暦
        "令和7年4月1日",
        "令和7年10月1日",
    ] {
        if !html.contains(want) {
            missing.push(want);
        }
    }
    // 商標法第二条 is another law's article: plain text, never a link.
    if !html.contains("商標法第二条に規定する") {
        missing.push("商標法第二条に規定する (unlinked)");
    }
    // A 読替え table is a table, and its cells quote wording: shown, never
    // linked.
    if !html.contains(
        "<table class=\"table law-table\"><tbody><tr><td>前条第二項</td><td>前条第九項及び第八項</td><td>第二条</td></tr></tbody></table>",
    ) {
        missing.push("読替え table with unlinked cells");
    }
    let history = html.split(r#"id="history""#).nth(1).unwrap_or("");
    if !history.contains("令和7年4月1日") || !history.contains("令和7年10月1日") {
        missing.push("和暦 dates in the 改定履歴 table");
    }
    // Nested 号: イ/ロ inside 二, ①② under 第三条第２項, （１）（２） under 第三条の二.
    for marker in ["イ", "ロ", "①", "②", "（１）", "（２）"] {
        if !html.contains(&format!(r#"<span class="marker">{marker}</span>"#)) {
            missing.push(marker);
        }
    }
    assert!(
        missing.is_empty(),
        "missing from the regulation page: {missing:?}\n{html}"
    );
}

#[test]
fn basic_section_style_and_page_links() {
    let reg = basic_html("regulations/incident-response.html");
    for want in [
        r#"id="sec-1""#,
        r#"id="sec-2""#,
        r#"id="sec-2-1""#,
        r#"id="sec-2-2""#,
        "目的",
        "対応",
    ] {
        assert!(reg.contains(want), "section style: missing {want}\n{reg}");
    }
    let page = basic_html("pages/guide.html");
    for want in [
        r#"href="../regulations/info-management.html#art-3-2""#,
        r#"href="../regulations/incident-response.html""#,
        "guide.html\"",
    ] {
        assert!(page.contains(want), "page: missing {want}\n{page}");
    }
}

/// 附則 text that says 第三条 means 第三条 of the main provisions: it should
/// be a link like any other mention (FORMAT.md: mentions in the body become links).
#[test]
fn supplement_mentions_link_to_main_provisions() {
    let html = basic_html("regulations/info-management.html");
    let suppl = html.split(r#"id="suppl-1""#).nth(1).unwrap_or("");
    assert!(
        suppl.contains(r##"<a class="xref" href="#art-3">第三条</a>"##),
        "第三条 in the 附則 is not linked to #art-3:\n{suppl}"
    );
}

#[test]
fn bom_and_crlf_sources_build() {
    let tmp = TempDir::new("bom");
    let public = tmp.path().join("public");
    let out = build(&fixtures().join("valid/bom-crlf"), &public);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = std::fs::read_to_string(public.join("regulations/notepad.html")).unwrap();
    assert!(html.contains("メモ帳で保存した規程"), "title lost:\n{html}");
    assert!(
        html.contains("メモ帳で保存したファイルを読むために定める。"),
        "wrapped CRLF line not joined:\n{html}"
    );
    assert!(
        html.contains(r##"<a class="xref" href="#art-1-p2">前条第２項</a>"##),
        "{html}"
    );
    assert!(
        !html.contains('\r') && !html.contains('\u{feff}'),
        "CR or BOM leaked into HTML"
    );
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(index.contains("BOMとCRLFのハンドブック"), "{index}");
    assert!(!index.contains('\u{feff}'));
}

// ---------------------------------------------------------------------------
// new regulation (`init` has its own suite: tests/starter.rs)

/// A copy of `valid/basic`, a handbook with no diagnostics, to add to.
fn basic_copy(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("hb");
    copy_dir(&fixtures().join("valid/basic"), &dir);
    dir
}

#[test]
fn new_regulation_builds() {
    let tmp = TempDir::new("new");
    let dir = basic_copy(&tmp);
    let out = run(&[&"new", &"regulation", &"foo-bar", &"--root", &dir]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let file = dir.join("content/regulations/foo-bar.md");
    assert!(file.is_file(), "{} not created", file.display());
    let out = build(&dir, &dir.join("public"));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_no_diagnostics("new regulation → build", &out);
    assert!(dir.join("public/regulations/foo-bar.html").is_file());
    // The same id again: refused, file untouched.
    let before = std::fs::read(&file).unwrap();
    let out = run(&[&"new", &"regulation", &"foo-bar", &"--root", &dir]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn new_regulation_with_a_bad_id_exits_2() {
    let tmp = TempDir::new("badid");
    let dir = basic_copy(&tmp);
    let out = run(&[&"new", &"regulation", &"Bad Id", &"--root", &dir]);
    assert_eq!(out.code, Some(2), "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("Bad Id"), "{}", out.stderr);
    assert!(!dir.join("content/regulations/Bad Id.md").exists());
}

#[test]
fn own_templates_and_theme_files_replace_the_built_ins_by_name() {
    let tmp = TempDir::new("override");
    let public = tmp.path().join("public");
    let root = fixtures().join("valid/override");
    let out = build(&root, &public);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = std::fs::read_to_string(public.join("pages/note.html")).expect("page");
    assert!(page.contains("own-page-template"), "own page.html not used");
    // The other templates are still the built-ins (base.html renders the nav).
    assert!(
        page.contains("class=\"site-nav\""),
        "built-in base.html not used"
    );
    let css = std::fs::read(public.join("theme/style.css")).expect("css");
    assert_eq!(
        css,
        std::fs::read(root.join("theme/style.css")).expect("own css")
    );
    assert!(
        public.join("theme/img/logo.svg").is_file(),
        "extra theme file not copied"
    );
    let index = std::fs::read_to_string(public.join("index.html")).expect("index");
    assert!(
        index.contains("第2版"),
        "edition missing from the front page"
    );
    // SOURCE_DATE_EPOCH 1767225600 is 2026-01-01, shown in 和暦 (Japan time).
    assert!(
        index.contains("<time datetime=\"2026-01-01\">令和8年1月1日</time>"),
        "build date missing from the footer"
    );
}

/// `check --format json`: one object per diagnostic on stdout, the same
/// diagnostics at the same places as the human format, every field there.
#[test]
fn check_json_reports_what_the_human_format_does() {
    for case in ["many-problems", "history-out-of-order", "version-misnamed"] {
        let root = fixtures().join("invalid").join(case);
        let human = parse_rendered(&check(&root).stderr);
        let json = run(&[&"check", &"--root", &root, &"--format", &"json"]);
        assert_eq!(json.code, Some(1), "{case}");
        let lines: Vec<&str> = json.stdout.lines().collect();
        assert_eq!(lines.len(), human.len(), "{case}: {}", json.stdout);
        for (line, d) in lines.iter().zip(&human) {
            let want = format!(
                "{{\"file\":\"{}\",\"line\":{},\"column\":{},\"severity\":\"{}\",\"code\":\"{}\",\"message\":",
                d.file,
                d.line,
                d.column,
                if d.code.starts_with('E') {
                    "error"
                } else {
                    "warning"
                },
                d.code
            );
            assert!(line.starts_with(&want), "{case}: {line}\nwanted {want}");
            assert!(line.contains(",\"help\":") && line.ends_with('}'), "{line}");
        }
    }
}

/// Raw HTML: refused by default (see invalid/raw-html), published as
/// written with `trusted_html: true`; harmless tags pass either way and
/// comments never reach the page.
#[test]
fn raw_html_needs_the_trusted_switch() {
    let tmp = TempDir::new("raw-html");
    let root = tmp.path().join("src");
    copy_dir(&fixtures().join("invalid/raw-html"), &root);
    std::fs::remove_file(root.join("expect.txt")).expect("remove expect.txt");
    let yaml = std::fs::read_to_string(root.join("handbook.yaml")).expect("yaml");
    std::fs::write(
        root.join("handbook.yaml"),
        format!("{yaml}trusted_html: true\n"),
    )
    .expect("write yaml");
    let out = tmp.path().join("out");
    let built = build(&root, &out);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let page = std::fs::read_to_string(out.join("pages/guide.html")).expect("guide");
    assert!(
        page.contains("<script>alert(1)</script>"),
        "trusted HTML is published"
    );
    assert!(page.contains("<sup>注1</sup>"));
    let rule = std::fs::read_to_string(out.join("regulations/rule.html")).expect("rule");
    assert!(
        rule.contains(r#"<span style="color:red">必ず</span>"#),
        "{rule}"
    );

    // Without the switch, only the harmless parts: the others removed.
    std::fs::write(
        root.join("content/pages/guide.md"),
        "---\ntitle: 手引き\n---\n本文<sup>注1</sup>と<!-- 編集メモ -->改行<br>。\n",
    )
    .expect("write page");
    std::fs::write(
        root.join("content/regulations/rule.md"),
        "---\ntitle: 規程\nnumber: 規程第1号\neffective: 2024-04-01\n---\n第１条　職員は、H<sub>2</sub>O を報告する。\n",
    )
    .expect("write rule");
    std::fs::write(root.join("handbook.yaml"), yaml).expect("write yaml");
    let built = build(&root, &out);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let page = std::fs::read_to_string(out.join("pages/guide.html")).expect("guide");
    assert!(page.contains("本文<sup>注1</sup>と改行<br>。"), "{page}");
    assert!(!page.contains("編集メモ"), "comments are not published");
    let rule = std::fs::read_to_string(out.join("regulations/rule.html")).expect("rule");
    assert!(rule.contains("H<sub>2</sub>O"), "{rule}");
}

/// The command line's own help and usage errors follow the same language:
/// `--help` in Japanese on stdout with exit 0, a mistyped command in
/// Japanese on stderr with exit 2 and a suggestion; clap's English with
/// `--lang en` or an English locale.
#[test]
fn help_and_usage_errors_speak_the_users_language() {
    let help = run(&[&"--help"]);
    assert_eq!(help.code, Some(0));
    assert!(
        help.stdout
            .contains("使い方: handbook [オプション] <コマンド>"),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout
            .contains("  build    ハンドブックを出力先のフォルダーに作ります"),
        "{}",
        help.stdout
    );
    let build = run(&[&"build", &"-h"]);
    assert!(
        build
            .stdout
            .contains("--root <ROOT>   ハンドブックのフォルダー"),
        "{}",
        build.stdout
    );
    let typo = run(&[&"buidl"]);
    assert_eq!(typo.code, Some(2));
    assert!(typo.stdout.is_empty());
    assert!(
        typo.stderr
            .starts_with("エラー: 「buidl」というコマンドはありません\n  もしかして: build\n"),
        "{}",
        typo.stderr
    );
    for en in [
        run(&[&"buidl", &"--lang", &"en"]),
        common::run_env(&[&"buidl"], &[("LANG", "en_US.UTF-8")]),
    ] {
        assert_eq!(en.code, Some(2));
        assert!(
            en.stderr
                .starts_with("error: unrecognized subcommand 'buidl'"),
            "{}",
            en.stderr
        );
    }
    let en = run(&[&"--lang", &"en", &"build", &"--help"]);
    assert!(
        en.stdout.contains("Usage: handbook build [OPTIONS]"),
        "{}",
        en.stdout
    );
    let version = run(&[&"--version"]);
    assert_eq!(version.code, Some(0));
    assert!(
        version.stdout.starts_with("handbook ") && version.stdout.ends_with('\n'),
        "{}",
        version.stdout
    );
}

/// Messages are Japanese by default, English with `--lang en` or an
/// English locale (the first of LC_ALL, LC_MESSAGES, LANG that is set);
/// the `error[E012]:` prefix and the position stay as they are, and JSON
/// always carries both languages.
#[test]
fn check_speaks_english_when_asked() {
    let root = fixtures().join("invalid/contacts-unknown-kind");
    let ja = check(&root);
    assert!(
        ja.stderr
            .contains("error[E012]: 連絡体制図の `kind` に `police` は書けません\n"),
        "{}",
        ja.stderr
    );
    assert!(ja.stderr.contains("= 直し方: "), "{}", ja.stderr);
    assert!(
        ja.stderr.contains("エラー 1 件、警告 1 件"),
        "{}",
        ja.stderr
    );
    let english = "error[E012]: `kind` cannot be `police` in the contact chart\n";
    let en = run(&[&"check", &"--root", &root, &"--lang", &"en"]);
    assert!(en.stderr.contains(english), "{}", en.stderr);
    assert!(en.stderr.contains("= help: write one of"), "{}", en.stderr);
    assert!(
        en.stderr.contains("1 error(s), 1 warning(s)"),
        "{}",
        en.stderr
    );
    for (pos, (ja_part, en_part)) in ja.stderr.lines().zip(en.stderr.lines()).enumerate() {
        if ja_part.trim_start().starts_with("-->") || ja_part.contains(" | ") {
            assert_eq!(ja_part, en_part, "line {pos}: position and snippet differ");
        }
    }
    for env in [
        vec![("LANG", "en_US.UTF-8")],
        vec![("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "ja_JP.UTF-8")],
    ] {
        let out = common::run_env(&[&"check", &"--root", &root], &env);
        assert!(out.stderr.contains(english), "{env:?}: {}", out.stderr);
    }
    for (args, env) in [
        (vec!["--lang", "ja"], vec![("LANG", "en_US.UTF-8")]),
        (
            vec![],
            vec![("LC_ALL", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")],
        ),
        (vec![], vec![("LANG", "C.UTF-8")]),
    ] {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--root", &root];
        all.extend(args.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
        let out = common::run_env(&all, &env);
        assert!(
            out.stderr.contains("連絡体制図の `kind`"),
            "{args:?} {env:?}: {}",
            out.stderr
        );
    }
    let json = run(&[
        &"check",
        &"--root",
        &root,
        &"--format",
        &"json",
        &"--lang",
        &"en",
    ]);
    assert!(
        json.stdout
            .contains("\"message\":\"連絡体制図の `kind` に `police` は書けません\"")
            && json
                .stdout
                .contains("\"message_en\":\"`kind` cannot be `police` in the contact chart\"")
            && json.stdout.contains("\"help_en\":\"write one of"),
        "{}",
        json.stdout
    );
    let ok = run(&[&"check", &"--root", &fixtures().join("valid/basic")]);
    assert!(
        ok.stderr.contains("ok: エラーはありません"),
        "{}",
        ok.stderr
    );
    let ok = run(&[
        &"check",
        &"--root",
        &fixtures().join("valid/basic"),
        &"--lang",
        &"en",
    ]);
    assert!(ok.stderr.contains("ok: no errors"), "{}", ok.stderr);
}
