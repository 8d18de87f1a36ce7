//! Ground truth for the regulation parser, read from e-Gov law XML without
//! the parser: `text` prints a law as the laws corpus has it, `expect` the
//! structure the XML states (JSON), `fidelity` compares that with a built
//! page. Usage: `cargo run --release --example egov -- SUBCOMMAND ...`.

mod expect;
mod fidelity;
mod html;
mod mentions;
mod text;
mod xml;

use std::process::ExitCode;

const USAGE: &str = "usage:
  egov text FILE.xml          print the law as e-Gov's exported text
  egov expect FILE.xml        print the structure the XML states, as JSON
  egov fidelity FILE.xml PAGE.html STDERR.txt EXIT_CODE [--verbose] [--header]
                              compare with a built page; one table row
  egov defuse SOURCE.md STDERR.txt
                              break each mention an E030 in STDERR.txt points
                              at (a word joiner after its first character), so
                              that the structure can be measured on a law the
                              handbook refuses; prints how many it broke";

fn load(path: &str) -> Result<xml::Element, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let root = xml::parse(&src).map_err(|e| format!("{path}: {e}"))?;
    expect::law_of(&root)
        .cloned()
        .ok_or_else(|| format!("{path}: no <Law> element"))
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [cmd, file] if cmd == "text" => {
            print!("{}", text::print(&load(file)?));
            Ok(())
        }
        [cmd, file] if cmd == "expect" => {
            print!("{}", expect::to_json(&expect::expected(&load(file)?)));
            Ok(())
        }
        [cmd, file, page, stderr, code, flags @ ..] if cmd == "fidelity" => {
            let verbose = flags.iter().any(|f| f == "--verbose");
            let header = flags.iter().any(|f| f == "--header");
            let law = load(file)?;
            let html = std::fs::read_to_string(page).unwrap_or_default();
            let stderr = std::fs::read_to_string(stderr).unwrap_or_default();
            let code: i32 = code.parse().map_err(|_| format!("bad exit code {code}"))?;
            let name = std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let report = fidelity::compare(&law, &html, &stderr, code);
            if header {
                println!("{}", fidelity::HEADER);
            }
            println!("{}", report.row(&name));
            if verbose {
                eprint!("{}", report.details(&name));
            }
            Ok(())
        }
        [cmd, source, stderr] if cmd == "defuse" => {
            let text = std::fs::read_to_string(source).map_err(|e| format!("{source}: {e}"))?;
            let stderr = std::fs::read_to_string(stderr).map_err(|e| format!("{stderr}: {e}"))?;
            let name = std::path::Path::new(source)
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (out, n) = defuse(&text, &stderr, &name);
            std::fs::write(source, out).map_err(|e| format!("{source}: {e}"))?;
            println!("{n}");
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

/// The (line, column) of every E030 reported for the file `name`.
fn e030_positions(stderr: &str, name: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut in_e030 = false;
    for line in stderr.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            in_e030 = line.starts_with("error[E030]");
        } else if in_e030 && let Some((_, loc)) = line.split_once("--> ") {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.trim().parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            let file = parts.next().unwrap_or_default();
            if let (Some(c), Some(l)) = (col, line_no)
                && file.ends_with(name)
            {
                out.push((l, c));
            }
            in_e030 = false;
        }
    }
    out
}

/// Inserts U+2060 (word joiner) after the first character of each
/// mention an E030 points at: the text reads the same, the mention no
/// longer parses. Columns count characters from 1.
fn defuse(text: &str, stderr: &str, name: &str) -> (String, usize) {
    let positions = e030_positions(stderr, name);
    let mut n = 0;
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let cols: Vec<usize> = positions
                .iter()
                .filter(|(l, _)| *l == i + 1)
                .map(|(_, c)| *c)
                .collect();
            if cols.is_empty() {
                return line.to_string();
            }
            let mut out = String::new();
            for (j, ch) in line.chars().enumerate() {
                out.push(ch);
                if cols.contains(&(j + 1)) {
                    out.push('\u{2060}');
                    n += 1;
                }
            }
            out
        })
        .collect();
    (lines.join("\n"), n)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
