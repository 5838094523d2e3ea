//! The rule set: one catalog of rules, each a record (stable id, severity, title, explanation,
//! fix, docs) plus a small matcher over [`Evidence`]. `check` and `explain` both call
//! [`diagnose`]; there is no other rule set.

mod catalog;
mod fix;
mod look;
pub(crate) mod preflight;
mod rank;

pub use catalog::CATALOG;
pub use fix::DEFAULT_API;
pub use look::path_of;
pub use rank::{Conclusion, Verdict, conclude};

use crate::evidence::{Evidence, Strength};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Explains a failure.
    Error,
    /// A risk, or a problem Bitbucket tolerates today.
    Warning,
    /// A fact, e.g. `healthy`.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where the finding pages (`docs/findings/`) are published: `{PAGES}<id>.md`. The one place
/// to change when they move.
pub const PAGES: &str = "https://github.com/bbdoctor/bbdoctor/blob/main/docs/findings/";

/// A rule: what it finds, why it matters, how to fix it, and its matcher.
pub struct Rule {
    /// Stable id (design.md §4). Never renamed.
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// Why Bitbucket behaves so, in a sentence or two.
    pub explanation: &'static str,
    /// The fix in words; matches add a ready-to-run command.
    pub fix: &'static str,
    /// True for causes that the transport, not the credential, explains (exit code 3).
    pub unreachable: bool,
    /// The finding's page, `docs/findings/<id>.md`, embedded (what `bbdoctor rules ID` prints).
    pub page: &'static str,
    /// More specific findings that, when they fire as errors, already explain what this rule
    /// would report: this one then stays quiet.
    pub quiet_when: &'static [&'static str],
    pub matcher: fn(&Evidence) -> Option<Match>,
}

impl Rule {
    /// The published page that explains this finding (`docs/findings/<id>.md` in the
    /// repository, at [`PAGES`]): an address a reader can open, in a forum or from JSON.
    pub fn docs(&self) -> String {
        format!("{PAGES}{}.md", self.id)
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// What a matcher found.
#[derive(Clone, Debug, Default)]
pub struct Match {
    /// Lines of evidence that support the finding.
    pub evidence: Vec<String>,
    /// A ready-to-run corrected command (the secret through an environment variable).
    pub command: Option<String>,
    /// The header as sent and as it should be, both redacted, for a diff.
    pub header: Option<(String, String)>,
    /// A specific sentence for this case, added to the rule's explanation.
    pub detail: Option<String>,
    /// The fix in words and the verdict's few words, when this case needs other ones than
    /// the rule's (a locked account: not "check the secret", which locks it again).
    pub fix: Option<&'static str>,
    pub short: Option<&'static str>,
    /// Overrides the rule's severity (e.g. a problem Bitbucket tolerated this time).
    pub severity: Option<Severity>,
    /// When the evidence suggests but cannot confirm the cause: the check that would.
    pub confirm: Option<String>,
    /// How well the facts it used are known, when less well than the evidence as a whole
    /// (a kind only stated in prose, a status only told in words). `None`: as well as the
    /// evidence (observed by a check, shown in a paste).
    pub support: Option<Strength>,
}

/// A rule that fired, with what supports it.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub found: Match,
    /// The weakest link of what supports it (design.md §1).
    pub support: Strength,
}

impl Finding {
    pub fn id(&self) -> &'static str {
        self.rule.id
    }

    /// The fix in words: this case's, else the rule's.
    pub fn fix(&self) -> &'static str {
        self.found.fix.unwrap_or(self.rule.fix)
    }
}

/// Run every rule and rank what fired: errors first, the best-supported first and, among
/// equals, in catalog order (causal order); so the first error is the root cause. A leaked
/// secret leads the answer whatever else is wrong. `healthy` appears only when nothing is
/// wrong. Whether the root cause is settled is [`conclude`]'s question.
pub fn diagnose(ev: &Evidence) -> Vec<Finding> {
    let base = match ev.live {
        true => Strength::Observed,
        false => Strength::Shown,
    };
    // The SSH rules share one diagnosis of the SSH facts.
    let mut findings: Vec<Finding> = crate::ssh::rules::diagnosing(ev, || {
        CATALOG
            .iter()
            .filter_map(|rule| {
                let found = (rule.matcher)(ev)?;
                let severity = found.severity.unwrap_or(rule.severity);
                let support = found.support.map_or(base, |s| s.min(base));
                Some(Finding {
                    rule,
                    severity,
                    found,
                    support,
                })
            })
            .collect()
    });
    let errors: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.id)
        .collect();
    findings.retain(|f| !f.rule.quiet_when.iter().any(|id| errors.contains(id)));
    // A cause only told ("I'm sure it's the IP allowlist") that Bitbucket names in words of
    // its own, beside Bitbucket's shown answer naming another in its words (the 2SV line):
    // the answer says which it was.
    let answered: Vec<&str> = ev
        .exchanges
        .iter()
        .filter(|e| e.strength.conclusive())
        .filter_map(|e| crate::bitbucket::names(crate::bitbucket::said(e.response.as_ref()?)?))
        .collect();
    if !answered.is_empty() {
        let worded = |id: &str| {
            crate::bitbucket::MESSAGES
                .iter()
                .any(|m| crate::bitbucket::names(m) == Some(id))
        };
        findings.retain(|f| {
            let told = f.severity == Severity::Error && f.support <= Strength::Stated;
            !(told && worded(f.rule.id) && !answered.contains(&f.rule.id))
        });
    }
    // These two speak only when nothing is wrong, or nothing wrong could be named.
    if !errors.is_empty() {
        findings.retain(|f| !matches!(f.rule.id, "healthy" | "unexplained-failure"));
    }
    // Stable: catalog order stays within equal keys.
    findings.sort_by_key(|f| {
        let lead = f.rule.id != "leaked-secret";
        let support = match f.severity {
            Severity::Error => std::cmp::Reverse(f.support),
            _ => std::cmp::Reverse(Strength::Inferred),
        };
        (lead, f.severity, support)
    });
    if let Some(root) = findings.iter_mut().find(|f| f.severity == Severity::Error) {
        let kind = look::examined_kind(ev);
        fix::cover_git_and_rest(root.rule.id, &mut root.found.command, ev, kind);
    }
    findings
}

/// The kind of credential under examination (for the modules beside the rules).
pub fn look_kind(ev: &Evidence) -> crate::credential::Kind {
    look::examined_kind(ev)
}

/// Look up a rule by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    CATALOG.iter().find(|r| r.id == id)
}
