//! Word's automatic numbering (`numbering.xml`) turned into the text Word
//! shows: 第１条, ２, 一, ①, イ. Levels, number formats, restarts and the
//! overrides of a list instance, counted the way Word counts them.

use std::collections::{HashMap, HashSet};

use super::xml::{self, Element};
use crate::content::numerals::to_kanji;

/// How the number is separated from the paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub start: u32,
    pub format: String,
    pub text: String,
    /// `lvlRestart`: None restarts after any higher level; Some(0) never;
    /// Some(n) after a use of level n (1-based) or a higher one.
    pub restart: Option<u32>,
    /// `isLgl`: every number in the text is shown in Arabic digits.
    pub legal: bool,
    pub suffix: Suffix,
    /// `pStyle`: the paragraph style this level is tied to.
    pub style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            // The schema's default is 0, but nobody numbers a regulation
            // from 第０条: a level without w:start comes from a tool that
            // left it out, and 1 is what was meant.
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
            suffix: Suffix::Tab,
            style: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: HashMap<u32, Level>,
    /// `numStyleLink`: the levels are those of the list a numbering style points to.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    start_overrides: HashMap<u32, u32>,
    level_overrides: HashMap<u32, Level>,
}

/// Every list of a document, and the counters as the paragraphs use them.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
    /// Numbering styles (`w:style w:type="numbering"`) → their numId.
    style_nums: HashMap<String, String>,
    counters: HashMap<String, [Option<u32>; 9]>,
    overridden: HashSet<(String, u32)>,
}

fn parse_level(el: &Element) -> Level {
    let mut l = Level::default();
    for c in &el.children {
        match c.name.as_str() {
            "start" => {
                if let Some(v) = c.attr("val").and_then(|v| v.parse().ok()) {
                    l.start = v;
                }
            }
            "numFmt" => {
                if let Some(v) = c.attr("val") {
                    l.format = v.to_string();
                }
            }
            "lvlText" => l.text = c.attr("val").unwrap_or("").to_string(),
            "lvlRestart" => l.restart = c.attr("val").and_then(|v| v.parse().ok()),
            "isLgl" => l.legal = xml::on(c),
            "suff" => {
                l.suffix = match c.attr("val") {
                    Some("space") => Suffix::Space,
                    Some("nothing") => Suffix::Nothing,
                    _ => Suffix::Tab,
                }
            }
            "pStyle" => l.style = c.attr("val").map(str::to_string),
            _ => {}
        }
    }
    l
}

