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

#[cfg(test)]
mod tests {
    //! Run with `cargo test --example egov`.
    use super::*;

    /// A made-up law with one of each thing the printer and the
    /// expectation must get right.
    const LAW: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DataRoot><ApplData><LawFullText>
<Law Era="Showa" Year="22" PromulgateMonth="4" PromulgateDay="7">
<LawNum>昭和二十二年法律第九十九号</LawNum>
<LawBody><LawTitle>見本法</LawTitle>
<MainProvision><Chapter Num="1"><ChapterTitle>第一章　総則</ChapterTitle>
<Article Num="1"><ArticleCaption>（目的）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>この法律は、目的とする。</Sentence></ParagraphSentence>
<Item Num="3"><ItemTitle>三</ItemTitle><ItemSentence><Column><Sentence>用語</Sentence></Column><Column><Sentence>意味</Sentence></Column></ItemSentence></Item>
<Item Num="3_2"><ItemTitle>三の二</ItemTitle><ItemSentence><Sentence>枝番号の号</Sentence></ItemSentence>
<Subitem1 Num="1"><Subitem1Title>イ</Subitem1Title><Subitem1Sentence><Sentence>細分</Sentence></Subitem1Sentence>
<Subitem2 Num="1"><Subitem2Title>（１）</Subitem2Title><Subitem2Sentence><Sentence>さらに細分</Sentence></Subitem2Sentence></Subitem2></Subitem1></Item>
</Paragraph>
<Paragraph Num="2" OldNum="true"><ParagraphNum/><ParagraphSentence><Sentence>第二条（第二項を除く。）の規定及び商標法第二条の規定による。</Sentence></ParagraphSentence></Paragraph>
</Article>
<Article Num="2"><ArticleTitle>第二条</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>前条第二項、第一項及び前項による。</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="2"><ParagraphNum>２</ParagraphNum><ParagraphSentence><Sentence>前項の規定は、適用しない。</Sentence></ParagraphSentence></Paragraph>
</Article>
<Article Num="3:5"><ArticleTitle>第三条から第五条まで</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>削除</Sentence></ParagraphSentence></Paragraph></Article>
</Chapter></MainProvision>
<SupplProvision AmendLawNum="平成一五年五月三〇日法律第六一号" Extract="true"><SupplProvisionLabel>附　則</SupplProvisionLabel>
<Article Num="1"><ArticleTitle>第一条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>第三条の規定は、次条の日から施行する。</Sentence></ParagraphSentence></Paragraph></Article>
<Article Num="2"><ArticleTitle>第二条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>前条による。</Sentence></ParagraphSentence></Paragraph></Article>
</SupplProvision>
<AppdxTable><AppdxTableTitle>別表</AppdxTableTitle><RelatedArticleNum>（第一条関係）</RelatedArticleNum>
<TableStruct><Table><TableRow>
<TableColumn BorderBottom="none" BorderTop="solid"><Sentence>　</Sentence></TableColumn>
<TableColumn BorderBottom="solid"><Sentence>一</Sentence><Sentence>二</Sentence></TableColumn>
</TableRow></Table></TableStruct></AppdxTable>
</LawBody></Law></LawFullText></ApplData></DataRoot>"#;

    fn law() -> xml::Element {
        let root = xml::parse(LAW).expect("the sample parses");
        expect::law_of(&root).expect("it has a Law").clone()
    }

