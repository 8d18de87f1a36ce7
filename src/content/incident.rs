//! The incident front door (緊急時対応), `content/incident.yaml`: the first
//! steps a member of staff takes, each with whom to call. Whom to call at
//! each severity comes from the severity matrix, not from here.

use serde::Deserialize;

use super::fields::{self, At, OneOrMany, Ref};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

pub const FILE: &str = "content/incident.yaml";

#[derive(Debug, Clone)]
pub struct FirstStep {
    pub text: String,
    pub detail: Option<String>,
    pub call: Vec<Ref>,
    /// A link (`reg:ID#…`, `page:ID`, `procedure:ID`) for the full rule.
    pub link: Option<(String, At)>,
}

#[derive(Debug, Clone, Default)]
pub struct Incident {
    pub file: String,
    pub title: Option<String>,
    pub lead: Option<String>,
    pub steps: Vec<FirstStep>,
    /// Things not to do (電源を切らない…), shown beside the steps.
    pub dont: Vec<String>,
    /// Whose steps these are (the contact 発見した職員): their role card
    /// starts with them, and the page heads them with the name.
    pub who: Option<Ref>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    lead: Option<String>,
    steps: Vec<StepSource>,
    #[serde(default)]
    dont: Vec<String>,
    #[serde(default)]
    who: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSource {
    text: String,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    call: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    link: Option<Spanned<String>>,
}

pub const EXAMPLE: &str = "steps:\n  - text: 部門責任者と情報システム部門に連絡する\n    call: [dept-head, it-dept]\n    link: reg:security-incident#sec-4";

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Incident {
    let mut out = Incident {
        file: file.rel.clone(),
        ..Incident::default()
    };
    let Some(src) = fields::read_yaml::<Source>(
        file,
        ("緊急時対応のページ", "the incident page"),
        EXAMPLE,
        diags,
    ) else {
        return out;
    };
    out.title = src.title;
    out.lead = src.lead;
    out.dont = src.dont;
    out.who = src.who.as_ref().map(Ref::new);
    out.steps = src
        .steps
        .iter()
        .map(|s| FirstStep {
            text: s.text.clone(),
            detail: s.detail.clone(),
            call: s.call.as_ref().map(fields::refs).unwrap_or_default(),
            link: s
                .link
                .as_ref()
                .map(|l| (l.value.clone(), yaml::position(l, 1))),
        })
        .collect();
    out
}
