//! The JSON report, `"schema": "bbdoctor/1"` (design.md §5; documented field by field in
//! `docs/json.md`, with `docs/bbdoctor-1.schema.json`). Typed, so that the document's shape is
//! written down once; `jsonl` is the same document, compact, one per line (explain batches).

use super::{Report, probes};
use crate::credential::{Kind, redact_login};
use crate::evidence::Exchange;
use crate::rules::Finding;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema name every document carries; a change that breaks readers gets a new number.
pub const SCHEMA: &str = "bbdoctor/1";

/// One report.
#[derive(Debug, Serialize)]
pub struct Document {
    pub schema: &'static str,
    /// `check` or `explain`.
    pub command: &'static str,
    /// The file an explain report read (batches); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub target: Option<Target>,
    pub credential: Credential,
    /// `ok`, `problems`, `inconclusive` or `unreachable`.
    pub verdict: &'static str,
    /// Inconclusive only: the finding ids that fit the failure, the best supported first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<&'static str>,
    /// Inconclusive only: the command to run, or the text to paste, that settles it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Most causal first: the first error is the root cause.
    pub findings: Vec<FindingDoc>,
    /// The requests bbdoctor sent (empty for explain).
    pub probes: Vec<Probe>,
    /// `check --can OPERATION…`: yes or no per operation; absent when not asked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub can: Vec<CanDoc>,
}

