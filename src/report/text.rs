//! The terminal report: what was examined, the findings with their fix, a table of the probes
//! with status and time, and the verdict; within 80 columns. Colors only when asked.

use super::{Report, Verdict, no_credential, probes, subject};
use crate::evidence::{Exchange, Failure};
use crate::rules::{Finding, Severity};
use colored::{ColoredString, Colorize};

/// Colors on or off for one rendering: a report file is never colored, the terminal may be.
#[derive(Clone, Copy, Debug)]
pub struct Paint(pub bool);

impl Paint {
    /// As `colored`'s global switch says.
    pub fn terminal() -> Paint {
        Paint(colored::control::SHOULD_COLORIZE.should_colorize())
    }

    /// `text` styled by `how` when colors are on, else as it is.
    fn with(self, text: &str, how: fn(ColoredString) -> ColoredString) -> String {
        match self.0 {
            true => how(text.into()).to_string(),
            false => text.to_string(),
        }
    }
}

const WIDTH: usize = 78;

/// The whole report.
pub fn render(report: &Report, paint: Paint) -> String {
    let ev = &report.evidence;
    let mut out = format!(
        "{} {}\n",
        paint.with(&format!("bbdoctor {}", report.command), |s| s.bold()),
        subject(report)
    );
    match &ev.credential {
        Some(a) => {
            let source = ev
                .source
                .as_deref()
                .map_or_else(String::new, |s| format!(" (from {s})"));
            out.push_str(&format!("  credential: {}{source}\n", a.kind.describe()));
            for (i, form) in ev.sent_forms().iter().enumerate() {
                let label = if i == 0 { "sent as:" } else { "" };
                out.push_str(&format!("  {label:<11} Authorization: {form}\n"));
            }
        }
        None => out.push_str(&format!("  credential: {}\n", no_credential(ev))),
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
    out.push_str(&findings(report, paint));
    let sent = probes(report);
    if !sent.is_empty() {
        out.push('\n');
        out.push_str(&probes_table(sent, paint));
    }
    out.push_str(&can_lines(report));
    out.push_str(&format!("\n{}\n", verdict_line(report, paint)));
    out
}

/// `--can OPERATION…`: a yes/no line per operation.
fn can_lines(report: &Report) -> String {
    let answers = crate::can::answer(&report.evidence);
    if answers.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n");
    for a in answers {
        let word = if a.allowed { "yes" } else { "no" };
        out.push_str(&format!(
            "  can {:<15} {word:<4} ({})\n",
            a.operation, a.why
        ));
    }
    out
}

/// Only what failed: the error findings and the verdict; nothing when there is no error.
pub fn failures(report: &Report, paint: Paint) -> String {
    let errors: String = report
        .errors()
        .map(|f| format!("\n{}", finding(f, paint)))
        .collect();
    if errors.is_empty() {
        return String::new();
    }
    format!(
        "{} {}\n{errors}\n{}\n",
        paint.with(&format!("bbdoctor {}", report.command), |s| s.bold()),
        subject(report),
        verdict_line(report, paint)
    )
}

/// The findings alone, each preceded by a blank line.
pub fn findings(report: &Report, paint: Paint) -> String {
    report
        .findings
        .iter()
        .map(|f| format!("\n{}", finding(f, paint)))
        .collect()
}

fn verdict_line(report: &Report, paint: Paint) -> String {
    let errors = report.errors().count();
    match report.verdict() {
        Verdict::Ok => paint.with("verdict: ok", |s| s.green().bold()),
        Verdict::Problems => paint.with(
            &format!(
                "verdict: problems ({errors} error{})",
                if errors == 1 { "" } else { "s" }
            ),
            |s| s.red().bold(),
        ),
        Verdict::Unreachable => paint
            .with("verdict: unreachable (nothing could be concluded)", |s| {
                s.yellow().bold()
            }),
        Verdict::Inconclusive => {
            let c = &report.conclusion;
            let mut out = paint.with("verdict: inconclusive (the cause is not settled)", |s| {
                s.yellow().bold()
            });
            if !c.candidates.is_empty() {
                out.push_str(&format!("\n  could be: {}", c.candidates.join(", ")));
            }
            if let Some(next) = &c.next {
                out.push('\n');
                out.push_str(wrap(&format!("to settle it: {next}"), "  ").trim_end());
            }
            out
        }
    }
}

/// Wrap words to `WIDTH`, each line indented.
pub(super) fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && indent.len() + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
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

fn finding(f: &Finding, paint: Paint) -> String {
    let label = format!("{}[{}]", f.severity.as_str(), f.rule.id);
    let label = match f.severity {
        Severity::Error => paint.with(&label, |s| s.red().bold()),
        Severity::Warning => paint.with(&label, |s| s.yellow().bold()),
        Severity::Info => paint.with(&label, |s| s.green().bold()),
    };
    let dim = |s: &str| paint.with(s, |s| s.dimmed());
    let mut out = format!("{label}: {}\n", paint.with(f.rule.title, |s| s.bold()));
    if !f.support.conclusive() {
        out.push_str(&format!(
            "  {}\n",
            dim(&format!(
                "support: {} (not shown in the text)",
                f.support.as_str()
            ))
        ));
    }
    out.push_str(&wrap(f.rule.explanation, "  "));
    if let Some(d) = &f.found.detail {
        out.push_str(&wrap(d, "  "));
    }
    if !f.found.evidence.is_empty() {
        out.push_str(&format!("  {}\n", dim("evidence:")));
        for line in &f.found.evidence {
            let wrapped = wrap(line, "      ");
            out.push_str(&format!("    •{}", &wrapped[5..]));
        }
    }
    if let Some((sent, correct)) = &f.found.header {
        out.push_str(&format!("  {}\n", dim("header:")));
        out.push_str(&diff(sent, correct, paint));
    }
    if f.severity != Severity::Info {
        out.push_str(&wrap(&format!("fix: {}", f.rule.fix), "  "));
    }
    if let Some(cmd) = &f.found.command {
        for line in cmd.lines() {
            out.push_str(&format!("    {}\n", paint.with(line, |s| s.cyan())));
        }
    }
    if let Some(c) = &f.found.confirm {
        out.push_str(&format!("  to confirm: {}\n", paint.with(c, |s| s.cyan())));
    }
    out.push_str(&format!(
        "  {} bbdoctor rules {}\n",
        dim("more:"),
        f.rule.id
    ));
    out
}

/// The header as sent against the correct form, changed words highlighted (colored by
/// `colored`'s switch).
pub fn header_diff(sent: &str, correct: &str) -> String {
    diff(sent, correct, Paint::terminal())
}

fn diff(sent: &str, correct: &str, paint: Paint) -> String {
    let diff = similar::TextDiff::from_words(sent, correct);
    let (mut old, mut new) = (String::new(), String::new());
    for change in diff.iter_all_changes() {
        let v = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => {
                old.push_str(v);
                new.push_str(v);
            }
            similar::ChangeTag::Delete => old.push_str(&paint.with(v, |s| s.red().bold())),
            similar::ChangeTag::Insert => new.push_str(&paint.with(v, |s| s.green().bold())),
        }
    }
    format!(
        "    {} {old}\n    {} {new}\n",
        paint.with("-", |s| s.red()),
        paint.with("+", |s| s.green())
    )
}

