//! Parse arguments, run, print diagnostics, exit: 0 ok, 1 content errors,
//! 2 usage or I/O problems.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use handbook::build_info::{BuildInfo, build_date};
use handbook::cli::{Cli, Command, NewKind};
use handbook::diag::{self, Diagnostic, Lang, tr};
use handbook::revise::{self, Failure};
use handbook::{pdf, pipeline, scaffold, search, serve};

/// Prints why a revision command failed: 1 for content, 2 otherwise.
fn failed(f: Failure) -> Result<u8, String> {
    match f {
        Failure::Message(m) => Err(m),
        Failure::Diagnostics(d) => {
            print(&d);
            Ok(1)
        }
    }
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render());
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        eprintln!(
            "{}",
            tr(
                format!("エラー {errors} 件、警告 {warnings} 件"),
                format!("{errors} error(s), {warnings} warning(s)")
            )
        );
    }
}

/// Builds `root` into `out` and prints the diagnostics; false when the
/// content has errors and nothing was written.
fn build(root: &Path, out: &Path, verbose: bool, as_of: Option<NaiveDate>) -> Result<bool, String> {
    let info = BuildInfo::new(root, as_of)?;
    let loaded = pipeline::build(root, out, &info, verbose)?;
    print(&loaded.diagnostics);
    let ok = !loaded.has_errors() && loaded.handbook.is_some();
    if !ok {
        eprintln!("{}", build_failed(out));
    }
    // The process ends here: freeing the handbook piece by piece would
    // only delay the exit (a twentieth of a large build).
    std::mem::forget(loaded);
    Ok(ok)
}

/// The line after a build that wrote nothing.
fn build_failed(out: &Path) -> String {
    let out = out.display();
    tr(
        format!("エラーがあるため出力しませんでした。{out} は元のままです"),
        format!("build failed; {out} was left as it was"),
    )
}

/// Imports each file and prints its report: 2 when a file could not be
/// read or written (nothing written for it), 1 when an imported regulation
/// still has errors, 0 otherwise.
fn import(files: &[std::path::PathBuf], opts: handbook::import::Options) -> Result<u8, String> {
    let results = handbook::import::import(files, &opts)?;
    let mut code = 0;
    for r in &results {
        match r {
            Ok(report) => {
                println!("{}", report.render());
                if report.has_errors() {
                    code = code.max(1);
                }
            }
            Err(e) => {
                eprintln!("{}: {e}", tr("エラー", "error"));
                code = 2;
            }
        }
    }
    let done = results.iter().filter(|r| r.is_ok()).count();
    let failed = results.len() - done;
    let (failed, failed_en) = if failed > 0 {
        (
            format!("、{failed} 件は取り込めませんでした（何も書き込んでいません）"),
            format!("; {failed} could not be imported (nothing written for them)"),
        )
    } else {
        (String::new(), String::new())
    };
    if opts.dry_run {
        eprintln!(
            "{}",
            tr(
                format!("{done} 件を確認しました{failed}（--dry-run: 何も書き込んでいません）"),
                format!("checked {done} file(s){failed_en} (--dry-run: nothing was written)")
            )
        );
    } else if done > 0 {
        eprintln!(
            "{}",
            tr(
                format!("{done} 件を取り込みました{failed}。handbook build で確かめてください"),
                format!("imported {done} file(s){failed_en}; check them with handbook build")
            )
        );
    } else {
        eprintln!(
            "{}",
            tr(
                format!("取り込めたファイルはありません{failed}"),
                format!("no file was imported{failed_en}")
            )
        );
    }
    Ok(code)
}

