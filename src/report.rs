//! Reports: the findings and the evidence behind them, rendered for a terminal (text, colored
//! only when asked) or for machines (JSON, `bbdoctor/1`, design.md §5).

use crate::credential::{Kind, redact_login};
use crate::evidence::{Evidence, Exchange};
use crate::rules::{Finding, Severity};
use colored::Colorize;
use serde_json::{Value, json};

/// The outcome of a command: what was examined and what was found.
#[derive(Debug)]
pub struct Report {
    /// `check` or `explain`.
    pub command: &'static str,
    pub evidence: Evidence,
    pub findings: Vec<Finding>,
}

/// Overall result, as in the JSON `verdict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Problems,
    Unreachable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Problems => "problems",
            Verdict::Unreachable => "unreachable",
        }
    }

    /// Exit codes of design.md §6.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Ok => 0,
            Verdict::Problems => 1,
            Verdict::Unreachable => 3,
        }
    }
}

impl Report {
    /// The first error decides: a transport cause means nothing could be concluded.
    pub fn verdict(&self) -> Verdict {
        match self.findings.iter().find(|f| f.severity == Severity::Error) {
            None => Verdict::Ok,
            Some(f) if f.rule.unreachable => Verdict::Unreachable,
            Some(_) => Verdict::Problems,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.verdict().exit_code()
    }

    /// The JSON document (`"schema": "bbdoctor/1"`).
    pub fn to_json(&self) -> Value {
        let ev = &self.evidence;
        let target = ev
            .target
            .as_ref()
            .map(|t| json!({"workspace": t.workspace, "repo": t.repo, "api_url": ev.api_url}));
        let credential = match &ev.credential {
            Some(a) => json!({
                "kind": a.kind.as_str(),
                "source": ev.source,
                "redacted": a.secret_redacted,
                "scheme": a.scheme,
                "login": a.login.as_deref().map(redact_login),
                "other_sources": ev.provenance.others,
            }),
            None => json!({
                "kind": Kind::None.as_str(),
                "source": ev.source,
                "other_sources": ev.provenance.others,
            }),
        };
        json!({
            "schema": "bbdoctor/1",
            "command": self.command,
            "target": target,
            "credential": credential,
            "verdict": self.verdict().as_str(),
            "findings": self.findings.iter().map(finding_json).collect::<Vec<_>>(),
            "probes": if ev.live {
                ev.exchanges.iter().map(probe_json).collect::<Vec<_>>()
            } else {
                Vec::new()
            },
        })
    }

    /// The findings alone, each preceded by a blank line.
    pub fn findings_text(&self) -> String {
        self.findings
            .iter()
            .map(|f| format!("\n{}", finding_text(f)))
            .collect()
    }

    /// Human-readable text, within 80 columns. Colors follow `colored`'s global switch.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let ev = &self.evidence;
        let what = ev
            .target
            .as_ref()
            .map_or_else(String::new, |t| format!(" {t}"));
        out.push_str(&format!(
            "{}{}\n",
            format!("bbdoctor {}", self.command).bold(),
            what
        ));
        match &ev.credential {
            Some(a) => {
                let source = ev
                    .source
                    .as_deref()
                    .map_or_else(String::new, |s| format!(" (from {s})"));
                out.push_str(&format!(
                    "  credential: {}{source}\n  sent as:    Authorization: {}\n",
                    a.kind.describe(),
                    a.redacted
                ));
            }
            None => out.push_str("  credential: none (anonymous)\n"),
        }
        if !ev.provenance.others.is_empty() {
            out.push_str(&format!(
                "  also found: {} (not used: first match wins)\n",
                ev.provenance.others.join(", ")
            ));
        }
        if ev.live
            && let Some(api) = &ev.api_url
        {
            out.push_str(&format!("  api:        {api}\n"));
        }
        out.push_str(&self.findings_text());
        if ev.live && !ev.exchanges.is_empty() {
            out.push('\n');
            out.push_str(&probes_text(&ev.exchanges));
        }
        let verdict = self.verdict();
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let line = match verdict {
            Verdict::Ok => "verdict: ok".green().bold(),
            Verdict::Problems => format!(
                "verdict: problems ({errors} error{})",
                if errors == 1 { "" } else { "s" }
            )
            .red()
            .bold(),
            Verdict::Unreachable => "verdict: unreachable (nothing could be concluded)"
                .yellow()
                .bold(),
        };
        out.push_str(&format!("\n{line}\n"));
        out
    }
}

fn finding_json(f: &Finding) -> Value {
    let mut v = json!({
        "id": f.rule.id,
        "severity": f.severity.as_str(),
        "title": f.rule.title,
        "explanation": f.rule.explanation,
        "fix": f.rule.fix,
        "docs": f.rule.docs(),
        "evidence": f.found.evidence,
    });
    let obj = v.as_object_mut().expect("a JSON object");
    if let Some(d) = &f.found.detail {
        obj.insert("detail".into(), json!(d));
    }
    if let Some(c) = &f.found.command {
        obj.insert("command".into(), json!(c));
    }
    if let Some((sent, correct)) = &f.found.header {
        obj.insert("header".into(), json!({"sent": sent, "correct": correct}));
    }
    if let Some(c) = &f.found.confirm {
        obj.insert("confirm".into(), json!(c));
    }
    v
}