impl Numbering {
    /// Reads `numbering.xml`; `style_nums` maps numbering styles to their
    /// numId (from `styles.xml`).
    pub fn parse(root: &Element, style_nums: HashMap<String, String>) -> Numbering {
        let mut n = Numbering {
            style_nums,
            ..Numbering::default()
        };
        for el in &root.children {
            match el.name.as_str() {
                "abstractNum" => {
                    let Some(id) = el.attr("abstractNumId") else {
                        continue;
                    };
                    let mut a = Abstract::default();
                    for c in &el.children {
                        match c.name.as_str() {
                            "lvl" => {
                                let ilvl = c.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                                a.levels.insert(ilvl, parse_level(c));
                            }
                            "numStyleLink" => a.style_link = c.attr("val").map(str::to_string),
                            _ => {}
                        }
                    }
                    n.abstracts.insert(id.to_string(), a);
                }
                "num" => {
                    let Some(id) = el.attr("numId") else { continue };
                    let mut inst = Instance::default();
                    for c in &el.children {
                        match c.name.as_str() {
                            "abstractNumId" => {
                                inst.abstract_id = c.attr("val").unwrap_or("").to_string()
                            }
                            "lvlOverride" => {
                                let ilvl = c.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                                for o in &c.children {
                                    match o.name.as_str() {
                                        "startOverride" => {
                                            if let Some(v) =
                                                o.attr("val").and_then(|v| v.parse().ok())
                                            {
                                                inst.start_overrides.insert(ilvl, v);
                                            }
                                        }
                                        "lvl" => {
                                            inst.level_overrides.insert(ilvl, parse_level(o));
                                        }
                                        _ => {}
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    n.instances.insert(id.to_string(), inst);
                }
                _ => {}
            }
        }
        n
    }

    /// The abstract list behind a numId, following a numbering style link
    /// (Word's list styles put their levels one step away).
    fn abstract_of(&self, num_id: &str) -> Option<(&str, &Abstract)> {
        let mut id = self.instances.get(num_id)?.abstract_id.as_str();
        for _ in 0..4 {
            let a = self.abstracts.get(id)?;
            match a.style_link.as_ref().and_then(|s| self.style_nums.get(s)) {
                Some(linked) if a.levels.is_empty() => {
                    id = self.instances.get(linked)?.abstract_id.as_str();
                }
                _ => return Some((id, a)),
            }
        }
        None
    }

    fn level(&self, num_id: &str, ilvl: u32) -> Option<Level> {
        let inst = self.instances.get(num_id)?;
        if let Some(l) = inst.level_overrides.get(&ilvl) {
            return Some(l.clone());
        }
        self.abstract_of(num_id)?.1.levels.get(&ilvl).cloned()
    }

    /// The level of a list tied to a paragraph style (`lvl/pStyle`), for a
    /// paragraph numbered through its style without an `ilvl` of its own.
    pub fn level_for_style(&self, num_id: &str, style: &str) -> Option<u32> {
        let (_, a) = self.abstract_of(num_id)?;
        a.levels
            .iter()
            .filter(|(_, l)| l.style.as_deref() == Some(style))
            .map(|(&i, _)| i)
            .min()
    }

    /// The number text of the next paragraph in list `num_id` at level
    /// `ilvl`, and its suffix; advances the counters. None when the list
    /// or level does not exist or shows nothing.
    pub fn next(&mut self, num_id: &str, ilvl: u32) -> Option<(String, Suffix)> {
        let ilvl = ilvl.min(8);
        let level = self.level(num_id, ilvl)?;
        let inst = self.instances.get(num_id)?;
        let (abstract_id, _) = self.abstract_of(num_id)?;
        // Instances that restart a level count on their own; the others
        // of one abstract list continue one another, as in Word.
        let key = if inst.start_overrides.is_empty() && inst.level_overrides.is_empty() {
            format!("a{abstract_id}")
        } else {
            format!("n{num_id}")
        };
        let start_override = inst.start_overrides.get(&ilvl).copied();
        let first_use =
            start_override.is_some() && self.overridden.insert((num_id.to_string(), ilvl));
        let levels: Vec<Level> = (0..9)
            .map(|i| self.level(num_id, i).unwrap_or_default())
            .collect();
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let i = ilvl as usize;
        // A level skipped over (第一条, then straight to its 号) stands at
        // its start value, so its next use counts on from there: Word shows
        // ３ for a 項 after 号 when the 項 level itself was never used
        // (LibreOffice does the same with Word's files).
        for (k, l) in levels.iter().enumerate().take(i) {
            counters[k].get_or_insert(l.start);
        }
        counters[i] = match (first_use, counters[i]) {
            (true, _) => start_override,
            (false, None) => Some(start_override.unwrap_or(level.start)),
            (false, Some(c)) => Some(c.saturating_add(1)),
        };
        for (j, deeper) in levels.iter().enumerate().skip(i + 1) {
            let restarts = match deeper.restart {
                None => true,
                Some(0) => false,
                Some(n) => (i as u32) < n,
            };
            if restarts {
                counters[j] = None;
            }
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let k = d as usize - 1;
                    let l = &levels[k];
                    let value = counters[k].unwrap_or(l.start);
                    let format = if level.legal {
                        "decimal"
                    } else {
                        l.format.as_str()
                    };
                    out.push_str(&format_number(value, format));
                }
                _ => out.push(c),
            }
        }
        if level.format == "bullet" {
            out = out.chars().map(bullet).collect();
        }
        if out.is_empty() || level.format == "none" && level.text.is_empty() {
            return None;
        }
        Some((out, level.suffix))
    }
}

/// Bullets drawn from Symbol or Wingdings are private-use characters that
/// mean nothing as text; the handbook's own bullet stands for them.
fn bullet(c: char) -> char {
    if ('\u{E000}'..='\u{F8FF}').contains(&c) {
        '・'
    } else {
        c
    }
}

const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
const AIUEO: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";

fn cycle(table: &str, n: u32) -> String {
    let len = table.chars().count() as u32;
    table
        .chars()
        .nth(((n.max(1) - 1) % len) as usize)
        .map(String::from)
        .unwrap_or_default()
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn letters(n: u32, upper: bool) -> String {
    // Word repeats the letter: A … Z, AA … ZZ, AAA … A crafted start value
    // must not make a string of millions of letters.
    if n > 26 * 20 {
        return n.to_string();
    }
    let n = n.max(1);
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    let s = letter.to_string().repeat(((n - 1) / 26 + 1) as usize);
    if upper { s.to_uppercase() } else { s }
}

fn roman(mut n: u32, upper: bool) -> String {
    if n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    if upper { s.to_uppercase() } else { s }
}

fn digit_by_digit(n: u32) -> String {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| D[d as usize]))
        .collect()
}

fn legal_kanji(n: u32) -> String {
    to_kanji(n)
        .replace('一', "壱")
        .replace('二', "弐")
        .replace('三', "参")
        .replace('十', "拾")
}

/// One number in one of Word's formats. Katakana counts (aiueo, iroha)
/// come out full-width whatever their width in Word, so the regulation
/// parser reads them as 号 markers; circled and parenthesised digits the
/// parser does not know become (1) and 1.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalFullWidth" | "decimalFullWidth2" => full_width(&n.to_string()),
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=50).contains(&n) => {
            let c = match n {
                1..=20 => '①' as u32 + n - 1,
                21..=35 => '㉑' as u32 + n - 21,
                _ => '㊱' as u32 + n - 36,
            };
            char::from_u32(c).map(String::from).unwrap_or_default()
        }
        "decimalEnclosedParen" => format!("({n})"),
        "decimalEnclosedFullstop" => format!("{n}."),
        "japaneseCounting"
        | "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseDigitalTenThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => to_kanji(n),
        "ideographDigital" | "taiwaneseDigital" | "koreanDigital" => digit_by_digit(n),
        "japaneseLegal" | "chineseLegalSimplified" | "ideographLegalTraditional" => legal_kanji(n),
        "aiueo" | "aiueoFullWidth" => cycle(AIUEO, n),
        "iroha" | "irohaFullWidth" => cycle(IROHA, n),
        "ideographTraditional" => cycle(STEMS, n),
        "ideographZodiac" => cycle(BRANCHES, n),
        "upperLetter" => letters(n, true),
        "lowerLetter" => letters(n, false),
        "upperRoman" => roman(n, true),
        "lowerRoman" => roman(n, false),
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbering(xml: &str) -> Numbering {
        let root = xml::parse(xml).unwrap();
        Numbering::parse(&root, HashMap::new())
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn formats() {
        assert_eq!(format_number(12, "japaneseCounting"), "十二");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "㉑");
        assert_eq!(format_number(51, "decimalEnclosedCircle"), "51");
        assert_eq!(format_number(2, "aiueoFullWidth"), "イ");
        assert_eq!(format_number(2, "aiueo"), "イ");
        assert_eq!(format_number(2, "iroha"), "ロ");
        assert_eq!(format_number(3, "irohaFullWidth"), "ハ");
        assert_eq!(format_number(10, "ideographDigital"), "一〇");
        assert_eq!(format_number(20, "japaneseLegal"), "弐拾");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(u32::MAX, "upperRoman"), "4294967295");
        assert_eq!(format_number(u32::MAX, "upperLetter"), "4294967295");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(7, "somethingNew"), "7");
    }

    #[test]
    fn articles_and_paragraphs_restart_as_in_word() {
        let mut n = numbering(&format!(
            r#"<w:numbering {W}>
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="2"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%2"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="japaneseCounting"/><w:lvlText w:val="%3"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
            </w:numbering>"#
        ));
        let mut next = |id: &str, l: u32| n.next(id, l).map(|(t, _)| t).unwrap_or_default();
        assert_eq!(next("1", 0), "第１条");
        assert_eq!(next("1", 1), "２");
        assert_eq!(next("1", 2), "一");
        assert_eq!(next("1", 2), "二");
        assert_eq!(next("1", 1), "３");
        assert_eq!(next("1", 2), "一");
        assert_eq!(next("1", 0), "第２条");
        assert_eq!(next("1", 1), "２");
        // Another instance of the same list without overrides continues it.
        assert_eq!(next("2", 0), "第３条");
        // A 項 level skipped for 号 stood at its start (２): the next is ３.
        assert_eq!(next("1", 2), "一");
        assert_eq!(next("1", 1), "３");
    }

    #[test]
    fn start_overrides_and_no_restart() {
        let mut n = numbering(&format!(
            r#"<w:numbering {W}>
            <w:abstractNum w:abstractNumId="5">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>
            <w:num w:numId="8"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
            </w:numbering>"#
        ));
        let mut next = |id: &str, l: u32| n.next(id, l).map(|(t, _)| t).unwrap_or_default();
        assert_eq!(next("7", 0), "(1)");
        assert_eq!(next("7", 1), "①");
        assert_eq!(next("7", 0), "(2)");
        // lvlRestart 0: the circled level goes on across (2).
        assert_eq!(next("7", 1), "②");
        // The override instance starts at 4 and counts on its own.
        assert_eq!(next("8", 0), "(4)");
        assert_eq!(next("8", 0), "(5)");
        assert_eq!(next("7", 0), "(3)");
        assert_eq!(n.next("99", 0), None);
    }

    #[test]
    fn legal_numbering_and_bullets() {
        let mut n = numbering(&format!(
            r#"<w:numbering {W}>
            <w:abstractNum w:abstractNumId="1">
              <w:lvl w:ilvl="0"><w:numFmt w:val="japaneseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
              <w:lvl w:ilvl="1"><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
              <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
            </w:numbering>"#
        ));
        assert_eq!(n.next("1", 0).unwrap().0, "第一章");
        assert_eq!(n.next("1", 1).unwrap().0, "1.1");
        assert_eq!(n.next("1", 2).unwrap().0, "・");
    }
}
