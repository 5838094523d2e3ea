//! The Markdown report: an answer to paste into a forum thread or an issue. For each problem:
//! what is wrong, why (the evidence), the fix, and the sources from the finding's page. Only
//! redacted forms appear, as everywhere; never colored.

use super::{Report, Verdict, no_credential, probes, subject};
use crate::rules::{Finding, Severity};

/// The answer; with `quiet`, only the errors (nothing when there are none).
pub fn render(report: &Report, quiet: bool) -> String {
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| !quiet || f.severity == Severity::Error)
        .collect();
    if quiet && shown.is_empty() {
        return String::new();
    }
    let mut out = format!("## bbdoctor {}: {}\n\n", report.command, headline(report));
    let ev = &report.evidence;
    let target = match &ev.target {
        Some(t) => code(&t.to_string()),
        None if !ev.live => "not named in the text".to_string(),
        None => code(&subject(report)),
    };
    out.push_str(&format!("- **Target:** {target}\n"));
    if let Some(file) = &report.file {
        out.push_str(&format!("- **Read from:** {}\n", code(file)));
    }
    match &ev.credential {
        Some(a) => {
            let source = ev
                .source
                .as_deref()
                .map_or_else(String::new, |s| format!(" (from {})", code(s)));
            let forms: Vec<String> = ev
                .sent_forms()
                .iter()
                .map(|f| code(&format!("Authorization: {f}")))
                .collect();
            out.push_str(&format!(
                "- **Credential:** {}{source}, sent as {}\n",
                a.kind.describe(),
                forms.join(", then ")
            ));
        }
        None => out.push_str(&format!("- **Credential:** {}\n", no_credential(ev))),
    }
    if let Some(next) = &report.conclusion.next {
        out.push_str(&format!("- **To settle it:** {next}\n"));
    }
    for f in shown {
        out.push('\n');
        out.push_str(&finding(f));
    }
    let sent = probes(report);
    if !quiet && !sent.is_empty() {
        out.push_str(&probes_table(sent));
    }
    out.push_str(
        "\n<sub>Diagnosed with bbdoctor; secrets are shown redacted (kind, public prefix, \
         length).</sub>\n",
    );
    out
}

fn headline(report: &Report) -> String {
    let errors = report.errors().count();
    match report.verdict() {
        Verdict::Ok => "no problem found".to_string(),
        Verdict::Problems => match report.errors().next() {
            Some(f) if errors == 1 => format!("1 problem, {}", code(f.rule.id)),
            Some(f) => format!("{errors} problems, root cause {}", code(f.rule.id)),
            None => "problems".to_string(),
        },
        Verdict::Unreachable => "Bitbucket could not be reached; nothing was concluded".into(),
        Verdict::Inconclusive => match report.conclusion.candidates.as_slice() {
            [] => "inconclusive: the text does not show the cause".to_string(),
            ids => format!(
                "inconclusive: could be {}",
                ids.iter().map(|id| code(id)).collect::<Vec<_>>().join(", ")
            ),
        },
    }
}

fn finding(f: &Finding) -> String {
    let mut out = format!(
        "### {} {}: {}\n\n",
        f.severity.as_str(),
        code(f.rule.id),
        f.rule.title
    );
    let what = match &f.found.detail {
        Some(d) => format!("{} {d}", f.rule.explanation),
        None => f.rule.explanation.to_string(),
    };
    out.push_str(&format!("**What is wrong.** {what}\n\n"));
    if !f.found.evidence.is_empty() {
        out.push_str("**Why we know.**\n\n");
        for line in &f.found.evidence {
            out.push_str(&format!("- {}\n", code(line)));
        }
        out.push('\n');
    }
    if f.severity != Severity::Info {
        out.push_str(&format!("**The fix.** {}\n\n", f.rule.fix));
    }
    if let Some((sent, correct)) = &f.found.header {
        out.push_str(&format!("```diff\n- {sent}\n+ {correct}\n```\n\n"));
    }
    if let Some(cmd) = &f.found.command {
        let fence = if cmd.starts_with("curl") || cmd.starts_with("git") {
            "```sh"
        } else {
            "```text"
        };
        out.push_str(&format!("{fence}\n{cmd}\n```\n\n"));
    }
    if let Some(c) = &f.found.confirm {
        out.push_str(&format!("To confirm: {}\n\n", code(c)));
    }
    let sources = sources(f.rule.page);
    if !sources.is_empty() {
        out.push_str("**Sources.**\n\n");
        out.push_str(&sources);
        out.push('\n');
    }
    out.push_str(&format!(
        "More: `bbdoctor rules {}` (`{}`).\n",
        f.rule.id,
        f.rule.docs()
    ));
    out
}

/// The `## Sources` section of a finding's page: links from the fact sheet.
fn sources(page: &str) -> String {
    page.lines()
        .skip_while(|l| l.trim() != "## Sources")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .trim_matches('\n')
        .to_string()
        + "\n"
}

fn probes_table(exchanges: &[crate::evidence::Exchange]) -> String {
    let mut out = format!(
        "\n<details><summary>The {} request{} bbdoctor sent</summary>\n\n\
         | probe | request | status | time |\n|---|---|---|---|\n",
        exchanges.len(),
        if exchanges.len() == 1 { "" } else { "s" }
    );
    for e in exchanges {
        let request = e.request.as_ref().map_or(String::new(), |q| {
            let with = q.auth.as_ref().map_or(" (anonymous)".to_string(), |a| {
                format!(" with {}", a.redacted)
            });
            format!("{} {}{with}", q.method, crate::rules::path_of(&q.url))
        });
        let status = match (&e.response, &e.failure) {
            (Some(r), _) => r.status.to_string(),
            (None, Some(f)) => f.message().to_string(),
            _ => String::new(),
        };
        let time = e.elapsed_ms.map_or(String::new(), |ms| format!("{ms} ms"));
        out.push_str(&format!(
            "| {} | {} | {} | {time} |\n",
            e.probe,
            code(&request).replace('|', "\\|"),
            status.replace('|', "\\|")
        ));
    }
    out.push_str("\n</details>\n");
    out
}

/// An inline code span that survives backticks in the text.
fn code(text: &str) -> String {
    match text.contains('`') {
        true => format!("`` {text} ``"),
        false => format!("`{text}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_come_from_the_page() {
        let page = "# x: y\n\n## Example\n\nz\n\n## Sources\n\n- fact sheet R3: https://a\n- b\n";
        assert_eq!(sources(page), "- fact sheet R3: https://a\n- b\n");
        assert_eq!(sources("# no sources\n").trim(), "");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a `b`"), "`` a `b` ``");
    }
}