fn probe_json(e: &Exchange) -> Value {
    let req = e.request.as_ref();
    let r = e.response.as_ref();
    let headers: serde_json::Map<String, Value> = r
        .map(|r| {
            r.headers
                .iter()
                .filter(|(n, _)| n.starts_with("x-") || n == "www-authenticate" || n == "location")
                .map(|(n, v)| (n.clone(), json!(v)))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "name": e.probe,
        "method": req.map(|q| q.method.as_str()),
        "url": req.map(|q| q.url.as_str()),
        "auth": req.and_then(|q| q.auth.as_ref()).map(|a| a.redacted.as_str()),
        "status": r.map(|r| r.status),
        "error": r.and_then(|r| r.message.clone()).or_else(|| e.failure.as_ref().map(|f| f.message().to_string())),
        "headers": headers,
        "elapsed_ms": e.elapsed_ms,
    })
}

const WIDTH: usize = 78;

/// Wrap words to `WIDTH`, each line indented.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.chars().count() > WIDTH {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

fn finding_text(f: &Finding) -> String {
    let label = match f.severity {
        Severity::Error => format!("error[{}]", f.rule.id).red().bold(),
        Severity::Warning => format!("warning[{}]", f.rule.id).yellow().bold(),
        Severity::Info => format!("info[{}]", f.rule.id).green().bold(),
    };
    let mut out = format!("{label}: {}\n", f.rule.title.bold());
    out.push_str(&wrap(f.rule.explanation, "  "));
    if let Some(d) = &f.found.detail {
        out.push_str(&wrap(d, "  "));
    }
    if !f.found.evidence.is_empty() {
        out.push_str(&format!("  {}\n", "evidence:".dimmed()));
        for line in &f.found.evidence {
            let wrapped = wrap(line, "      ");
            out.push_str(&format!("    •{}", &wrapped[5..]));
        }
    }
    if let Some((sent, correct)) = &f.found.header {
        out.push_str(&format!("  {}\n", "header:".dimmed()));
        out.push_str(&header_diff(sent, correct));
    }
    if f.severity != Severity::Info {
        out.push_str(&wrap(&format!("fix: {}", f.rule.fix), "  "));
    }
    if let Some(cmd) = &f.found.command {
        for line in cmd.lines() {
            out.push_str(&format!("    {}\n", line.cyan()));
        }
    }
    if let Some(c) = &f.found.confirm {
        out.push_str(&format!("  to confirm: {}\n", c.cyan()));
    }
    out.push_str(&format!(
        "  {} bbdoctor rules {}\n",
        "more:".dimmed(),
        f.rule.id
    ));
    out
}

/// The header as sent against the correct form, changed words highlighted.
pub fn header_diff(sent: &str, correct: &str) -> String {
    let diff = similar::TextDiff::from_words(sent, correct);
    let (mut old, mut new) = (String::new(), String::new());
    for change in diff.iter_all_changes() {
        let v = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => {
                old.push_str(v);
                new.push_str(v);
            }
            similar::ChangeTag::Delete => old.push_str(&v.red().bold().to_string()),
            similar::ChangeTag::Insert => new.push_str(&v.green().bold().to_string()),
        }
    }
    format!("    {} {old}\n    {} {new}\n", "-".red(), "+".green())
}

fn probes_text(exchanges: &[Exchange]) -> String {
    let mut out = format!(
        "{} ({} request{}):\n",
        "probes".bold(),
        exchanges.len(),
        if exchanges.len() == 1 { "" } else { "s" }
    );
    for e in exchanges {
        let req = e.request.as_ref();
        let path = req.map_or("", |q| crate::rules::path_of(&q.url));
        let path: String = if path.chars().count() > 40 {
            format!("{}…", path.chars().take(39).collect::<String>())
        } else {
            path.to_string()
        };
        let (plain, good) = match (&e.response, &e.failure) {
            (Some(r), _) => (r.status.to_string(), r.is_success()),
            (None, Some(crate::evidence::Failure::NotSent(_))) => ("not sent".to_string(), true),
            (None, Some(_)) => ("failed".to_string(), false),
            _ => ("-".to_string(), true),
        };
        // Pad before coloring: escape codes would upset the alignment.
        let padded = format!("{plain:>8}");
        let outcome = if good { padded.green() } else { padded.red() };
        let ms = e.elapsed_ms.map_or(String::new(), |ms| format!("{ms} ms"));
        out.push_str(&format!(
            "  {:<11} {:<4} {:<41} {outcome} {ms:>7}\n",
            e.probe,
            req.map_or("", |q| q.method.as_str()),
            path,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_width() {
        let text = "word ".repeat(60);
        for line in wrap(&text, "  ").lines() {
            assert!(line.len() <= WIDTH, "{line:?}");
        }
    }

    #[test]
    fn diff_marks_both_sides() {
        colored::control::set_override(false);
        let d = header_diff("Authorization: bearer X", "Authorization: Bearer X");
        assert!(d.contains("- Authorization: bearer X"));
        assert!(d.contains("+ Authorization: Bearer X"));
    }
}