/// The cover of copy `number` of the register of printed copies.
fn copy_fill(
    hb: &handbook::content::Handbook,
    number: u32,
    date: NaiveDate,
) -> Result<pdf::CopyFill, String> {
    let file = handbook::content::distribution::FILE;
    let register = hb.distribution.as_ref().ok_or_else(|| {
        tr(
            format!("--copy {number}: {file} がありません。印刷した冊子をまずそこに書いてください（docs/FORMAT.md を参照）"),
            format!("--copy {number}: there is no {file}; list the printed copies there first (see docs/FORMAT.md)"),
        )
    })?;
    let copy = register.copy(number).ok_or_else(|| {
        let numbers: Vec<String> = register
            .copies
            .iter()
            .map(|c| c.number.to_string())
            .collect();
        tr(
            format!(
                "--copy {number}: {file} に第{number}号はありません。書かれている冊子: {}",
                if numbers.is_empty() {
                    "なし".to_string()
                } else {
                    numbers.join("、")
                }
            ),
            format!(
                "--copy {number}: {file} has no copy {number}; its copies are {}",
                if numbers.is_empty() {
                    "none".to_string()
                } else {
                    numbers.join(", ")
                }
            ),
        )
    })?;
    Ok(pdf::CopyFill {
        number,
        place: copy.place.clone(),
        holder: copy.holder.clone(),
        printed: handbook::content::date::wareki(date),
    })
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Build {
            root,
            out,
            verbose,
            as_of,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            if !build(&root, &out, verbose, as_of)? {
                return Ok(1);
            }
            let shown = out.display();
            eprintln!(
                "{}",
                tr(format!("{shown} に出力しました"), format!("built {shown}"))
            );
            Ok(0)
        }
        Command::Pdf {
            root,
            out,
            output,
            as_of,
            copy,
        } => {
            // Find the tools first: no point building for a print that
            // cannot happen.
            let browser = pdf::find_chromium()?;
            let pdfinfo = pdf::find_pdfinfo()?;
            let out = out.unwrap_or_else(|| root.join("public"));
            let info = BuildInfo::new(&root, as_of)?;
            let loaded = pipeline::build(&root, &out, &info, false)?;
            print(&loaded.diagnostics);
            let hb = match loaded.handbook {
                Some(hb) if !loaded.diagnostics.iter().any(Diagnostic::is_error) => hb,
                _ => {
                    eprintln!("{}", build_failed(&out));
                    return Ok(1);
                }
            };
            let fill = match copy {
                Some(n) => Some(copy_fill(&hb, n, info.date)?),
                None => None,
            };
            let target = output.unwrap_or_else(|| out.join("print.pdf"));
            let passes = pdf::print_binder(&browser, &pdfinfo, &out, &target, fill.as_ref())?;
            let (shown, pdf) = (out.display(), target.display());
            eprintln!(
                "{}",
                tr(
                    format!(
                        "{shown} に出力し、{pdf} に印刷しました（ページ番号を書き入れるため {passes} 回印刷）"
                    ),
                    format!(
                        "built {shown} and printed {pdf} (page numbers written in; printed {passes} times)"
                    )
                )
            );
            if let Some(n) = copy {
                let date = info.date.format("%Y-%m-%d");
                eprintln!(
                    "{}",
                    tr(
                        format!(
                            "冊子 第{n}号を印刷しました。content/distribution.yaml の第{n}号の printed: を {date} にしてください"
                        ),
                        format!(
                            "printed copy {n}; set printed: of copy {n} in content/distribution.yaml to {date}"
                        )
                    )
                );
            }
            Ok(0)
        }
        Command::Serve {
            root,
            port,
            as_of,
            verbose,
        } => {
            serve::serve(serve::Options {
                root,
                port,
                as_of,
                verbose,
            })?;
            Ok(0)
        }
        Command::Search {
            query,
            root,
            json,
            limit,
        } => {
            let (loaded, files) = pipeline::render_only(&root, &BuildInfo::new(&root, None)?)?;
            let Some(hb) = loaded.handbook.as_ref().filter(|_| !loaded.has_errors()) else {
                print(&loaded.diagnostics);
                return Ok(1);
            };
            let index = search::Index::for_handbook(hb, &loaded.links, &files);
            for (doc, score) in index.search(&query).into_iter().take(limit) {
                let d = &index.docs[doc];
                let (path, page) = &index.pages[d.page];
                if json {
                    println!(
                        "{}",
                        search::hit_json(path, &d.anchor, page, &d.title, score)
                    );
                } else {
                    println!("{path}{}\t{page}\t{}", d.anchor, d.title);
                }
            }
            Ok(0)
        }
        Command::Check {
            root,
            as_of,
            strict,
            format,
        } => {
            // Never freed: the process ends after the report, and freeing a
            // large handbook piece by piece would only delay the exit.
            let loaded = std::mem::ManuallyDrop::new(pipeline::load_and_check(
                &root,
                &BuildInfo::new(&root, as_of)?,
            ));
            if format == "json" {
                for d in &loaded.diagnostics {
                    println!("{}", d.to_json());
                }
            } else {
                print(&loaded.diagnostics);
            }
            if loaded.has_errors() || loaded.handbook.is_none() {
                return Ok(1);
            }
            if strict && !loaded.diagnostics.is_empty() {
                eprintln!(
                    "{}",
                    tr(
                        "不合格: --strict では警告もエラーとして扱います",
                        "failed: --strict treats warnings as errors"
                    )
                );
                return Ok(1);
            }
            eprintln!("{}", tr("ok: エラーはありません", "ok: no errors"));
            Ok(0)
        }
        Command::Compare {
            old,
            new,
            root,
            output,
            order,
        } => {
            let sides = revise::resolve(&old, &root)
                .and_then(|o| revise::resolve(&new, &root).map(|n| (o, n)))
                .and_then(|sides| revise::layout(&root, order).map(|l| (sides, l)));
            let ((o, n), layout) = match sides {
                Ok(x) => x,
                Err(f) => return failed(f),
            };
            let c = handbook::compare::compare(&o.body, &n.body);
            let html = revise::standalone(&o, &n, &c, &layout, build_date()?);
            std::fs::write(&output, html).map_err(|e| diag::io_error(&output, &e))?;
            let (shown, rows) = (output.display(), c.rows().count());
            eprintln!(
                "{}",
                tr(
                    format!(
                        "{shown} に書き出しました: {} と {} の間で {rows} か条が変わっています",
                        o.name, n.name
                    ),
                    format!(
                        "wrote {shown}: {rows} changed article(s) between {} and {}",
                        o.name, n.name
                    )
                )
            );
            Ok(0)
        }
        Command::Archive { id, root } => match revise::archive(&root, &id) {
            Ok(path) => {
                let shown = path.display();
                eprintln!(
                    "{}",
                    tr(
                        format!(
                            "今の版を {shown} に保存しました。\n続けて content/regulations/{id}.md を改定し、\
                             改定履歴（history）に施行日を付けて改定を書き加えてください。"
                        ),
                        format!(
                            "filed the current version as {shown}.\nNow edit content/regulations/{id}.md \
                             and add the revision to its 改定履歴 (history) with the date it takes effect."
                        )
                    )
                );
                Ok(0)
            }
            Err(f) => failed(f),
        },
        Command::Import {
            files,
            id,
            title,
            root,
            force,
            dry_run,
        } => import(
            &files,
            handbook::import::Options {
                root,
                id,
                title,
                force,
                dry_run,
            },
        ),
        Command::Init { dir, example } => {
            let n = scaffold::init(&dir, example)?;
            let d = dir.display();
            if example {
                eprintln!(
                    "{}",
                    tr(
                        format!(
                            "{d} に ○○病院の例（{n} ファイル）を作りました。\n\
                             handbook build --root {d} で {d}/public に出力し、{d}/public/index.html を開いてください。\n\
                             自分の病院のハンドブックは、別のフォルダに handbook init で作ります。"
                        ),
                        format!(
                            "wrote the ○○病院 example ({n} files) to {d}.\n\
                             Build it with handbook build --root {d} and open {d}/public/index.html.\n\
                             Make your hospital's own handbook in another folder with handbook init."
                        )
                    )
                );
            } else {
                eprintln!(
                    "{}",
                    tr(
                        format!(
                            "{d} にハンドブックのひな形（{n} ファイル）を作りました。次に:\n\
                             \x20 1. handbook check --root {d}    「未記入」の場所（ファイル名:行:列）を確かめ、順に書き換える\n\
                             \x20 2. handbook import 規程.docx --root {d}    院内の規程（Word）を取り込む\n\
                             \x20 3. handbook build --root {d}    {d}/public に出力し、public/index.html を開く\n\
                             手順は README の「導入の手順（最初の1時間）」にあります。"
                        ),
                        format!(
                            "wrote the starter kit ({n} files) to {d}. Next:\n\
                             \x20 1. handbook check --root {d}    list the places still 未記入 (file:line:column) and fill them in\n\
                             \x20 2. handbook import 規程.docx --root {d}    import the hospital's regulations (Word)\n\
                             \x20 3. handbook build --root {d}    build into {d}/public and open public/index.html\n\
                             The steps are in the README (導入の手順（最初の1時間）)."
                        )
                    )
                );
            }
            Ok(0)
        }
        Command::New {
            what: NewKind::Regulation { id, root, title },
        } => {
            let path = scaffold::new_regulation(&root, &id, title.as_deref())?;
            let shown = path.display();
            eprintln!(
                "{}",
                tr(
                    format!(
                        "{shown} を作りました。前付け（--- の間）の下に規程の本文を貼り付けてください"
                    ),
                    format!("created {shown}; paste the regulation's text below its front matter")
                )
            );
            Ok(0)
        }
    }
}

fn main() -> ExitCode {
    handbook::pipeline::tune_allocator();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    diag::set_lang(
        handbook::cli::lang_in_args(&args)
            .unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok())),
    );
    let cli = match handbook::cli::parse(args) {
        handbook::cli::Parsed::Run(cli) => cli,
        handbook::cli::Parsed::Print { text, stdout, code } => {
            if stdout {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{}: {e}", tr("エラー", "error"));
            ExitCode::from(2)
        }
    }
}
