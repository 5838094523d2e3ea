//! What every human-facing report (text, Markdown) says first and how it says it: the one-line
//! verdict, the findings that are shown (a finding that only restates another's cause is folded
//! into it), how sure a fix is (rustc's applicability: ready to run, or with placeholders to
//! fill in), and the closing line that re-checks.

use super::{Report, Verdict};
use crate::credential::Kind;
use crate::rules::{Finding, Severity};

/// The published page of a finding (a reader in a forum gets an address, not a path inside
/// the repository).
pub fn page_url(id: &str) -> String {
    format!("{}{id}.md", crate::rules::PAGES)
}

/// Findings that, beside the one named, add nothing a reader can act on: the cause is the
/// other one's, and so is the fix (ux-findings #8: `missing-auth-scheme` then
/// `anonymous-request`, "verdict: problems (2 errors)").
const FOLDED: &[(&str, &[&str])] = &[(
    "anonymous-request",
    &[
        "missing-auth-scheme",
        "scheme-case",
        "unexpanded-placeholder",
        "basic-encoding",
    ],
)];

/// A finding as a reader sees it, with the findings folded into it.
pub struct Shown<'a> {
    pub finding: &'a Finding,
    pub folded: Vec<&'a Finding>,
}

/// The findings to show, in order, each with what was folded into it.
pub fn shown(report: &Report) -> Vec<Shown<'_>> {
    let fired = |id: &str| {
        report
            .findings
            .iter()
            .any(|f| f.rule.id == id && f.severity == Severity::Error)
    };
    let host = |f: &Finding| {
        FOLDED
            .iter()
            .find(|(child, _)| *child == f.rule.id)
            .and_then(|(_, parents)| parents.iter().find(|p| fired(p)).copied())
    };
    let mut out: Vec<Shown> = Vec::new();
    let mut later: Vec<(&str, &Finding)> = Vec::new();
    for f in &report.findings {
        match host(f) {
            Some(parent) => later.push((parent, f)),
            None => out.push(Shown {
                finding: f,
                folded: Vec::new(),
            }),
        }
    }
    for (parent, f) in later {
        if let Some(s) = out.iter_mut().find(|s| s.finding.rule.id == parent) {
            s.folded.push(f);
        }
    }
    out
}

/// The cause and the action in a few words, for the verdict line.
pub fn short(id: &str) -> &'static str {
    match id {
        "unexpanded-placeholder" => "the secret is a placeholder → put the real one in a variable",
        "token-checksum" => "the token is damaged (checksum) → copy it again in full",
        "basic-encoding" => "the Basic credentials are malformed → let curl -u build them",
        "wrong-api-host" => "wrong base URL → use https://api.bitbucket.org/2.0",
        "ssh-host-moved" => "SSH moved to ssh.bitbucket.org → point the remote there",
        "ssh-port-blocked" => "port 22 is blocked → use HTTPS or another network",
        "ssh-host-key-changed" => "an old host key is pinned → replace it in known_hosts",
        "ssh-host-key-unknown" => "Bitbucket's host key is unknown → add the published key",
        "ssh-no-key-offered" => "ssh offered no key → load or create one",
        "ssh-key-not-registered" => "the SSH key is not on your account → add it in Bitbucket",
        "ssh-key-wrong-account" => "the SSH key is another account's → use the right key",
        "ssh-deploy-key-read-only" => "access keys are read-only → push with your own key",
        "tls-error" => "the TLS certificate is not trusted → add your company's CA",
        "network-error" => "Bitbucket could not be reached → check the network and proxy",
        "rate-limited" => "rate limit reached (429) → wait for the hourly window",
        "service-error" => "Bitbucket answered 5xx → try again later",
        "endpoint-removed" => "the endpoint was retired → use its replacement",
        "api-token-as-bearer" => "API token sent as Bearer → use Basic with your email",
        "access-token-as-basic" => "access token sent as Basic → send it as Bearer",
        "missing-auth-scheme" => "the header has no Basic or Bearer → add the scheme word",
        "scheme-case" => "the scheme word is misspelt → write Bearer or Basic",
        "api-token-without-scopes" => "API token without scopes → create one with scopes",
        "app-password-retired" => "app passwords are retired → use an API token",
        "app-password-with-email" => "app password with an email → switch to an API token",
        "api-token-with-username" => "API token with a username → use your account email",
        "account-password" => "account password refused → use an API token",
        "token-expired" => "the access token expired → refresh it",
        "api-token-wrong-email" => "the token works but the email is wrong → fix the email",
        "token-workspace-restricted" => "the token is for another workspace → make one for this",
        "oauth-token-in-query" => "the token is in the URL → send it as Authorization: Bearer",
        "two-step-or-sso" => "two-step verification or SSO is required → use an API token",
        "ip-not-allowed" => "your IP address is not allowed → ask a workspace admin",
        "git-https-username" => "wrong git username for this token → use the one it needs",
        "access-token-wrong-resource" => {
            "access token used outside its resource → use one made for it"
        }
        "missing-scope" => "a scope is missing → use a token with the scope named below",
        "invalid-credentials" => "the credential was refused → check the login and the secret",
        "repo-not-found" => "no such repository → check the workspace and the slug",
        "no-repo-access" => "you cannot see this repository → ask for access",
        "anonymous-request" => "no credential reached Bitbucket → send one",
        "credentials-ignored" => "the test proved nothing (public data) → try a private repo",
        "required-scope-missing" => "a required scope is missing → use a token that has it",
        "required-permission-missing" => "not enough permission → ask for access",
        "leaked-secret" => "a live secret is in the text → revoke it now",
        "secret-in-arguments" => "the secret is on the command line",
        "unexplained-failure" => "a failure with no named cause → run bbdoctor check",
        "healthy" => "the credential works",
        _ => "",
    }
}

