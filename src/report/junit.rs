//! The JUnit XML report, for CI test views (Bitbucket Pipelines shows the files it finds under
//! `test-results/`; GitHub Actions through a JUnit action). One test suite per report, one test
//! case per aspect checked; an aspect fails with its error findings, and is skipped when it was
//! not examined or when nothing could be concluded. Never colored.

use super::{Report, Verdict, subject};
use crate::rules::{Finding, Severity};

/// What bbdoctor examines, each a test case, and the finding ids that belong to it.
const ASPECTS: &[(&str, &[&str])] = &[
    (
        "credential form",
        &[
            "unexpanded-placeholder",
            "token-checksum",
            "basic-encoding",
            "missing-auth-scheme",
            "scheme-case",
            "api-token-as-bearer",
            "access-token-as-basic",
            "oauth-token-in-query",
            "app-password-with-email",
            "api-token-with-username",
            "account-password",
            "app-password-retired",
            "leaked-secret",
            "secret-in-arguments",
        ],
    ),
    (
        "connection",
        &[
            "wrong-api-host",
            "tls-error",
            "network-error",
            "rate-limited",
            "service-error",
            "endpoint-removed",
        ],
    ),
    (
        "authentication",
        &[
            "api-token-without-scopes",
            "token-expired",
            "two-step-or-sso",
            "ip-not-allowed",
            "invalid-credentials",
            "api-token-wrong-email",
            "anonymous-request",
            "credentials-ignored",
            "unexplained-failure",
            "healthy",
        ],
    ),
    (
        "repository access",
        &[
            "access-token-wrong-resource",
            "token-workspace-restricted",
            "repo-not-found",
            "no-repo-access",
        ],
    ),
    ("git over HTTPS", &["git-https-username"]),
    (
        "git over SSH",
        &[
            "ssh-host-moved",
            "ssh-port-blocked",
            "ssh-host-key-changed",
            "ssh-host-key-unknown",
            "ssh-no-key-offered",
            "ssh-key-not-registered",
            "ssh-key-wrong-account",
            "ssh-deploy-key-read-only",
        ],
    ),
    ("scopes", &["missing-scope", "required-scope-missing"]),
    ("permission", &["required-permission-missing"]),
];

/// Where a finding goes: its aspect, or the last catch-all for ids added since.
fn aspect_of(id: &str) -> &'static str {
    ASPECTS
        .iter()
        .find(|(_, ids)| ids.contains(&id))
        .map_or("other", |(name, _)| name)
}

/// One test case's outcome.
enum Outcome<'a> {
    Passed(Vec<&'a Finding>),
    Failed(Vec<&'a Finding>),
    Skipped(&'static str),
}

/// Why an aspect was not examined, when it was not.
fn not_examined(report: &Report, aspect: &str) -> Option<&'static str> {
    let ev = &report.evidence;
    match aspect {
        "git over HTTPS" if !ev.exchanges.iter().any(|e| e.is_git()) => Some(match ev.live {
            true => "git over HTTPS was not probed",
            false => "the text shows no git over HTTPS",
        }),
        "git over SSH" if ev.ssh.is_none() => Some(match ev.live {
            true => "SSH was not checked (an SSH remote or --ssh checks it)",
            false => "the text shows no git over SSH",
        }),
        "permission" if !ev.live => Some("explain checks no required permission"),
        "permission" if ev.requirements.permission.is_none() => {
            Some("no permission was required (--require-permission)")
        }
        _ => None,
    }
}

fn outcome<'a>(report: &'a Report, aspect: &'static str) -> Outcome<'a> {
    let mine: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| aspect_of(f.rule.id) == aspect)
        .collect();
    if mine.iter().any(|f| f.severity == Severity::Error) {
        return Outcome::Failed(mine);
    }
    match report.verdict() {
        Verdict::Unreachable => {
            return Outcome::Skipped("Bitbucket could not be reached: nothing was concluded");
        }
        Verdict::Inconclusive if mine.is_empty() => {
            return Outcome::Skipped("the cause of the failure is not settled");
        }
        _ => {}
    }
    if let Some(why) = not_examined(report, aspect).filter(|_| mine.is_empty()) {
        return Outcome::Skipped(why);
    }
    Outcome::Passed(mine)
}