/// Path column width: the table fits 80 columns.
const PATH: usize = 38;

fn probes_table(exchanges: &[Exchange], paint: Paint) -> String {
    let mut out = format!(
        "{} ({} request{}):\n",
        paint.with("probes", |s| s.bold()),
        exchanges.len(),
        if exchanges.len() == 1 { "" } else { "s" }
    );
    out.push_str(&paint.with(
        &format!(
            "  {:<11} {:<4} {:<PATH$} {:>10} {:>7}",
            "probe", "", "path", "status", "time"
        ),
        |s| s.dimmed(),
    ));
    out.push('\n');
    for e in exchanges {
        let req = e.request.as_ref();
        let path = req.map_or("", |q| crate::rules::path_of(&q.url));
        let path: String = if path.chars().count() > PATH {
            format!("{}…", path.chars().take(PATH - 1).collect::<String>())
        } else {
            path.to_string()
        };
        let (plain, good) = match (&e.response, &e.failure) {
            (Some(r), _) => (r.status.to_string(), r.is_success()),
            (None, Some(Failure::NotSent(_))) => ("not sent".to_string(), true),
            (None, Some(Failure::Timeout(_))) => ("timeout".to_string(), false),
            (None, Some(_)) => ("failed".to_string(), false),
            _ => ("-".to_string(), true),
        };
        // Pad before coloring: escape codes would upset the alignment.
        let padded = format!("{plain:>10}");
        let outcome = match good {
            true => paint.with(&padded, |s| s.green()),
            false => paint.with(&padded, |s| s.red()),
        };
        let ms = e.elapsed_ms.map_or(String::new(), |ms| format!("{ms} ms"));
        out.push_str(&format!(
            "  {:<11} {:<4} {:<PATH$} {outcome} {ms:>7}\n",
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
        let d = diff(
            "Authorization: bearer X",
            "Authorization: Bearer X",
            Paint(false),
        );
        assert!(d.contains("- Authorization: bearer X"));
        assert!(d.contains("+ Authorization: Bearer X"));
    }
}
