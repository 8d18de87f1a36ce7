//! The command line (clap derive).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

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

/// What the command line asks for: the command to run, or a text to print
/// and the exit code (`--help` and `--version` on stdout with 0; a usage
/// error on stderr with 2).
pub enum Parsed {
    Run(Cli),
    Print {
        text: String,
        stdout: bool,
        code: u8,
    },
}

/// Parses the command line in this run's language: in Japanese (the
/// default) `--help`, the usage line and clap's own errors are Japanese
/// ([`japanese`]); in English they are clap's.
pub fn parse(args: Vec<std::ffi::OsString>) -> Parsed {
    let english = crate::diag::lang() == crate::diag::Lang::En;
    let mut cmd = if english {
        Cli::command()
    } else {
        japanese(Cli::command())
    };
    let matches = cmd.try_get_matches_from_mut(args);
    let parsed = matches.and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => Parsed::Run(cli),
        Err(e) => {
            let text = if english {
                e.render().to_string()
            } else {
                japanese_error(&e)
            };
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            Parsed::Print {
                text,
                stdout: !e.use_stderr(),
                code,
            }
        }
    }
}

/// The Japanese of each command's and option's help, by command path
/// (`build`, `new regulation`) and option (`build.root`); options every
/// command has (`lang`, `help`, `version`) by their name alone. A unit
/// test holds every visible command and option to having one.
fn ja_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "" => "情報セキュリティ・BCPハンドブックを作る静的サイトジェネレーター",
        "long" => {
            "病院の情報セキュリティ・事業継続（BCP）ハンドブックを、YAML と Markdown の原稿から、\
             ファイルを直接開くだけで見られる HTML にします"
        }
        ".lang" => {
            "メッセージの言語: ja（既定）または en。指定しないときは、LC_ALL・LC_MESSAGES・LANG の\
             うち最初に設定されているものが en で始まれば英語になります"
        }
        ".help" => "ヘルプを表示します",
        ".version" => "バージョンを表示します",
        ".root" => "ハンドブックのフォルダー（handbook.yaml のあるフォルダー）",
        "build" => "ハンドブックを出力先のフォルダーに作ります（既定: public/）",
        "build.out" | "pdf.out" => "作ったハンドブックの出力先（既定: ROOT/public）",
        "build.verbose" => "各段階にかかった時間を表示します",
        "build.as_of" => {
            "連絡先の確認・訓練・研修の期限を、ビルドの日ではなくこの日で判定します\
             （2026-04-01 や 令和8年4月1日）"
        }
        "pdf" => {
            "ハンドブックを作り、冊子（print.html）をインストール済みの Chromium・Chrome・Edge で \
             PDF にします（使うブラウザーは環境変数 CHROMIUM で指定できます）"
        }
        "pdf.output" => "書き出す PDF（既定: OUT/print.pdf）",
        "pdf.as_of" => "期限をビルドの日ではなくこの日で判定します",
        "pdf.copy" => {
            "配布台帳（content/distribution.yaml）の N 番の控えとして印刷します。\
             番号・保管場所・保管者が表紙に入ります"
        }
        "serve" => {
            "http://127.0.0.1:ポート番号/ でプレビューします。原稿を保存すると作り直し、\
             開いているページを読み込み直します。原稿に誤りがある間は誤りの一覧を表示します。\
             何も書き込みません"
        }
        "serve.port" => "127.0.0.1 のポート番号（0: 空いている番号）",
        "serve.as_of" | "check.as_of" => "期限を今日ではなくこの日で判定します",
        "serve.verbose" => "確認のたびに各段階にかかった時間を表示します",
        "search" => {
            "検索ページと同じように検索し、結果を上位から表示します\
             （スクリプトや検索ページの確かめに）"
        }
        "search.query" => "探す言葉",
        "search.json" => "1件ごとに1行の JSON で表示します（url, page, title, score）",
        "search.limit" => "表示する件数の上限",
        "check" => "すべての原稿を読み込んで確かめます。何も書き込みません",
        "check.strict" => "警告があっても失敗にします（CI 用）",
        "check.format" => {
            "human（既定。標準エラーに表示）または json（1件ごとに1行の JSON を標準出力に: \
             file, line, column, severity, code, message, help）"
        }
        "compare" => {
            "2つの版の新旧対照表を、印刷できる単独の HTML ファイルに作ります。版はファイル\
             （規程の .md、e-Gov から書き出した法令のテキスト）か、ハンドブックにある版\
             （ID、ID@2016-04-01）で指定します"
        }
        "compare.old" => "改正前の版",
        "compare.new" => "改正後の版",
        "compare.root" => "ハンドブックのフォルダー（ID・ID@日付の指定と、表の体裁に使います）",
        "compare.output" => "書き出す HTML ファイル",
        "compare.order" => {
            "列の順: new-old（改正後 | 改正前）か old-new（改正前 | 改正後）。\
             既定は handbook.yaml の設定、なければ new-old"
        }
        "archive" => {
            "規程を改定する前に、いまの版を content/regulations/ID/<施行日>.md に保存します"
        }
        "archive.id" => "規程の ID（ファイル名から .md を除いたもの）",
        "import" => {
            "Word（.docx）やテキスト（.txt、.md）の規程を content/regulations/ID.md に取り込み、\
             読み取った内容を報告します"
        }
        "import.files" => "取り込むファイル",
        "import.id" => {
            "ファイル名から作る代わりに使う ID（ファイル名）: a-z、0-9、-（ファイルが1つのときだけ）"
        }
        "import.title" => "文書の先頭に題名がないときに使う題名（ファイルが1つのときだけ）",
        "import.force" => "content/regulations/ID.md があっても上書きします",
        "import.dry_run" => "取り込む内容を報告するだけで、何も書き込みません",
        "init" => {
            "DIR（新しいフォルダーか空のフォルダー）に新しいハンドブックを作ります。\
             ひな形にはすべての種類の原稿があり、病院ごとの値は「未記入」と書いてあります\
             （check で一覧できます）。--example を付けると ○○病院 の例を作ります"
        }
        "init.dir" => "作るフォルダー",
        "init.example" => {
            "ひな形の代わりに ○○病院 の完成した例（このリポジトリの content/）を書き出します。\
             ひな形を埋める前の見本に"
        }
        "new" => "新しい原稿のひな形を作ります",
        "new regulation" => {
            "規程のひな形 content/regulations/ID.md を作ります（本文を貼り付けるだけの状態）"
        }
        "new regulation.id" => "ファイル名と ID: a-z、0-9、-",
        "new regulation.title" => "規程の題名",
        "help" => "このヘルプ、または指定したコマンドのヘルプを表示します",
        _ => return None,
    })
}

