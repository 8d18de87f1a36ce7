//! Versions of a regulation: which one is in force on a date, the one
//! before, the newest, and where each stands (旧版・現行・施行予定).

use super::Regulation;

/// Where a version stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// 旧版: in force from its 施行日 until the day before `until`.
    Superseded { until: chrono::NaiveDate },
    /// 現行.
    InForce,
    /// 施行予定: takes effect after the as-of date.
    Pending,
}

impl Regulation {
    /// Makes the version in force on `as_of` the regulation, with every
    /// other version in `versions`, oldest first. When no version is in
    /// force yet, the first one stands (and is [`Standing::Pending`]).
    pub fn settle(mut self, as_of: chrono::NaiveDate) -> Regulation {
        let mut all = std::mem::take(&mut self.versions);
        all.push(self);
        all.sort_by_key(|v| v.since);
        let current = all.iter().rposition(|v| v.since <= as_of).unwrap_or(0);
        let mut reg = all.remove(current);
        reg.versions = all;
        reg
    }

    /// Every version, oldest first, this one among them.
    pub fn all_versions(&self) -> Vec<&Regulation> {
        let mut all: Vec<&Regulation> = self.versions.iter().chain([self]).collect();
        all.sort_by_key(|v| v.since);
        all
    }

    /// The newest version: its 改定履歴 is the whole history.
    pub fn newest(&self) -> &Regulation {
        self.versions
            .last()
            .filter(|v| v.since > self.since)
            .unwrap_or(self)
    }

    /// How `version` (one of [`Self::all_versions`]) stands on `as_of`.
    pub fn standing(&self, version: &Regulation, as_of: chrono::NaiveDate) -> Standing {
        if version.since > as_of {
            return Standing::Pending;
        }
        let next = self
            .all_versions()
            .into_iter()
            .find(|v| v.since > version.since && v.since <= as_of);
        match next {
            Some(n) => Standing::Superseded { until: n.since },
            None => Standing::InForce,
        }
    }

    /// The version before `version`, when there is one.
    pub fn predecessor(&self, version: &Regulation) -> Option<&Regulation> {
        self.all_versions()
            .into_iter()
            .rev()
            .find(|v| v.since < version.since)
    }
}