    #[test]
    fn prints_as_the_export_does() {
        let text = text::print(&law());
        let expected = "見本法
（昭和二十二年法律第九十九号）

      第一章　総則

  （目的）
第一条　この法律は、目的とする。
  三　用語　意味
  三の二　枝番号の号
    イ　細分
      （１）　さらに細分
②　第二条（第二項を除く。）の規定及び商標法第二条の規定による。

第二条　前条第二項、第一項及び前項による。
２　前項の規定は、適用しない。

第三条から第五条まで　削除

      附　則　（平成一五年五月三〇日法律第六一号）　抄

第一条　第三条の規定は、次条の日から施行する。

第二条　前条による。

# 別表（第一条関係）

  * - [BorderBottom=\"none\"]&#x3000;
    - |
      - 一
      - 二
";
        assert_eq!(text, expected);
    }

    #[test]
    fn states_anchors_branches_and_deleted_ranges() {
        let e = expect::expected(&law());
        let anchors: Vec<&str> = e.articles.iter().map(|a| a.anchor.as_str()).collect();
        assert_eq!(anchors, ["art-1", "art-2", "art-3", "art-4", "art-5"]);
        assert!(e.articles[2..].iter().all(|a| a.deleted));
        assert_eq!(e.articles[3].label, "第四条");
        let items = &e.articles[0].paragraphs[0].items;
        assert_eq!(items[1].anchor, "art-1-p1-i3-2");
        assert_eq!(items[1].subitems, 2);
        assert_eq!(e.articles[0].paragraphs[1].anchor, "art-1-p2");
        assert_eq!(e.supplements.len(), 1);
        assert_eq!(e.supplements[0].articles[1].anchor, "suppl-1-art-2");
        assert_eq!(e.appendices.len(), 1);
        assert_eq!(e.promulgated.as_deref(), Some("1947-04-07"));
    }

    #[test]
    fn judges_mentions_from_the_structure() {
        let ms = mentions::mentions(&law());
        let got: Vec<(String, mentions::Expect)> =
            ms.into_iter().map(|m| (m.text, m.expect)).collect();
        use mentions::Expect::*;
        let link = |s: &str| Link(s.to_string());
        assert_eq!(
            got,
            [
                ("第二条".into(), link("art-2")),
                // The 項 in the parenthesis after an article is that article's.
                ("第二項".into(), link("art-2-p2")),
                ("第二条".into(), NoLink("他の法令の名の直後")),
                ("前条第二項".into(), link("art-1-p2")),
                // Continues the list: 前条's 第一項.
                ("第一項".into(), link("art-1-p1")),
                ("前項".into(), NoLink("前後の項がない")),
                ("前項".into(), link("art-2-p1")),
                // An amending act's 附則 speaks of that act's articles.
                ("第三条".into(), NoLink("改正法の附則")),
                ("次条".into(), link("suppl-1-art-2")),
                ("前条".into(), link("suppl-1-art-1")),
                ("第一条".into(), link("art-1")),
            ]
        );
    }

    #[test]
    fn finds_wrong_links_on_a_page() {
        let page = r##"<main><article class="article" id="art-1"><div class="paragraph" id="art-1-p1"><p>第一条　この法律は、目的とする。</p><ol class="items"><li id="art-1-p1-i3"><span class="marker">三</span><div class="item-text">用語　意味</div></li><li id="art-1-p1-i3-2"><div class="item-text">枝番号の号</div><ol><li>イ<ol><li>（１）</li></ol></li></ol></li></ol></div>
<div class="paragraph" id="art-1-p2"><p><span class="num">②</span>　<a class="xref" href="#art-2">第二条</a>（<a class="xref" href="#art-1-p2">第二項</a>を除く。）の規定及び商標法<a class="xref" href="#art-2">第二条</a>の規定による。</p></div></article>
<section class="supplement" id="suppl-1"><article class="article" id="suppl-1-art-1"><div class="paragraph" id="suppl-1-art-1-p1"><p>第一条　第三条の規定は、<a class="xref" href="#suppl-1-art-2">次条</a>の日から施行する。</p></div></article></section></main>"##;
        let report = fidelity::compare(&law(), page, "error[E030]: x\nwarning[W003]: y\n", 1);
        let row = report.row("sample");
        // Articles 2–5 missing; 3 links: one right, two wrong.
        assert!(row.contains("| 5/1 (4, 0) |"), "{row}");
        assert!(row.contains("| 0/0/0 |"), "{row}");
        assert!(row.contains("E030×1 W003×1"), "{row}");
        assert!(row.contains("| 2 (0; 2, 0, 0) |"), "{row}");
    }

    #[test]
    fn a_list_in_the_parenthesis_and_an_excerpted_supplements_paragraphs() {
        let src = r#"<Law><LawNum>令和元年法律第一号</LawNum><LawBody><LawTitle>見本法</LawTitle>
<MainProvision>
<Article Num="1"><ArticleTitle>第一条</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>甲</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="2"><ParagraphNum>２</ParagraphNum><ParagraphSentence><Sentence>乙</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="3"><ParagraphNum>３</ParagraphNum><ParagraphSentence><Sentence>丙</Sentence></ParagraphSentence></Paragraph></Article>
<Article Num="2"><ArticleTitle>第二条</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>前条（第一項、第三項を除く。）による。</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="2"><ParagraphNum>２</ParagraphNum><ParagraphSentence><Sentence>前各項の場合は、次に掲げる。</Sentence></ParagraphSentence>
<Item Num="1:2"><ItemTitle>一及び二</ItemTitle><ItemSentence><Sentence>削除</Sentence></ItemSentence></Item>
<Item Num="3"><ItemTitle>三</ItemTitle><ItemSentence><Sentence>前号及び次号</Sentence></ItemSentence>
<Subitem1 Num="1"><Subitem1Title>イ</Subitem1Title><Subitem1Sentence><Sentence>前各号</Sentence></Subitem1Sentence></Subitem1></Item>
<Item Num="3_2"><ItemTitle>三の二</ItemTitle><ItemSentence><Sentence>同号</Sentence></ItemSentence></Item>
</Paragraph></Article>
</MainProvision>
<SupplProvision Extract="true"><SupplProvisionLabel>附　則</SupplProvisionLabel>
<Paragraph Num="1"><ParagraphNum>１</ParagraphNum><ParagraphSentence><Sentence>施行する。</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="3"><ParagraphNum>３</ParagraphNum><ParagraphSentence><Sentence>前項による。</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="4"><ParagraphNum>４</ParagraphNum><ParagraphSentence><Sentence>前項による。</Sentence></ParagraphSentence></Paragraph>
</SupplProvision></LawBody></Law>"#;
        let root = xml::parse(src).expect("the sample parses");
        let law = expect::law_of(&root).expect("it has a Law").clone();
        let got: Vec<(String, mentions::Expect)> = mentions::mentions(&law)
            .into_iter()
            .map(|m| (m.text, m.expect))
            .collect();
        use mentions::Expect::*;
        let link = |s: &str| Link(s.to_string());
        assert_eq!(
            got,
            [
                ("前条".into(), link("art-1")),
                // Both are 前条's: the list goes on inside the parenthesis.
                ("第一項".into(), link("art-1-p1")),
                ("第三項".into(), link("art-1-p3")),
                ("前各項".into(), link("art-2-p1")),
                // 号 counted in the 項, a 細分 counting from its 号.
                ("前号".into(), link("art-2-p2-i1to2")),
                ("次号".into(), link("art-2-p2-i3-2")),
                ("前各号".into(), link("art-2-p2-i1to2")),
                ("同号".into(), Unjudged("同条・同項")),
                // 項 2 of the excerpted 附則 is not printed; 項 3 is.
                ("前項".into(), NoLink("前後の項がない")),
                ("前項".into(), link("suppl-1-p3")),
            ]
        );
    }
}