/// The verdict's mark: ✓ ok, ✗ problems, ? inconclusive, ! unreachable.
pub fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ok => "✓",
        Verdict::Problems => "✗",
        Verdict::Inconclusive => "?",
        Verdict::Unreachable => "!",
    }
}

/// The verdict in words, without the mark and the subject: the root cause and its fix.
pub fn verdict_words(report: &Report) -> String {
    let root = report.errors().next();
    let phrase = |f: &Finding| match f.found.short.unwrap_or(short(f.rule.id)) {
        "" => f.rule.title.to_string(),
        s => s.to_string(),
    };
    match report.verdict() {
        Verdict::Ok => {
            let warnings = report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning && f.rule.id != "secret-in-arguments")
                .count();
            let base = match report.findings.iter().any(|f| f.rule.id == "healthy") {
                true => "the credential works".to_string(),
                false => "no problem found".to_string(),
            };
            match warnings {
                0 => base,
                1 => format!("{base} (1 warning)"),
                n => format!("{base} ({n} warnings)"),
            }
        }
        Verdict::Problems | Verdict::Unreachable => match root {
            Some(f) => phrase(f),
            None => "Bitbucket could not be reached".to_string(),
        },
        Verdict::Inconclusive => match report.conclusion.candidates.as_slice() {
            [] => "the cause is not settled".to_string(),
            // Three at most: the verdict stays one line; -v and JSON list them all.
            ids if ids.len() > 3 => format!(
                "the cause is not settled: could be {}, or {} more",
                ids[..3].join(", "),
                ids.len() - 3
            ),
            ids => format!("the cause is not settled: could be {}", ids.join(", ")),
        },
    }
}

/// How sure a fix is, as rustc says of a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// Ready to run as shown (its secrets come from environment variables).
    Ready,
    /// Holds placeholders to fill in first: the names of them.
    Placeholders(Vec<String>),
    /// Steps to take by hand (in a browser, a settings page): comments, nothing to run.
    Manual,
}

impl Applicability {
    pub fn as_str(&self) -> &'static str {
        match self {
            Applicability::Ready => "ready",
            Applicability::Placeholders(_) => "placeholders",
            Applicability::Manual => "manual",
        }
    }

    /// The label after `fix`: `(ready to run)`, `(fill in {workspace}, {repo_slug})`.
    pub fn label(&self) -> String {
        match self {
            Applicability::Ready => "ready to run".to_string(),
            Applicability::Placeholders(p) => format!("fill in {}", p.join(", ")),
            Applicability::Manual => "by hand".to_string(),
        }
    }
}

/// The environment variables a command reads its secrets from (`$BITBUCKET_EMAIL`,
/// `$env:BITBUCKET_API_TOKEN`, `os.environ["BITBUCKET_API_TOKEN"]`): a reader who never set
/// them is told to.
pub fn variables(command: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in command.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let mut rest = line;
        while let Some(i) = rest.find("BITBUCKET_") {
            let name: String = rest[i..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            if name.len() > "BITBUCKET_".len() && !out.contains(&name) {
                out.push(name.clone());
            }
            rest = &rest[i + name.len().max(1)..];
        }
    }
    out
}

/// "ready to run" and, when the command reads secrets from the environment, which variables
/// must be set first.
pub fn ready_words(command: &str) -> String {
    match variables(command).as_slice() {
        [] => "ready to run".to_string(),
        vars => format!("ready to run with {} set", vars.join(" and ")),
    }
}