/// The help template in Japanese: clap's own headings and words
/// (`Usage:`, `Options:`, `[default: …]`) are English.
const JA_TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// `cmd` with its help in Japanese: every command's and option's text
/// from [`ja_text`], the headings (コマンド, 引数, オプション), and
/// defaults and choices written in the text (clap writes them in English).
pub fn japanese(mut cmd: clap::Command) -> clap::Command {
    // Built first, so the options every command has (--lang, -h) and the
    // `help` command are there to be translated.
    cmd.build();
    localize(cmd, "")
}

fn localize(cmd: clap::Command, path: &str) -> clap::Command {
    // The `help` command clap adds to every command with commands, and
    // under it a command of each name (`help build`) for its help.
    let key = path.replace("help ", "");
    let about = ja_text(&key)
        .or_else(|| {
            (cmd.get_name() == "help")
                .then(|| ja_text("help"))
                .flatten()
        })
        .unwrap_or_default();
    let mut cmd = cmd
        .about(about)
        .long_about(if path.is_empty() {
            ja_text("long")
        } else {
            None
        })
        .help_template(JA_TEMPLATE)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("コマンド");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = ja_text(&format!("{path}.{id}")).or_else(|| ja_text(&format!(".{id}")));
        cmd = cmd.mut_arg(&id, |a| {
            let mut help = text.unwrap_or_default().to_string();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            // A flag's default (false) says nothing.
            let flag = !a.get_action().takes_values();
            if !flag && !defaults.is_empty() && !help.contains("既定") {
                help.push_str(&format!("（既定: {}）", defaults.join(", ")));
            }
            let heading = if a.is_positional() {
                "引数"
            } else {
                "オプション"
            };
            // Positionals under a heading of their own are sorted like
            // options, by name; they must stay in the order they are given.
            let order = a.get_index().unwrap_or(usize::MAX);
            let a = if a.is_positional() {
                a.display_order(order)
            } else {
                a
            };
            a.help(help)
                .long_help(None::<&str>)
                .hide_default_value(true)
                .hide_possible_values(true)
                .help_heading(heading)
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |c| localize(c, &sub));
    }
    cmd
}

/// A clap error (or `--help`, `--version`) in Japanese: what is wrong, a
/// suggestion, the usage line and where to read more.
fn japanese_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().strip_prefix("Usage:").unwrap_or(&usage).trim();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let mut text = ja_words(&e.render().to_string());
            if !text.ends_with('\n') {
                text.push('\n');
            }
            return text;
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "「{}」というコマンドはありません",
                get(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => format!("「{arg}」は、このコマンドには指定できません"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} に値がありません"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let mut m = format!("{arg} に「{value}」は指定できません");
            if !valid.is_empty() {
                m.push_str(&format!("（指定できるのは {valid}）"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| s.to_string());
            match why {
                Some(why) => format!("{arg}: {why}"),
                None => format!("{arg} に「{value}」は指定できません"),
            }
        }
        ErrorKind::MissingRequiredArgument => format!("次の指定がありません: {arg}"),
        ErrorKind::MissingSubcommand => "コマンドがありません".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("{arg} は一度だけ指定してください")
            } else {
                format!("{arg} と {prior} は一緒に指定できません")
            }
        }
        ErrorKind::NoEquals => format!("{arg} の値は = に続けて書いてください"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が違います")
        }
        ErrorKind::InvalidUtf8 => "コマンドラインに UTF-8 でない文字があります".to_string(),
        _ => e
            .kind()
            .as_str()
            .unwrap_or("コマンドラインを読めません")
            .to_string(),
    };
    let mut out = format!("エラー: {message}\n");
    for k in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        let s = get(k);
        if !s.is_empty() {
            out.push_str(&format!("  もしかして: {s}\n"));
        }
    }
    if !usage.is_empty() {
        out.push_str(&format!("\n使い方: {}\n", ja_words(usage)));
    }
    out.push_str("\n詳しくは --help を付けて実行してください\n");
    out
}