/// Test suites for the reports, in one `<testsuites>` document.
pub fn render(reports: &[Report]) -> String {
    let suites: Vec<(String, Vec<(&str, Outcome)>)> = reports
        .iter()
        .map(|r| {
            let mut names: Vec<&'static str> = ASPECTS.iter().map(|(n, _)| *n).collect();
            if r.findings.iter().any(|f| aspect_of(f.rule.id) == "other") {
                names.push("other");
            }
            let cases = names.into_iter().map(|n| (n, outcome(r, n))).collect();
            (format!("bbdoctor {} {}", r.command, subject(r)), cases)
        })
        .collect();
    let count = |pick: fn(&Outcome) -> bool| -> usize {
        suites
            .iter()
            .flat_map(|(_, cases)| cases)
            .filter(|(_, o)| pick(o))
            .count()
    };
    // `--can OPERATION…`: one test case per operation, failed on a no.
    let cans: Vec<Vec<crate::can::Answer>> = reports
        .iter()
        .map(|r| crate::can::answer(&r.evidence))
        .collect();
    let can_count = cans.iter().flatten().count();
    let can_denied = cans.iter().flatten().filter(|a| !a.allowed).count();
    let tests = count(|_| true) + can_count;
    let failures = count(|o| matches!(o, Outcome::Failed(_))) + can_denied;
    let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"bbdoctor\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" \
         skipped=\"{skipped}\">\n"
    );
    for (((name, cases), report), can) in suites.iter().zip(reports).zip(&cans) {
        let failed = cases
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
            .count()
            + can.iter().filter(|a| !a.allowed).count();
        let skipped = cases
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Skipped(_)))
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" \
             skipped=\"{skipped}\">\n",
            esc(name),
            cases.len() + can.len()
        ));
        out.push_str(&properties(report));
        let classname = format!("bbdoctor.{}", report.command);
        for (aspect, o) in cases {
            out.push_str(&format!(
                "    <testcase classname=\"{classname}\" name=\"{}\"",
                esc(aspect)
            ));
            match o {
                Outcome::Passed(fs) if fs.is_empty() => out.push_str("/>\n"),
                Outcome::Passed(fs) => {
                    out.push_str(">\n");
                    out.push_str(&system_out(fs));
                    out.push_str("    </testcase>\n");
                }
                Outcome::Failed(fs) => {
                    out.push_str(">\n");
                    let root = fs
                        .iter()
                        .find(|f| f.severity == Severity::Error)
                        .unwrap_or(&fs[0]);
                    out.push_str(&format!(
                        "      <failure type=\"{}\" message=\"{}: {}\">{}</failure>\n",
                        root.rule.id,
                        root.rule.id,
                        esc(root.rule.title),
                        esc(&fs.iter().map(|f| body(f)).collect::<Vec<_>>().join("\n"))
                    ));
                    out.push_str("    </testcase>\n");
                }
                Outcome::Skipped(why) => {
                    out.push_str(&format!(
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                        esc(why)
                    ));
                }
            }
        }
        for a in can {
            let case = format!(
                "    <testcase classname=\"{classname}\" name=\"can {}\"",
                esc(a.operation)
            );
            out.push_str(&match a.allowed {
                true => format!(
                    "{case}>\n      <system-out>yes: {}</system-out>\n    </testcase>\n",
                    esc(&a.why)
                ),
                false => format!(
                    "{case}>\n      <failure type=\"can\" message=\"no: {}\"/>\n    </testcase>\n",
                    esc(&a.why)
                ),
            });
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn properties(report: &Report) -> String {
    let ev = &report.evidence;
    let mut props = vec![("verdict", report.verdict().as_str().to_string())];
    props.push((
        "credential",
        ev.credential
            .as_ref()
            .map_or("none".to_string(), |a| a.kind.as_str().to_string()),
    ));
    if let Some(s) = &ev.source {
        props.push(("source", s.clone()));
    }
    if let Some(f) = &report.file {
        props.push(("file", f.clone()));
    }
    let mut out = "    <properties>\n".to_string();
    for (name, value) in props {
        out.push_str(&format!(
            "      <property name=\"{name}\" value=\"{}\"/>\n",
            esc(&value)
        ));
    }
    out.push_str("    </properties>\n");
    out
}

/// Warnings and facts of a passing aspect.
fn system_out(findings: &[&Finding]) -> String {
    format!(
        "      <system-out>{}</system-out>\n",
        esc(&findings
            .iter()
            .map(|f| body(f))
            .collect::<Vec<_>>()
            .join("\n"))
    )
}

/// A finding as plain text: what, why, evidence, fix, where to read more.
fn body(f: &Finding) -> String {
    let mut out = format!(
        "{}[{}]: {}\n{}\n",
        f.severity.as_str(),
        f.rule.id,
        f.rule.title,
        f.rule.explanation
    );
    if let Some(d) = &f.found.detail {
        out.push_str(&format!("{d}\n"));
    }
    for line in &f.found.evidence {
        out.push_str(&format!("  - {line}\n"));
    }
    if f.severity != Severity::Info {
        out.push_str(&format!("fix: {}\n", f.fix()));
    }
    if let Some(cmd) = &f.found.command {
        for line in cmd.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!("more: bbdoctor rules {}\n", f.rule.id));
    out
}

/// XML-escape text for an attribute or element; drops the control characters XML 1.0 forbids.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            // Characters XML 1.0 forbids: a document holding one does not parse.
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::CATALOG;

    #[test]
    fn every_finding_has_an_aspect() {
        let missing: Vec<&str> = CATALOG
            .iter()
            .map(|r| r.id)
            .filter(|id| aspect_of(id) == "other")
            .collect();
        assert!(missing.is_empty(), "no JUnit aspect for {missing:?}");
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(esc("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(esc("a\u{FFFF}\u{FFFE}b"), "ab");
    }
}
