//! The Markdown report: an answer to paste as is into a forum thread or an issue, within about
//! 25 lines. A leaked secret first; then the cause and its fix; the evidence that matters;
//! the sources as links a reader can open (Atlassian's pages, the finding's page). No HTML,
//! no probe table (`--format json` has the probes). Only redacted forms appear, as everywhere.

use super::answer::{self, Shown};
use super::{Report, subject};
use crate::rules::{Finding, Severity};

/// Evidence lines shown under a finding.
const EVIDENCE: usize = 2;
/// Links to Atlassian's pages, over the whole answer.
const LINKS: usize = 3;

/// The answer; with `quiet`, only the errors (nothing when there are none).
pub fn render(report: &Report, quiet: bool) -> String {
    let shown: Vec<Shown> = answer::shown(report)
        .into_iter()
        .filter(|s| !quiet || s.finding.severity == Severity::Error)
        // How the secret reached bbdoctor's command line is no reader's business in a forum.
        .filter(|s| s.finding.rule.id != "secret-in-arguments")
        .collect();
    if quiet && shown.is_empty() {
        return String::new();
    }
    // A forum reader knows the repository by name, not the file the answer was read from.
    let about = match (&report.evidence.target, report.evidence.live) {
        (Some(t), _) => format!("{}: ", code(&t.to_string())),
        (None, true) => format!("{}: ", code(&subject(report))),
        (None, false) => String::new(),
    };
    let mut out = format!(
        "**{} {about}{}**\n",
        answer::mark(report.verdict()),
        answer::verdict_words(report)
    );
    if let Some(next) = &report.conclusion.next {
        out.push_str(&format!("\nTo settle it: {next}\n"));
    }
    if report.verdict() == super::Verdict::Ok
        && let Some(a) = &report.evidence.credential
    {
        let source = report
            .evidence
            .source
            .as_deref()
            .map_or_else(String::new, |s| format!(" (from {})", code(s)));
        out.push_str(&format!(
            "\nCredential: {}{source}, sent as {}\n",
            a.kind.describe(),
            code(&format!("Authorization: {}", a.redacted))
        ));
    }
    let root = report.errors().next();
    let mut given = Given::default();
    for s in &shown {
        out.push('\n');
        let f = s.finding;
        match f.rule.id {
            "leaked-secret" => out.push_str(&leak(f)),
            _ => out.push_str(&finding(report, s, root, &mut given)),
        }
    }
    out.push_str(&sources(&shown));
    out
}

/// The leaked-secret warning: what to do, first.
fn leak(f: &Finding) -> String {
    let shown: Vec<String> = f
        .found
        .evidence
        .iter()
        .map(|e| {
            code(
                e.split(':')
                    .next()
                    .unwrap_or(e)
                    .split(" in a URL")
                    .next()
                    .unwrap_or(e),
            )
        })
        .collect();
    let mut out = format!(
        "> **Revoke {} now: it is public.** Anyone who reads this post can use it, whatever else \
         is wrong. Create a new one and keep it out of posts (mask it as `ATATT…`).\n",
        shown.join(", ")
    );
    if let Some(cmd) = &f.found.command {
        for line in cmd.lines() {
            let line = line.trim_start_matches("# ");
            out.push_str(&format!("> {}\n", linkify(line)));
        }
    }
    out
}

/// What the answer already shows: a command or a line of evidence is not repeated.
#[derive(Default)]
struct Given {
    commands: Vec<String>,
    evidence: Vec<String>,
}

/// One finding: its title and id, why (explanation and detail), the evidence that matters, the
/// fix in words and as a command (a command already given above is not repeated).
fn finding(report: &Report, s: &Shown, root: Option<&Finding>, given: &mut Given) -> String {
    let f = s.finding;
    let is_root = root.is_some_and(|r| std::ptr::eq(r, f));
    let lead = match (f.severity, is_root) {
        (Severity::Error, true) | (Severity::Info, _) => "",
        (Severity::Error, false) => "Also: ",
        (Severity::Warning, _) => "Warning: ",
    };
    let mut what = match (is_root || f.severity == Severity::Info, &f.found.detail) {
        (true, Some(d)) => format!("{} {d}", f.rule.explanation),
        (true, None) => f.rule.explanation.to_string(),
        (false, Some(d)) => d.clone(),
        (false, None) => first_sentence(f.rule.explanation),
    };
    for folded in &s.folded {
        what.push_str(&format!(
            " So {} ({}).",
            lower_first(folded.rule.title),
            code(folded.rule.id)
        ));
    }
    let title = match lead {
        "" => f.rule.title.to_string(),
        _ => lower_first(f.rule.title),
    };
    let mut out = format!("**{lead}{title}** ({}). {what}\n", code(f.rule.id));
    let evidence: Vec<&String> = f
        .found
        .evidence
        .iter()
        .filter(|l| !(f.found.header.is_some() && l.starts_with("Authorization: ")))
        .filter(|l| !(f.rule.id == "healthy" && super::text::restates_credential(l)))
        .filter(|l| !given.evidence.contains(l))
        .take(match f.severity {
            Severity::Info => 6,
            _ => EVIDENCE,
        })
        .collect();
    given
        .evidence
        .extend(evidence.iter().map(|l| l.to_string()));
    if !evidence.is_empty() {
        out.push('\n');
        for line in evidence {
            out.push_str(&format!("- {}\n", code(line)));
        }
    }
    if f.severity == Severity::Info {
        return out;
    }
    let recheck = is_root.then(|| answer::recheck(report)).flatten();
    let command = f
        .found
        .command
        .clone()
        .filter(|c| !given.commands.contains(c));
    let blocks = command
        .as_deref()
        .map(|c| super::shape::adapt(c, &report.shape))
        .unwrap_or_default();
    let label = match &command {
        Some(_) => {
            let all: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
            format!("**Fix** ({}):", applicability_words(&all.join("\n")))
        }
        None => "**Fix:**".to_string(),
    };
    out.push_str(&format!("\n{label} {}\n", f.fix()));
    if command.is_none()
        && let Some((sent, correct)) = &f.found.header
        && f.found.command.is_none()
    {
        out.push_str(&format!("\n```diff\n- {sent}\n+ {correct}\n```\n"));
    }
    if let Some(c) = command {
        given.commands.push(c);
        let mut blocks = blocks;
        if let Some(r) = &recheck {
            blocks.push(super::shape::Block {
                lang: "sh",
                text: format!("{r}   # then check again"),
            });
        }
        // Blocks of one language run together in one fence.
        let mut merged: Vec<super::shape::Block> = Vec::new();
        for b in blocks {
            match merged.last_mut() {
                Some(last) if last.lang == b.lang => {
                    last.text.push('\n');
                    last.text.push_str(&b.text);
                }
                _ => merged.push(b),
            }
        }
        for b in merged {
            out.push_str(&format!("\n```{}\n{}\n```\n", b.lang, b.text));
        }
    }
    if let Some(c) = &f.found.confirm {
        out.push_str(&format!("\nTo confirm: {}\n", code(c)));
    }
    out
}