/// The English placeholders clap writes into a usage line whatever the
/// template, in Japanese.
fn ja_words(text: &str) -> String {
    text.replace("[OPTIONS]", "[オプション]")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option the help lists, by its path.
    fn visible(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((
            format!("command `{path}`"),
            cmd.get_about().map(|a| a.to_string()).unwrap_or_default(),
        ));
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push((format!("`{path}` --{}", a.get_id()), help));
        }
        for sub in cmd.get_subcommands() {
            visible(sub, format!("{path} {}", sub.get_name()).trim(), out);
        }
    }

    #[test]
    fn every_command_and_option_has_its_japanese() {
        let mut all = Vec::new();
        visible(&japanese(Cli::command()), "", &mut all);
        let japanese = |s: &str| s.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
        let missing: Vec<&String> = all
            .iter()
            .filter(|(_, help)| !japanese(help) || help.starts_with('（'))
            .map(|(what, _)| what)
            .collect();
        assert!(all.len() > 40, "{all:?}");
        assert!(missing.is_empty(), "no Japanese help: {missing:?}");
    }

    /// `--help` of every command, as `handbook … --help` prints it.
    fn help_of(path: &[&str]) -> String {
        let mut args = vec!["handbook"];
        args.extend(path);
        args.push("--help");
        let e = japanese(Cli::command())
            .try_get_matches_from(args)
            .expect_err("--help stops parsing");
        japanese_error(&e)
    }

    #[test]
    fn the_help_of_every_command_is_japanese_with_nothing_of_clap_english() {
        let mut paths = vec![vec![]];
        for sub in Cli::command().get_subcommands() {
            paths.push(vec![sub.get_name().to_string()]);
            for inner in sub.get_subcommands() {
                paths.push(vec![
                    sub.get_name().to_string(),
                    inner.get_name().to_string(),
                ]);
            }
        }
        for path in paths {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let help = help_of(&path);
            assert!(help.contains("使い方: handbook"), "{path:?}: {help}");
            for english in [
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "[default",
                "[possible",
                "Print ",
                "OPTIONS",
                "COMMAND",
            ] {
                assert!(!help.contains(english), "{path:?} says {english}: {help}");
            }
        }
        assert!(help_of(&["search"]).contains("引数:\n  <QUERY>  探す言葉"));
        let compare = help_of(&["compare"]);
        assert!(
            compare.contains("引数:\n  <OLD>  改正前の版\n  <NEW>  改正後の版"),
            "{compare}"
        );
        assert!(help_of(&["serve"]).contains("（既定: 3000）"));
        // A flag's default (false) is not written.
        assert!(!help_of(&["build"]).contains("false"));
    }

    fn error_of(args: &[&str]) -> (String, i32) {
        let e = japanese(Cli::command())
            .try_get_matches_from(args)
            .expect_err("a usage error");
        (japanese_error(&e), e.exit_code())
    }

    #[test]
    fn usage_errors_are_japanese_with_a_suggestion_and_the_usage() {
        let (text, code) = error_of(&["handbook", "buidl"]);
        assert_eq!(code, 2);
        assert!(
            text.starts_with("エラー: 「buidl」というコマンドはありません\n  もしかして: build\n"),
            "{text}"
        );
        assert!(
            text.contains("使い方: handbook [オプション] <コマンド>"),
            "{text}"
        );
        let (text, _) = error_of(&["handbook", "build", "--bogus"]);
        assert!(
            text.starts_with("エラー: 「--bogus」は、このコマンドには指定できません"),
            "{text}"
        );
        let (text, _) = error_of(&["handbook", "check", "--format", "xml"]);
        assert!(
            text.contains("「xml」は指定できません（指定できるのは human, json）"),
            "{text}"
        );
        let (text, _) = error_of(&["handbook", "build", "--as-of", "foo"]);
        assert!(
            text.starts_with("エラー: --as-of <DATE>: 「foo」は日付として読めません"),
            "{text}"
        );
        let (text, _) = error_of(&["handbook", "compare", "a"]);
        assert!(
            text.starts_with("エラー: 次の指定がありません: <NEW>"),
            "{text}"
        );
    }
}
