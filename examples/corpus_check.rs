//! Hardening aid: parses every law text in a folder tree (the shared laws
//! corpus) and compares the articles found with an independent count made
//! by a plain line pattern. Usage: `cargo run --example corpus_check DIR`.

use handbook::content::regulation::{ArticleKind, articles_of, parse_body};
use handbook::source::SourceFile;

/// Independent count: lines that start (after indentation) with 第…条,
/// optional の-branches, then a full-width space; split at lines that are
/// exactly a 附則 heading.
fn independent(text: &str) -> (usize, Vec<usize>) {
    let mut main = 0;
    let mut suppl: Vec<usize> = Vec::new();
    for line in text.lines() {
        let t = line.trim_start_matches([' ', '\u{3000}']);
        if t.starts_with("附　則") || t == "附則" {
            if !suppl.is_empty() || main > 0 {
                suppl.push(0);
            }
            continue;
        }
        let Some(rest) = t.strip_prefix('第') else {
            continue;
        };
        let num: String = rest
            .chars()
            .take_while(|c| "一二三四五六七八九十百千".contains(*c))
            .collect();
        if num.is_empty() {
            continue;
        }
        let mut rest = &rest[num.len()..];
        let Some(r) = rest.strip_prefix('条') else {
            continue;
        };
        rest = r;
        while let Some(r) = rest.strip_prefix('の') {
            let n: String = r
                .chars()
                .take_while(|c| "一二三四五六七八九十百千".contains(*c))
                .collect();
            if n.is_empty() {
                break;
            }
            rest = &r[n.len()..];
        }
        if rest.starts_with('　') {
            match suppl.last_mut() {
                Some(s) => *s += 1,
                None => main += 1,
            }
        }
    }
    (main, suppl)
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/laws".into());
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut bad = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let file = SourceFile::new(path.clone(), path.display().to_string(), text.clone());
        let start = std::time::Instant::now();
        let (body, diags) = parse_body(&file, &text, 1);
        let took = start.elapsed();
        let main = body
            .articles()
            .filter(|a| matches!(a.kind, ArticleKind::Article(_)))
            .count();
        let suppl: Vec<usize> = body
            .supplements
            .iter()
            .map(|s| {
                articles_of(&s.blocks)
                    .filter(|a| matches!(a.kind, ArticleKind::Article(_)))
                    .count()
            })
            .collect();
        let (imain, isuppl) = independent(&text);
        let ok = main == imain && suppl == isuppl;
        if !ok {
            bad += 1;
        }
        println!(
            "{} {}: main {main} (independent {imain}), 附則 blocks {} (independent {}), 附則 articles {} (independent {}), diags {}, {:?}",
            if ok { "ok " } else { "BAD" },
            path.display(),
            suppl.len(),
            isuppl.len(),
            suppl.iter().sum::<usize>(),
            isuppl.iter().sum::<usize>(),
            diags.len(),
            took
        );
        for d in diags.iter().take(3) {
            print!("{}", d.render());
        }
    }
    std::process::exit(i32::from(bad > 0));
}