fn applicability_words(command: &str) -> String {
    match answer::applicability(command) {
        answer::Applicability::Ready => {
            let vars: Vec<String> = answer::variables(command).iter().map(|v| code(v)).collect();
            match vars.is_empty() {
                true => "ready to run".to_string(),
                false => format!("ready to run with {} set", vars.join(" and ")),
            }
        }
        answer::Applicability::Manual => "by hand".to_string(),
        answer::Applicability::Placeholders(p) => format!(
            "fill in {}",
            p.iter().map(|p| code(p)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The sources: Atlassian's pages the findings' pages cite, and the findings' own pages.
fn sources(shown: &[Shown]) -> String {
    let mut links: Vec<String> = Vec::new();
    for s in shown
        .iter()
        .filter(|s| s.finding.severity != Severity::Info)
    {
        for url in atlassian_links(s.finding.rule.page) {
            if links.len() < LINKS && !links.contains(&url) {
                links.push(url);
            }
        }
    }
    let mut items: Vec<String> = links
        .iter()
        .map(|u| format!("[{}]({u})", label(u)))
        .collect();
    for s in shown
        .iter()
        .filter(|s| s.finding.severity != Severity::Info)
    {
        let id = s.finding.rule.id;
        items.push(format!("[{id}]({})", answer::page_url(id)));
    }
    let signed =
        "_Diagnosed with bbdoctor; secrets are shown redacted (kind, public prefix, length)._";
    match items.is_empty() {
        true => format!("\n{signed}\n"),
        false => format!("\nSources: {}. {signed}\n", items.join(" · ")),
    }
}

/// Atlassian's own pages in a finding page's `## Sources` section.
pub(super) fn atlassian_links(page: &str) -> Vec<String> {
    page.lines()
        .skip_while(|l| l.trim() != "## Sources")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .flat_map(|l| l.split_whitespace())
        .filter_map(|w| {
            let url = w
                .trim_end_matches([',', '.', ';', ')'])
                .trim_start_matches('(');
            let host = url.strip_prefix("https://")?.split('/').next()?;
            let atlassian = host.ends_with("atlassian.com") || host == "bitbucket.org";
            atlassian.then(|| url.to_string())
        })
        .collect()
}

/// A link's words: the page's last path segment in plain words, with its host.
fn label(url: &str) -> String {
    let path = url
        .split(['#', '?'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    let mut segments = path.rsplit('/');
    let mut last = segments.next().unwrap_or(path);
    while last.chars().all(|c| c.is_ascii_digit()) || last.starts_with("qaq-p") {
        match segments.next() {
            Some(s) => last = s,
            None => break,
        }
    }
    let host = url
        .strip_prefix("https://")
        .and_then(|r| r.split('/').next())
        .unwrap_or("");
    let words = last.replace(['-', '_'], " ");
    let words = match words.chars().all(|c| c.is_ascii_digit() || c == ' ') || words.is_empty() {
        true => "thread".to_string(),
        false => words,
    };
    let site = match host {
        "support.atlassian.com" => "Atlassian Support",
        "developer.atlassian.com" => "Atlassian Developer",
        "community.atlassian.com" | "community.developer.atlassian.com" => "Atlassian Community",
        "bitbucket.org" => "Bitbucket",
        _ => "Atlassian",
    };
    let section = url
        .split_once('#')
        .map(|(_, s)| format!(", {}", s.replace('-', " ")));
    format!("{site}: {words}{}", section.unwrap_or_default())
}

/// A URL in a line of text made a link; the rest as it is.
fn linkify(line: &str) -> String {
    line.split(' ')
        .map(|w| match w.starts_with("https://") {
            true => format!("<{w}>"),
            false => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
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
    fn atlassian_links_come_from_the_page() {
        let page = "# x: y\n\n## Sources\n\n- Atlassian, tokens:\n  https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens/,\n  https://github.com/a/b/issues/1\n\n## After\nhttps://support.atlassian.com/z\n";
        assert_eq!(
            atlassian_links(page),
            vec!["https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens/"]
        );
        assert_eq!(
            label("https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens/"),
            "Atlassian Support: using api tokens"
        );
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a `b`"), "`` a `b` ``");
    }
}
