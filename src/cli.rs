//! The command line (clap derive).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::diag::tr;

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    crate::content::date::parse_date(s).map_err(|e| e.0.text().to_string())
}

fn parse_lang(s: &str) -> Result<crate::diag::Lang, String> {
    crate::diag::Lang::parse(s).ok_or_else(|| tr("ja か en を指定してください", "write ja or en"))
}

/// The language asked for on the command line (`--lang en`, `--lang=en`),
/// read before clap parses the rest so that clap's own errors about the
/// other options (a bad `--as-of`) are already in that language.
pub fn lang_in_args(args: &[std::ffi::OsString]) -> Option<crate::diag::Lang> {
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(v) => v.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(crate::diag::Lang::parse) {
            return Some(lang);
        }
    }
    None
}

fn parse_order(s: &str) -> Result<crate::config::ColumnOrder, String> {
    match s {
        "new-old" => Ok(crate::config::ColumnOrder::NewOld),
        "old-new" => Ok(crate::config::ColumnOrder::OldNew),
        _ => Err(tr(
            "new-old（改正後 | 改正前）か old-new（改正前 | 改正後）を指定してください",
            "write new-old (改正後 | 改正前) or old-new (改正前 | 改正後)",
        )),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "handbook",
    version,
    about = "情報セキュリティ・BCPハンドブックを作る静的サイトジェネレーター",
    long_about = "Builds a hospital's information-security and business-continuity handbook \
                  from YAML and Markdown into HTML that works opened straight from disk."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages: ja (default) or en. Without it, English
    /// when the first of LC_ALL, LC_MESSAGES, LANG that is set starts with
    /// `en`
    #[arg(long, global = true, value_name = "ja|en", value_parser = parse_lang)]
    pub lang: Option<crate::diag::Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the handbook into an output folder (default: public/)
    Build {
        /// The handbook folder (the one with handbook.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the built handbook (default: ROOT/public)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the time each stage took
        #[arg(long, short)]
        verbose: bool,
        /// Judge freshness (contact checks, drills, training) as of this
        /// date instead of the build date: 2026-04-01 or 令和8年4月1日
        #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
    },
    /// Build, then print the binder (print.html) to a PDF with an installed
    /// Chromium, Chrome or Edge (set CHROMIUM to choose one)
    Pdf {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the built handbook (default: ROOT/public)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The PDF to write (default: OUT/print.pdf)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Judge freshness as of this date instead of the build date
        #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// Print copy number N of the register (content/distribution.yaml):
        /// its number, place and holder go on the cover
        #[arg(long, value_name = "N")]
        copy: Option<u32>,
    },
    /// Preview the handbook at http://127.0.0.1:PORT/: rebuilds when a
    /// source is saved and reloads the open page; shows the errors instead
    /// while the sources have any. Writes nothing.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port on 127.0.0.1 (0: any free port)
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Judge freshness as of this date instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// Print the time each stage of every check took
        #[arg(long, short)]
        verbose: bool,
    },
    /// Search the handbook as its search page does; print the hits best
    /// first (for scripts and for testing the page against)
    Search {
        /// What to look for
        query: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// One JSON object per hit: url, page, title, score
        #[arg(long)]
        json: bool,
        /// At most this many hits
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Load and check everything; write nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Judge freshness as of this date instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// Fail on warnings too (for CI)
        #[arg(long)]
        strict: bool,
        /// human (default; on stderr) or json: one object per line on
        /// stdout with file, line, column, severity, code, message, help
        #[arg(long, default_value = "human", value_parser = ["human", "json"])]
        format: String,
    },
    /// Make a standalone, printable 新旧対照表 (old/new comparison table)
    /// of two versions: files (a regulation's .md, or law text exported
    /// from e-Gov) or versions kept in the handbook (ID, ID@2016-04-01)
    Compare {
        /// The version before the revision (改正前)
        old: String,
        /// The version after the revision (改正後)
        new: String,
        /// The handbook folder, for ID and ID@DATE and for the table's layout
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The HTML file to write
        #[arg(long, short, default_value = "shinkyu.html")]
        output: PathBuf,
        /// Column order: new-old (改正後 | 改正前) or old-new; default from
        /// handbook.yaml, else new-old
        #[arg(long, value_parser = parse_order)]
        order: Option<crate::config::ColumnOrder>,
    },
    /// File the current version of a regulation away (to
    /// content/regulations/ID/<施行日>.md) before revising it
    Archive {
        /// The regulation's id (its file name without .md)
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import regulations from Word (.docx) or text exports (.txt, .md)
    /// into content/regulations/ID.md, and report what was found
    Import {
        /// The files to import
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The id (file name) to use instead of one made from the file
        /// name: a-z, 0-9 and - (only with one file)
        #[arg(long)]
        id: Option<String>,
        /// The title to use when the document has none at its top (only
        /// with one file)
        #[arg(long)]
        title: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Overwrite content/regulations/ID.md when it exists
        #[arg(long)]
        force: bool,
        /// Report what would be imported; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new handbook in DIR (a new or empty folder): the starter
    /// kit, every source kind with the hospital's own values written 未記入
    /// for `check` to list; with --example, the ○○病院 example instead
    Init {
        dir: PathBuf,
        /// Write the complete ○○病院 example (this repository's content/)
        /// to look at before filling in the starter kit
        #[arg(long)]
        example: bool,
    },
    /// Scaffold a new source
    New {
        #[command(subcommand)]
        what: NewKind,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewKind {
    /// A regulation: content/regulations/ID.md, ready to paste the body into
    Regulation {
        /// File name and id: a-z, 0-9 and -
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The regulation's title
        #[arg(long)]
        title: Option<String>,
    },
}