/// One `--can` operation's answer.
#[derive(Debug, Serialize)]
pub struct CanDoc {
    /// `clone`, `push`, `read-prs`, …
    pub operation: &'static str,
    pub allowed: bool,
    /// The scopes and permission seen, or what is missing.
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct Target {
    pub workspace: String,
    pub repo: String,
    pub api_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Credential {
    /// `api-token`, `app-password`, `access-token`, `oauth-token`, `account-password`,
    /// `unknown` or `none`.
    pub kind: &'static str,
    /// Where it came from, e.g. `-H`, `env BITBUCKET_EMAIL + BITBUCKET_API_TOKEN`.
    pub source: Option<String>,
    /// The secret's public prefix and length: `ATATT…(192 chars)`.
    pub redacted: Option<String>,
    /// The scheme word as written (`Bearer`, `bearer`), `null` when there was none.
    pub scheme: Option<String>,
    /// The Basic login, masked: `p***@example.com`.
    pub login: Option<String>,
    /// Other sources that also hold a credential, not used (first match wins), e.g.
    /// `~/.netrc`; absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingDoc {
    pub id: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// How well what supports it is known: `observed`, `shown`, `stated` or `inferred`.
    pub strength: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub fix: &'static str,
    /// The finding's published page, a URL (also `bbdoctor rules <id>`).
    pub docs: String,
    pub evidence: Vec<String>,
    /// A sentence specific to this case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A ready-to-run corrected command (secrets through environment variables).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// How sure the command is: `ready`, `placeholders` or `manual` (with `command` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicability: Option<&'static str>,
    /// The Authorization header as sent and as it should be, both redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<HeaderPair>,
    /// The `bbdoctor check` that would confirm a cause read from text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HeaderPair {
    pub sent: String,
    pub correct: String,
}

#[derive(Debug, Serialize)]
pub struct Probe {
    pub name: String,
    pub method: Option<String>,
    pub url: Option<String>,
    /// The Authorization it carried, redacted; `null` when anonymous.
    pub auth: Option<String>,
    /// `null` when no HTTP answer came (see `error`).
    pub status: Option<u16>,
    /// Bitbucket's error message, or why the request got no answer.
    pub error: Option<String>,
    /// The response headers that bear on authentication (`x-…`, `www-authenticate`,
    /// `location`), lower-case names.
    pub headers: BTreeMap<String, String>,
    pub elapsed_ms: Option<u64>,
}

/// The document for a report.
pub fn document(report: &Report) -> Document {
    let ev = &report.evidence;
    Document {
        schema: SCHEMA,
        command: report.command,
        file: report.file.clone(),
        target: ev.target.as_ref().map(|t| Target {
            workspace: t.workspace.clone(),
            repo: t.repo.clone(),
            api_url: ev.api_url.clone(),
        }),
        credential: match &ev.credential {
            Some(a) => Credential {
                kind: a.kind.as_str(),
                source: ev.source.clone(),
                redacted: Some(a.secret_redacted.clone()),
                scheme: a.scheme.clone(),
                login: a.login.as_deref().map(redact_login),
                other_sources: ev.provenance.others.clone(),
            },
            None => Credential {
                // Hidden by the text, not absent: its kind as named, else `unknown`.
                kind: super::unseen_credential(ev).unwrap_or(Kind::None).as_str(),
                source: ev.source.clone(),
                redacted: None,
                scheme: None,
                login: None,
                other_sources: ev.provenance.others.clone(),
            },
        },
        verdict: report.verdict().as_str(),
        candidates: report.conclusion.candidates.clone(),
        next: report.conclusion.next.clone(),
        findings: report.findings.iter().map(finding).collect(),
        probes: probes(report).iter().map(probe).collect(),
        can: crate::can::answer(ev)
            .into_iter()
            .map(|a| CanDoc {
                operation: a.operation,
                allowed: a.allowed,
                why: a.why,
            })
            .collect(),
    }
}

fn finding(f: &Finding) -> FindingDoc {
    FindingDoc {
        id: f.rule.id,
        severity: f.severity.as_str(),
        strength: f.support.as_str(),
        title: f.rule.title,
        explanation: f.rule.explanation,
        fix: f.fix(),
        docs: f.rule.docs(),
        evidence: f.found.evidence.clone(),
        detail: f.found.detail.clone(),
        command: f.found.command.clone(),
        applicability: f
            .found
            .command
            .as_deref()
            .map(|c| super::answer::applicability(c).as_str()),
        header: f
            .found
            .header
            .clone()
            .map(|(sent, correct)| HeaderPair { sent, correct }),
        confirm: f.found.confirm.clone(),
    }
}

fn probe(e: &Exchange) -> Probe {
    let req = e.request.as_ref();
    let r = e.response.as_ref();
    let headers = r
        .map(|r| {
            r.headers
                .iter()
                .filter(|(n, _)| n.starts_with("x-") || n == "www-authenticate" || n == "location")
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    Probe {
        name: e.probe.clone(),
        method: req.map(|q| q.method.clone()),
        url: req.map(|q| q.url.clone()),
        auth: req
            .and_then(|q| q.auth.as_ref())
            .map(|a| a.redacted.clone()),
        status: r.map(|r| r.status),
        error: r
            .and_then(|r| r.message.clone())
            .or_else(|| e.failure.as_ref().map(|f| f.message().to_string())),
        headers,
        elapsed_ms: e.elapsed_ms,
    }
}

/// Serialization of these plain structs cannot fail; should it ever, say so in the output
/// rather than panic.
fn or_error(result: serde_json::Result<String>) -> String {
    result.unwrap_or_else(|e| format!("{{\"schema\": \"{SCHEMA}\", \"error\": \"{e}\"}}"))
}

/// One document, indented, with a final newline.
pub fn pretty(report: &Report) -> String {
    or_error(serde_json::to_string_pretty(&document(report))) + "\n"
}

/// Several documents as a JSON array (`--format json` on an explain batch).
pub fn array(reports: &[Report]) -> String {
    let docs: Vec<Document> = reports.iter().map(document).collect();
    or_error(serde_json::to_string_pretty(&docs)) + "\n"
}

/// One document on one line (JSON Lines).
pub fn line(report: &Report) -> String {
    // Written into a buffer sized for a usual document (about a kilobyte), not grown by
    // doubling from serde_json's 128 bytes, one copy each time.
    let mut out = Vec::with_capacity(4096);
    match serde_json::to_writer(&mut out, &document(report)) {
        Ok(()) => {
            out.push(b'\n');
            String::from_utf8(out).expect("serde_json writes UTF-8")
        }
        Err(e) => or_error(Err(e)) + "\n",
    }
}

/// The line a batch gives an input it could not read (jsonl): which file, and why.
pub fn error_line(command: &'static str, file: &str, error: &str) -> String {
    #[derive(Serialize)]
    struct Unread {
        schema: &'static str,
        command: &'static str,
        file: String,
        error: String,
    }
    let doc = Unread {
        schema: SCHEMA,
        command,
        file: crate::evidence::printable(file),
        error: crate::evidence::printable(error),
    };
    or_error(serde_json::to_string(&doc)) + "\n"
}
