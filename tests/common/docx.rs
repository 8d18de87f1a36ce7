//! Writes real Word documents (.docx) for the import tests: a deflated
//! ZIP of the parts Word itself writes (content types, relationships,
//! document, styles, numbering, comments, footnotes, core properties),
//! deterministic byte for byte. The two documents of the corpus use Word's
//! automatic numbering for articles, 項 and 号, and carry the debris Word
//! leaves: bookmarks, a comment, a tracked change, ruby, hidden text, a
//! field, a footnote. `examples/gen_docx.rs` writes them to a folder so
//! they can be opened in Word or LibreOffice.
#![allow(dead_code)]

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A ZIP archive of `parts`, each deflated, with a fixed date (1980-01-01).
pub fn zip(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for (name, data) in parts {
        let packed = miniz_oxide::deflate::compress_to_vec(data, 6);
        let offset = out.len() as u32;
        let crc = crc32(data);
        let common = |h: &mut Vec<u8>| {
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&8u16.to_le_bytes()); // deflate
            h.extend_from_slice(&0u16.to_le_bytes()); // time
            h.extend_from_slice(&0x0021u16.to_le_bytes()); // 1980-01-01
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&packed);
        dir.extend_from_slice(b"PK\x01\x02");
        dir.extend_from_slice(&20u16.to_le_bytes()); // made by
        common(&mut dir);
        dir.extend_from_slice(&[0; 10]); // comment, disk, attributes
        dir.extend_from_slice(&offset.to_le_bytes());
        dir.extend_from_slice(name.as_bytes());
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&dir);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    let n = (parts.len() as u16).to_le_bytes();
    out.extend_from_slice(&n);
    out.extend_from_slice(&n);
    out.extend_from_slice(&(dir.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// ---- runs ----

pub fn t(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

pub fn hidden(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

pub fn ins(text: &str) -> String {
    format!(
        r#"<w:ins w:id="901" w:author="総務課" w:date="2025-03-01T09:00:00Z">{}</w:ins>"#,
        t(text)
    )
}

pub fn del(text: &str) -> String {
    format!(
        r#"<w:del w:id="902" w:author="総務課" w:date="2025-03-01T09:00:00Z"><w:r><w:delText xml:space="preserve">{}</w:delText></w:r></w:del>"#,
        esc(text)
    )
}

/// `inner` inside a bookmark named `name`.
pub fn bookmark(id: u32, name: &str, inner: &str) -> String {
    format!(r#"<w:bookmarkStart w:id="{id}" w:name="{name}"/>{inner}<w:bookmarkEnd w:id="{id}"/>"#)
}

/// `inner` with comment 0 (its text is in comments.xml) on it.
pub fn commented(inner: &str) -> String {
    format!(
        r#"<w:commentRangeStart w:id="0"/>{inner}<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>"#
    )
}

/// A complex field: Word shows `result`; `instruction` is its code.
pub fn field(instruction: &str, result: &str) -> String {
    format!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
        esc(instruction),
        t(result)
    )
}

pub fn ruby(base: &str, reading: &str) -> String {
    format!(
        r#"<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/><w:hpsRaise w:val="18"/><w:hpsBaseText w:val="21"/><w:lid w:val="ja-JP"/></w:rubyPr><w:rt><w:r><w:rPr><w:sz w:val="10"/></w:rPr><w:t>{}</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>{}</w:t></w:r></w:rubyBase></w:ruby></w:r>"#,
        esc(reading),
        esc(base)
    )
}

pub fn footnote_ref() -> String {
    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>"#.into()
}

// ---- paragraphs ----

pub fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

pub fn p_style(style: &str, runs: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#)
}

/// A paragraph numbered by Word: list `num`, level `ilvl`.
pub fn p_num(num: u32, ilvl: u32, runs: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{runs}</w:p>"#
    )
}

pub fn table(rows: &[&[&str]]) -> String {
    let mut out = String::from(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="5000"/></w:tblGrid>"#,
    );
    for row in rows {
        out.push_str("<w:tr>");
        for cell in *row {
            out.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
                p(&t(cell))
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// One level of a list definition.
pub fn lvl(ilvl: u32, start: u32, fmt: &str, text: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="space"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="420"/></w:pPr></w:lvl>"#,
        420 * (ilvl + 1)
    )
}

/// A Word document of `body` paragraphs, with `numbering` (abstractNum
/// and num elements) and paragraph `styles`.
pub fn docx(body: &str, numbering: &str, styles: &str, title: &str) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1985" w:right="1701" w:bottom="1701" w:left="1701" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Century" w:eastAsia="ＭＳ 明朝" w:hAnsi="Century"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style><w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>{styles}</w:styles>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="監査担当" w:date="2025-02-01T09:00:00Z" w:initials="K"><w:p><w:r><w:annotationRef/></w:r><w:r><w:t>この条は委員会で再確認すること</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t>教育の年間計画は別に定める。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>情報システム部</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created></cp:coreProperties>"#,
        esc(title)
    );
    zip(&[
        ("[Content_Types].xml", content_types.as_bytes().to_vec()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes().to_vec()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/numbering.xml", numbering.into_bytes()),
        ("word/comments.xml", comments.into_bytes()),
        ("word/footnotes.xml", footnotes.into_bytes()),
        ("docProps/core.xml", core.into_bytes()),
    ])
}

/// A regulation in the article style, numbered entirely by Word:
/// 第%1条 in kanji (japaneseCounting) through the paragraph style 条 and
/// directly, 項 in full-width digits starting at ２, 号 in kanji with イロハ
/// below, circled lists (one restarted by a startOverride), chapters
/// 第%1章, and a 附則 whose articles restart at 第一条 (startOverride).
pub fn articles_docx() -> Vec<u8> {
    let numbering = [
        // 0: articles, 項, 号, イロハ (each deeper level restarts by default)
        format!(
            r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{}{}{}{}</w:abstractNum>"#,
            lvl(0, 1, "japaneseCounting", "第%1条"),
            lvl(1, 2, "decimalFullWidth", "%2"),
            lvl(2, 1, "japaneseCounting", "%3"),
            lvl(3, 1, "irohaFullWidth", "%4"),
        ),
        // 1: chapters
        format!(
            r#"<w:abstractNum w:abstractNumId="1">{}</w:abstractNum>"#,
            lvl(0, 1, "decimalFullWidth", "第%1章")
        ),
        // 2: circled lists
        format!(
            r#"<w:abstractNum w:abstractNumId="2">{}</w:abstractNum>"#,
            lvl(0, 1, "decimalEnclosedCircle", "%1")
        ),
        r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#.into(),
        r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#.into(),
        r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#.into(),
        r#"<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#.into(),
        r#"<w:num w:numId="5"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#.into(),
    ]
    .concat();
    let styles = r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Jou"><w:name w:val="条"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Kou"><w:name w:val="項"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Midashi"><w:name w:val="見出し"/><w:basedOn w:val="a"/></w:style>"#;
    let body = [
        p_style("Title", &t("情報セキュリティ管理規程")),
        p(&t("規程第７号")),
        p(&t("所管：情報システム部")),
        p_num(2, 0, &t("総則")),
        p_style("Midashi", &t("（目的）")),
        p_style(
            "Jou",
            &format!(
                "{}{}",
                t("この規程は、当院の情報資産を守るため、"),
                bookmark(
                    0,
                    "_Hlk190000001",
                    &t("必要な事項を定めることを目的とする。")
                )
            ),
        ),
        p_style("Midashi", &t("（定義）")),
        p_num(
            1,
            0,
            &t("この規程において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。"),
        ),
        p_num(1, 2, &t("情報資産　当院が取り扱う情報及び情報システム")),
        p_num(1, 2, &t("情報システム　次に掲げるもの")),
        p_num(1, 3, &t("電子カルテシステム")),
        p_num(1, 3, &t("部門システム")),
        p_num(1, 2, &t("職員　当院に勤務する者")),
        // Typed by hand: after 号, Word's own 項 level would show ３ (the
        // level skipped for the 号 stands at its start, ２).
        p(&t("２　前項の職員には、委託先の従業者を含む。")),
        p_num(2, 0, &t("体制")),
        p_style("Midashi", &t("（責任者）")),
        p_style(
            "Jou",
            &format!(
                "{}{}{}",
                t("当院に情報セキュリティ責任者を置き、"),
                commented(&t("院長が指名する。")),
                t("")
            ),
        ),
        p_num(1, 1, &t("責任者は、次に掲げる事項を行う。")),
        p_num(
            3,
            0,
            &format!(
                "{}{}",
                ruby("脆弱性", "ぜいじゃくせい"),
                t("の情報を集めること。")
            ),
        ),
        p_num(3, 0, &t("情報資産の台帳を整えること。")),
        p_num(3, 0, &t("教育を計画すること。")),
        p_num(
            1,
            1,
            &format!(
                "{}{}{}{}",
                t("責任者は、事故を知ったときは"),
                ins("速やかに"),
                del("遅滞なく"),
                t("院長に報告する。")
            ),
        ),
        p_style("Midashi", &t("（教育）")),
        p_style(
            "Jou",
            &format!(
                "{}{}{}",
                t("責任者は、職員に年一回以上の教育を行う。"),
                hidden("（内部メモ：予算は未定）"),
                footnote_ref()
            ),
        ),
        p_style("Kou", &t("責任者は、教育の記録を残す。")),
        // The caption written after the number, as many regulations do.
        p_num(
            1,
            0,
            &t("（報告）職員は、次に掲げるときは、第三条の責任者に報告する。"),
        ),
        p_num(5, 0, &t("情報機器を紛失したとき。")),
        p_num(5, 0, &t("不審な電子メールを開いたとき。")),
        p(&t("附　則")),
        p_num(
            4,
            0,
            &format!(
                "{}{}{}",
                t("この規程は、"),
                field("DOCPROPERTY 施行日 \\* MERGEFORMAT", "令和７年４月１日"),
                t("から施行する。")
            ),
        ),
        p(&t("改定履歴")),
        table(&[
            &["改定日", "改定内容"],
            &["令和７年４月１日", "制定"],
            &["令和７年１０月１日", "第三条を改正"],
        ]),
    ]
    .concat();
    docx(&body, &numbering, styles, "情報セキュリティ管理規程")
}

/// A procedure-like regulation in the section style (1. 目的), numbered by
/// Word, followed by a 施行 line, a 改定履歴 block, a flow line and a blank
/// form, as the Word originals are.
pub fn sections_docx() -> Vec<u8> {
    let numbering = [
        format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum>"#,
            lvl(0, 1, "decimal", "%1."),
            lvl(1, 1, "decimal", "(%2)"),
            lvl(2, 1, "decimalEnclosedCircle", "%3"),
        ),
        r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#.into(),
    ]
    .concat();
    let body = [
        p_style("Title", &t("情報機器紛失時の対応規定")),
        p_num(1, 0, &t("目的")),
        p(&t("情報機器の紛失に速やかに対応し、被害を小さくする。")),
        p_num(1, 0, &t("対処")),
        p_num(1, 1, &t("紛失に気づいた職員は、部門責任者に報告する。")),
        p_num(1, 1, &t("部門責任者は、次の区分で対応する。")),
        p_num(1, 2, &t("患者情報を含むとき")),
        p_num(1, 2, &t("含まないとき")),
        p_num(1, 1, &t("情報システム部門は、記録を残す。")),
        p(&t("この規程は、令和６年４月１日より施行する。")),
        p(&t("改定履歴")),
        p(&t("令和６年４月１日　制定")),
        p(&t("令和７年４月１日　一部改定")),
        p(&t("職員→部門責任者→情報システム部門")),
        p(&t("紛失届")),
        p(&t("紛失日時　　　年　　月　　日")),
        table(&[&["氏名", "所属"], &["", ""]]),
    ]
    .concat();
    docx(&body, &numbering, "", "")
}