/// Placeholders a reader must replace before a command runs.
const PLACEHOLDERS: &[&str] = &[
    "WORKSPACE/REPO",
    "you@example.com",
    "your-username",
    "YOUR_EMAIL",
    "YOUR_TOKEN",
];

/// How sure a command is: ready, or the placeholders in it (`{workspace}`, `<token>`,
/// `WORKSPACE/REPO`, `…`). Comment lines do not count.
pub fn applicability(command: &str) -> Applicability {
    let mut found: Vec<String> = Vec::new();
    let mut add = |p: String| {
        if !found.contains(&p) {
            found.push(p);
        }
    };
    // Phrases found by `contains_str` (memchr from their first byte), not `str::contains`,
    // which sets up a searcher for each: this runs on every fix command of every report.
    use crate::evidence::contains_str;
    for line in command.lines() {
        // Up to the first ` #`, found from its `#` (rarer than a space).
        let b = line.as_bytes();
        let comment = memchr::memchr_iter(b'#', b).find(|&i| i > 0 && b[i - 1] == b' ');
        let code = comment.map_or(line, |i| &line[..i - 1]);
        if code.trim_start().starts_with('#') {
            continue;
        }
        let mut rest = code;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            let name = &after[..j];
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !rest[..i].ends_with('$')
            {
                add(format!("{{{name}}}"));
            }
            rest = &after[j + 1..];
        }
        for p in PLACEHOLDERS {
            if contains_str(code, p) {
                add(p.to_string());
            }
        }
        if code.contains('…') {
            add("…".to_string());
        }
    }
    let runnable = command
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    match (found.is_empty(), runnable) {
        (_, false) => Applicability::Manual,
        (true, true) => Applicability::Ready,
        (false, true) => Applicability::Placeholders(found),
    }
}

/// The closing line that re-checks after the fix: `bbdoctor check acme/widgets -u
/// you@example.com` (the token then comes from standard input or the prompt, never the command
/// line).
pub fn recheck(report: &Report) -> Option<String> {
    let root = report.errors().next()?;
    if root.rule.id.starts_with("ssh-") || report.evidence.ssh.is_some() {
        return None;
    }
    let ev = &report.evidence;
    let target = ev
        .target
        .as_ref()
        .map_or("WORKSPACE/REPO".to_string(), |t| t.to_string());
    let api = match (&ev.api_url, ev.live) {
        (Some(u), true) if u != crate::rules::DEFAULT_API => format!(" --api-url {u}"),
        _ => String::new(),
    };
    // The kind as the rules know it: shown, or named in the text.
    let kind = match crate::facts::kind(ev).0 {
        Kind::None | Kind::Unknown => Kind::ApiToken,
        k => k,
    };
    Some(match kind {
        Kind::AccessToken | Kind::OauthToken => {
            format!("BITBUCKET_ACCESS_TOKEN=… bbdoctor check {target}{api}")
        }
        _ => format!("bbdoctor check {target}{api} -u you@example.com"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicability_names_placeholders_and_skips_variables() {
        assert_eq!(
            applicability(
                "curl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" https://x/2.0/repositories/a/b"
            ),
            Applicability::Ready
        );
        assert_eq!(
            applicability(
                "curl -u \"${BITBUCKET_EMAIL}:x\" https://x/repositories/{workspace}/{repo_slug}"
            ),
            Applicability::Placeholders(vec!["{workspace}".into(), "{repo_slug}".into()])
        );
        assert_eq!(
            applicability("# open https://id.atlassian.com/{x}\nbbdoctor check WORKSPACE/REPO"),
            Applicability::Placeholders(vec!["WORKSPACE/REPO".into()])
        );
    }

    #[test]
    fn variables_are_named() {
        assert_eq!(
            variables("curl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" https://x\n# BITBUCKET_X"),
            vec!["BITBUCKET_EMAIL", "BITBUCKET_API_TOKEN"]
        );
        assert_eq!(
            ready_words(
                "Invoke-RestMethod -Headers @{ A = \"Bearer $env:BITBUCKET_ACCESS_TOKEN\" }"
            ),
            "ready to run with BITBUCKET_ACCESS_TOKEN set"
        );
        assert_eq!(ready_words("git fetch"), "ready to run");
    }

    #[test]
    fn every_rule_has_a_short_verdict() {
        for r in crate::rules::CATALOG {
            let s = short(r.id);
            assert!(!s.is_empty(), "{} has no short verdict", r.id);
            assert!(s.chars().count() <= 64, "{}: {s:?} is too long", r.id);
        }
    }
}
