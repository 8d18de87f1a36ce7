//! What a run knows about itself, made once and passed to every stage:
//! the build date (`SOURCE_DATE_EPOCH` for reproducible builds, otherwise
//! today in Japan), the date freshness and versions are judged on
//! (`--as-of`), and the commit the sources are at.

use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// What every page knows about the build.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    pub date: chrono::NaiveDate,
    /// The date freshness is shown for (`--as-of`, default `date`).
    pub as_of: chrono::NaiveDate,
    pub commit: Option<String>,
}

impl BuildInfo {
    /// The dates and commit of a run over the handbook at `root`; `as_of`
    /// defaults to the build date.
    pub fn new(root: &Path, as_of: Option<NaiveDate>) -> Result<BuildInfo, String> {
        let date = build_date()?;
        Ok(BuildInfo {
            date,
            as_of: as_of.unwrap_or(date),
            commit: commit(root),
        })
    }
}

/// The build date: `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// otherwise today, both in Japan time.
pub fn build_date() -> Result<NaiveDate, String> {
    let jst = FixedOffset::east_opt(9 * 3600).ok_or("time zone")?;
    let now = source_date_epoch()?.unwrap_or_else(Utc::now);
    Ok(now.with_timezone(&jst).date_naive())
}

/// The moment `SOURCE_DATE_EPOCH` names, when it is set: a day between the
/// years 1900 and 9999 (beyond, the date arithmetic and 和暦 make no sense,
/// and chrono's time-zone conversion panics near its limits).
pub fn source_date_epoch() -> Result<Option<DateTime<Utc>>, String> {
    let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let secs: i64 = v.trim().parse().map_err(|_| {
        crate::diag::tr(
            format!("SOURCE_DATE_EPOCH=`{v}` は秒数として読めません"),
            format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"),
        )
    })?;
    DateTime::from_timestamp(secs, 0)
        .filter(|t| (1900..=9999).contains(&t.year()))
        .map(Some)
        .ok_or_else(|| {
            crate::diag::tr(
                format!(
                    "SOURCE_DATE_EPOCH=`{v}` は範囲の外です。1900年から9999年までの日を、\
                     1970年からの秒数で指定してください"
                ),
                format!(
                    "SOURCE_DATE_EPOCH=`{v}` is out of range: give seconds since 1970 \
                     for a day between the years 1900 and 9999"
                ),
            )
        })
}

/// The commit the sources are at, when they are in git: short hash, and
/// `+` when the sources differ from it.
pub fn commit(root: &Path) -> Option<String> {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let hash = run(&["rev-parse", "--short=10", "HEAD"])?;
    let dirty = run(&[
        "status",
        "--porcelain",
        "--",
        "handbook.yaml",
        "content",
        "templates",
        "theme",
    ])
    .is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{hash}+") } else { hash })
}
