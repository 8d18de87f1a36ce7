//! `handbook init`: a hospital's first hour. The starter kit builds as it
//! is and has every page; `check --strict` lists each 未記入 with its place
//! and fails until they are filled; filling one contact's blanks removes
//! exactly its warnings; `init --example` is this repository's example,
//! page for page; a folder that is not empty is never written into.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{TempDir, run, snapshot};

const MARK: &str = "未記入";

fn init(dir: &Path) -> PathBuf {
    let out = run(&[&"init", &dir]);
    assert_eq!(out.code, Some(0), "init: {}", out.stderr);
    dir.to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One diagnostic of `check --format json`: code, file, line, column, message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Diag {
    code: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
}

fn check_json(root: &Path, strict: bool) -> (Option<i32>, Vec<Diag>) {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"check", &"--root", &root, &"--format", &"json"];
    if strict {
        args.push(&"--strict");
    }
    let out = run(&args);
    let diags = out
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            Diag {
                code: v["code"].as_str().unwrap_or_default().to_string(),
                file: v["file"].as_str().unwrap_or_default().to_string(),
                line: v["line"].as_u64().unwrap_or_default() as usize,
                column: v["column"].as_u64().unwrap_or_default() as usize,
                message: v["message"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect();
    (out.code, diags)
}

/// Every place a value is the blank mark in the sources, found without the
/// program: in each `.yaml` file, and in the front matter of each `.md`
/// file, the mark on a line outside its `#` comment. (file, line, column).
fn blanks_by_hand(root: &Path) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for e in walk(root) {
        let rel = e
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("public/") {
            continue;
        }
        let text = read(&e);
        let lines: Vec<&str> = text.lines().collect();
        let range = if rel.ends_with(".yaml") {
            0..lines.len()
        } else if rel.ends_with(".md") {
            let end = lines[1..].iter().position(|l| *l == "---").unwrap_or(0) + 1;
            1..end
        } else {
            continue;
        };
        for i in range {
            let line = lines[i];
            // A YAML comment starts at a `#` at the line's start or after a
            // space (the kit quotes "#9110").
            let code = match line
                .char_indices()
                .find(|&(j, c)| c == '#' && (j == 0 || line[..j].ends_with(' ')))
            {
                Some((j, _)) => &line[..j],
                None => line,
            };
            for (j, _) in code.match_indices(MARK) {
                out.push((rel.clone(), i + 1, code[..j].chars().count() + 1));
            }
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn blank_warnings(diags: &[Diag]) -> Vec<(String, usize, usize)> {
    let mut w: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "W040")
        .map(|d| (d.file.clone(), d.line, d.column))
        .collect();
    w.sort();
    w
}

#[test]
fn the_starter_kit_builds_with_every_page() {
    let tmp = TempDir::new("starter-build");
    let hb = init(&tmp.path().join("hb"));
    let out = run(&[&"build", &"--root", &hb]);
    assert_eq!(out.code, Some(0), "build: {}", out.stderr);
    assert!(!out.stderr.contains("error["), "{}", out.stderr);
    let public = hb.join("public");
    let page = |p: &str| read(&public.join(p));
    let incident = page("incident.html");
    assert!(incident.contains("端末をネットワークから切り離す"), "steps");
    let contacts = page("contacts.html");
    for authority in [
        "JPCERT/CC",
        "03-6271-8901",
        "情報処理推進機構（IPA）",
        "03-5978-7509",
        "警察",
        "#9110",
        "厚生労働省",
        "個人情報保護委員会",
        "都道府県の医療安全担当課",
    ] {
        assert!(
            contacts.contains(authority),
            "contacts.html lacks {authority}"
        );
    }
    for role in [
        "情報システム部門",
        "当直管理者",
        "部門責任者（所属長）",
        "医療情報システム安全管理責任者",
        "個人情報管理委員会",
        "電子カルテ保守窓口",
    ] {
        assert!(contacts.contains(role), "contacts.html lacks {role}");
    }
    // The hospital's own numbers are shown as holes.
    assert!(
        contacts.contains("<dt>電話</dt><dd><span class=\"blank-mark\">未記入</span>"),
        "a blank number is not shown as 未記入 on its card"
    );
    let severity = page("severity.html");
    for level in [
        "深刻度：大",
        "深刻度：中",
        "深刻度：小",
        "速報",
        "確報",
        "30日以内",
    ] {
        assert!(severity.contains(level), "severity.html lacks {level}");
    }
    for form in [
        "forms/incident-report.html",
        "forms/restore-drill.html",
        "forms/training-attendance.html",
    ] {
        assert!(public.join(form).is_file(), "{form} missing");
    }
    assert!(page("forms/incident-report.html").contains("セキュリティ事故報告書"));
    assert!(page("bcp.html").contains("事業継続計画"));
    assert!(page("checklist.html").contains("医療情報システム安全管理責任者を設置している"));
    for p in [
        "procedures/emr.html",
        "procedures/pacs.html",
        "procedures/department.html",
        "training.html",
        "distribution.html",
        "poster.html",
        "cards.html",
        "wallet.html",
        "print.html",
        "regulations/security-incident.html",
    ] {
        assert!(public.join(p).is_file(), "{p} missing");
    }
    // RTO not decided yet: the procedure says so instead of 未設定.
    assert!(
        page("procedures/emr.html").contains("<dt>目標復旧時間（RTO）</dt><dd>未記入</dd>"),
        "blank RTO not shown"
    );
    // The binder carries the holes to paper.
    let print = page("print.html");
    assert!(
        print.contains("番号未記入"),
        "the binder hides blank numbers"
    );
}

#[test]
fn check_strict_lists_each_blank_where_it_is_written() {
    let tmp = TempDir::new("starter-strict");
    let hb = init(&tmp.path().join("hb"));
    let (code, diags) = check_json(&hb, true);
    assert_eq!(code, Some(1), "--strict must fail on the blanks");
    assert!(
        diags.iter().all(|d| !d.code.starts_with('E')),
        "the kit has errors: {diags:#?}"
    );
    let found = blank_warnings(&diags);
    let by_hand = blanks_by_hand(&hb);
    assert!(by_hand.len() > 50, "the kit has few blanks: {by_hand:?}");
    assert_eq!(
        found, by_hand,
        "W040 positions differ from the 未記入 in the files"
    );
    // Named the way a person looks for them.
    for want in [
        "未記入: 情報システム部門の電話番号",
        "未記入: 情報システム部門の責任者の携帯電話の番号",
        "未記入: 当直管理者の内線番号",
        "未記入: 電子カルテシステムの目標復旧時間（RTO）",
        "未記入: 冊子 第1号の保管場所",
        "未記入: 病院名",
    ] {
        assert!(
            diags.iter().any(|d| d.message == want),
            "no W040 「{want}」"
        );
    }
    // The checklist: every item unanswered.
    let unanswered = diags.iter().filter(|d| d.code == "W022").count();
    assert!(unanswered >= 18, "{unanswered} unanswered checklist items");
    // The human format points at the same places.
    let human = run(&[&"check", &"--strict", &"--root", &hb]);
    assert_eq!(human.code, Some(1));
    let d = diags
        .iter()
        .find(|d| d.message == "未記入: 情報システム部門の電話番号")
        .unwrap();
    assert!(
        human
            .stderr
            .contains(&format!("--> {}:{}:{}", d.file, d.line, d.column)),
        "{}",
        human.stderr
    );
}

/// The values a hospital would write for 情報システム部門, by field.
fn it_dept_value(key: &str) -> &'static str {
    match key {
        "organization" => "○○病院 情報システム課",
        "phone" => "03-1234-5600",
        "extension" => "\"2100\"",
        "after_hours" => "090-1234-5678",
        "hours" => "平日 8:30〜17:15（時間外は当番携帯）",
        "name" => "佐藤 健一",
        "title" => "情報システム課長",
        "mobile" => "090-2345-6789",
        "verified" => "2025-12-20",
        other => panic!("no value for `{other}`"),
    }
}

#[test]
fn filling_one_contact_removes_its_warnings_and_only_them() {
    let tmp = TempDir::new("starter-fill");
    let hb = init(&tmp.path().join("hb"));
    let file = hb.join("content/contacts.yaml");
    let (_, before) = check_json(&hb, false);
    let named = |diags: &[Diag]| {
        diags
            .iter()
            .filter(|d| d.code == "W040" && d.message.starts_with("未記入: 情報システム部門の"))
            .count()
    };
    assert!(named(&before) >= 10, "{before:#?}");
    // Fill every blank of the it-dept entry, and nothing else.
    let text = read(&file);
    let mut inside = false;
    let mut filled = Vec::new();
    for line in text.lines() {
        if line.starts_with("  - id: ") {
            inside = line == "  - id: it-dept";
        }
        let mut line = line.to_string();
        if inside && line.contains(&format!(": {MARK}")) {
            let key = line
                .trim_start()
                .trim_start_matches("- ")
                .split(':')
                .next()
                .unwrap()
                .to_string();
            line = line.replacen(MARK, it_dept_value(&key), 1);
        }
        filled.push(line);
    }
    std::fs::write(&file, filled.join("\n") + "\n").unwrap();
    let (code, after) = check_json(&hb, false);
    assert_eq!(code, Some(0), "{after:#?}");
    assert_eq!(named(&after), 0, "{after:#?}");
    // Every other warning is still there, the same.
    let others = |diags: &[Diag]| {
        let mut v: Vec<(String, String)> = diags
            .iter()
            .filter(|d| !(d.code == "W040" && d.message.starts_with("未記入: 情報システム部門の")))
            .map(|d| (d.code.clone(), d.message.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(others(&before), others(&after));
    // The card shows the numbers now, and no hole.
    let out = run(&[&"build", &"--root", &hb]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let contacts = read(&hb.join("public/contacts.html"));
    let card = contacts
        .split("id=\"c-it-dept\"")
        .nth(1)
        .and_then(|rest| rest.split("</article>").next())
        .expect("the it-dept card");
    assert!(
        card.contains("03-1234-5600") && card.contains("2100"),
        "{card}"
    );
    assert!(!card.contains(MARK), "{card}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let tmp = TempDir::new("starter-refuse");
    let dir = tmp.path().join("hb");
    std::fs::create_dir_all(dir.join("notes")).unwrap();
    std::fs::write(dir.join("memo.txt"), "大事なメモ").unwrap();
    std::fs::write(dir.join("notes/a.md"), "x").unwrap();
    let before = snapshot(&dir);
    let out = run(&[&"init", &dir]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("空のフォルダではありません"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot(&dir), before, "init wrote into a folder in use");
    let out = run(&[&"init", &"--example", &dir]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(snapshot(&dir), before);
    // A file in the way of the folder.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(run(&[&"init", &file]).code, Some(2));
    assert_eq!(read(&file), "x");
    // An empty folder, or one with only a fresh git repository, is fine.
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(empty.join(".git")).unwrap();
    init(&empty);
    assert!(empty.join("handbook.yaml").is_file());
}

/// A built site with the commit the footer names taken out of every page
/// (the repository's example is built inside git, a copy of it is not).
fn site(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let index = read(&dir.join("index.html"));
    let commit = index
        .split_once("　版 <code>")
        .and_then(|(_, rest)| rest.split_once("</code>"))
        .map(|(c, _)| c.to_string());
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| match (&commit, path.ends_with(".html")) {
            (Some(c), true) => {
                let mut text = String::from_utf8(bytes).expect("UTF-8 page");
                for with in [
                    format!("<div><dt>版の識別</dt><dd><code>{c}</code></dd></div>"),
                    format!("　版 <code>{c}</code>"),
                    format!("　版 {c}"),
                ] {
                    text = text.replace(&with, "");
                }
                (path, text.into_bytes())
            }
            _ => (path, bytes),
        })
        .collect()
}

#[test]
fn init_example_builds_to_the_same_pages_as_the_repository_example() {
    let tmp = TempDir::new("starter-example");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = tmp.path().join("repo-site");
    let out = run(&[&"build", &"--root", &repo, &"--out", &ours]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let ex = tmp.path().join("example");
    let out = run(&[&"init", &"--example", &ex]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        ex.join("content/regulations/security-incident/2016-04-01.md")
            .is_file()
    );
    let theirs = tmp.path().join("example-site");
    let out = run(&[&"build", &"--root", &ex, &"--out", &theirs]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (a, b) = (site(&ours), site(&theirs));
    let names = |s: &BTreeMap<String, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "different files");
    assert!(a.len() > 30, "{} files", a.len());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}
