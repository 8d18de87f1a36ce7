//! A form as HTML that can be filled in on screen (what is typed prints;
//! nothing is sent or stored) or printed blank: real inputs, laid out on a
//! four-column grid, each field kept whole on its printed page.

use std::fmt::Write as _;

use super::escape;
use crate::content::form::{Field, FieldKind, Form};

/// A unique, stable id for an input: form, section and field position.
fn input_id(form: &Form, s: usize, f: usize, part: &str) -> String {
    format!("{}-{s}-{f}{part}", form.id)
}

fn label(out: &mut String, text: &str, for_id: Option<&str>) {
    match for_id {
        Some(id) => {
            let _ = write!(
                out,
                r#"<label class="f-label" for="{}">{}</label>"#,
                escape(id),
                escape(text)
            );
        }
        None => {
            let _ = write!(out, r#"<span class="f-label">{}</span>"#, escape(text));
        }
    }
}

/// Inputs for 年 月 日 and/or 時 分, each a small number box so a blank
/// printout shows the boxes to write in.
fn date_parts(out: &mut String, id: &str, name: &str, date: bool, time: bool) {
    let mut part = |suffix: &str, unit: &str, max: u32, size: &str| {
        let _ = write!(
            out,
            r#"<input class="f-num {size}" type="text" inputmode="numeric" id="{id}{suffix}" name="{name}{suffix}" aria-label="{unit}" maxlength="{max}"><span class="f-unit">{unit}</span>"#,
            id = escape(id),
            name = escape(name),
        );
    };
    if date {
        part("-y", "年", 4, "w4");
        part("-m", "月", 2, "w2");
        part("-d", "日", 2, "w2");
    }
    if time {
        part("-h", "時", 2, "w2");
        part("-min", "分", 2, "w2");
    }
}

fn field_html(out: &mut String, form: &Form, s: usize, i: usize, f: &Field) {
    let id = input_id(form, s, i, "");
    let _ = write!(
        out,
        r#"<div class="f-field f-{kind} span-{w}">"#,
        kind = kind_name(f.kind),
        w = f.width
    );
    match f.kind {
        FieldKind::Text => {
            label(out, &f.label, Some(&id));
            let _ = write!(
                out,
                r#"<input class="f-line" type="text" id="{id}" name="{id}">"#,
                id = escape(&id)
            );
        }
        FieldKind::Textarea => {
            label(out, &f.label, Some(&id));
            let _ = write!(
                out,
                r#"<textarea class="f-area" id="{id}" name="{id}" rows="{n}" style="--lines: {n}"></textarea>"#,
                id = escape(&id),
                n = f.lines
            );
        }
        FieldKind::Date | FieldKind::Time | FieldKind::Datetime => {
            let _ = write!(
                out,
                r#"<fieldset class="f-group"><legend class="f-label">{}</legend><span class="f-parts">"#,
                escape(&f.label)
            );
            let date = f.kind != FieldKind::Time;
            let time = f.kind != FieldKind::Date;
            date_parts(out, &id, &id, date, time);
            out.push_str("</span></fieldset>");
        }
        FieldKind::Duration => {
            let _ = write!(
                out,
                r#"<fieldset class="f-group"><legend class="f-label">{}</legend><span class="f-parts">（<input class="f-num w3" type="text" inputmode="numeric" id="{id}-h" name="{id}-h" aria-label="時間"><span class="f-unit">時間</span><input class="f-num w2" type="text" inputmode="numeric" id="{id}-min" name="{id}-min" aria-label="分"><span class="f-unit">分</span>）</span></fieldset>"#,
                escape(&f.label),
                id = escape(&id)
            );
        }
        FieldKind::Checkboxes | FieldKind::Choice => {
            let kind = if f.kind == FieldKind::Choice {
                "radio"
            } else {
                "checkbox"
            };
            let _ = write!(
                out,
                r#"<fieldset class="f-group"><legend class="f-label">{}</legend><span class="f-options">"#,
                escape(&f.label)
            );
            for o in &f.options {
                let _ = write!(
                    out,
                    r#"<label class="f-option"><input type="{kind}" name="{id}" value="{v}"> {v}</label>"#,
                    id = escape(&id),
                    v = escape(o)
                );
            }
            if f.other {
                let _ = write!(
                    out,
                    r#"<span class="f-option f-other"><label><input type="{kind}" name="{id}" value="その他"> その他</label>（<input class="f-line inline" type="text" name="{id}-other" aria-label="その他の内容">）</span>"#,
                    id = escape(&id)
                );
            }
            out.push_str("</span></fieldset>");
        }
        FieldKind::Signature => {
            let _ = write!(
                out,
                r#"<div class="f-stamps" role="group" aria-label="{}">"#,
                escape(if f.label.is_empty() {
                    "確認印"
                } else {
                    &f.label
                })
            );
            for r in &f.roles {
                let _ = write!(
                    out,
                    r#"<div class="f-stamp"><span class="f-stamp-role">{}</span><span class="f-stamp-box"></span></div>"#,
                    escape(r)
                );
            }
            out.push_str("</div>");
        }
        FieldKind::Note => {
            let _ = write!(
                out,
                r#"<p class="f-note">{}</p>"#,
                escape(f.text.as_deref().unwrap_or(""))
            );
        }
        FieldKind::Table => {
            let _ = write!(
                out,
                r#"<table class="f-table"><caption class="f-label">{}</caption><thead><tr><th scope="col" class="f-no">No.</th>"#,
                escape(&f.label)
            );
            for c in &f.options {
                let _ = write!(out, r#"<th scope="col">{}</th>"#, escape(c));
            }
            out.push_str("</tr></thead><tbody>");
            for row in 1..=f.lines {
                let _ = write!(out, r#"<tr><td class="f-no">{row}</td>"#);
                for (c, col) in f.options.iter().enumerate() {
                    let _ = write!(
                        out,
                        r#"<td><input class="f-cell" type="text" name="{id}-{row}-{c}" aria-label="{row} {col}"></td>"#,
                        id = escape(&id),
                        col = escape(col)
                    );
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
    }
    out.push_str("</div>");
}

fn kind_name(k: FieldKind) -> &'static str {
    match k {
        FieldKind::Text => "text",
        FieldKind::Textarea => "textarea",
        FieldKind::Date => "date",
        FieldKind::Time => "time",
        FieldKind::Datetime => "datetime",
        FieldKind::Duration => "duration",
        FieldKind::Checkboxes => "checkboxes",
        FieldKind::Choice => "choice",
        FieldKind::Signature => "signature",
        FieldKind::Note => "note",
        FieldKind::Table => "table",
    }
}

/// The form's sheet: header fields, then the sections in order. Input ids
/// carry the form id, so several forms can share one page (the binder).
pub fn render(form: &Form) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<form class="paper-form" id="form-{id}" autocomplete="off" onsubmit="return false" data-pages="{pages}">"#,
        id = escape(&form.id),
        pages = form.pages
    );
    out.push_str(r#"<div class="f-head">"#);
    if let Some(n) = &form.number {
        let _ = write!(out, r#"<span class="f-number">{}</span>"#, escape(n));
    }
    let _ = write!(out, r#"<h2 class="f-title">{}</h2>"#, escape(&form.title));
    out.push_str(r#"<div class="f-grid f-header">"#);
    for (i, f) in form.header.iter().enumerate() {
        field_html(&mut out, form, 0, i, f);
    }
    out.push_str("</div></div>");
    for (s, section) in form.sections.iter().enumerate() {
        let _ = write!(
            out,
            r#"<section class="f-section{}"><h3 class="f-section-title">{}</h3><div class="f-grid">"#,
            if section.new_page { " f-new-page" } else { "" },
            escape(&section.title)
        );
        for (i, f) in section.fields.iter().enumerate() {
            field_html(&mut out, form, s + 1, i, f);
        }
        out.push_str("</div></section>");
    }
    out.push_str("</form>");
    out
}
