//! The terminal report: the verdict in one line, what was examined, each finding's title, the
//! evidence that matters and the fix; with `-v`, the long explanations and a table of the
//! probes with status and time. Within 80 columns; colors only when asked.

use super::{Report, Verdict, no_credential, probes, subject};
use crate::evidence::{Exchange, Failure};
use crate::rules::{Finding, Severity};
use anstyle::{AnsiColor, Style};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const GREEN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const YELLOW: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const CYAN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const RED_BOLD: Style = RED.bold();
const GREEN_BOLD: Style = GREEN.bold();
const YELLOW_BOLD: Style = YELLOW.bold();

/// Colors on or off for one rendering: a report file is never colored, the terminal may be.
#[derive(Clone, Copy, Debug)]
pub struct Paint(pub bool);

impl Paint {
    /// As the process's colour switch says ([`super::color`]).
    pub fn terminal() -> Paint {
        Paint(super::color())
    }

    /// `text` styled by `how` when colors are on, else as it is.
    fn with(self, text: &str, style: Style) -> String {
        match self.0 {
            true => format!("{style}{text}{style:#}"),
            false => text.to_string(),
        }
    }
}

const WIDTH: usize = 78;

/// The whole report. By default the answer a person acts on: the verdict in one line, what was
/// examined, each finding's title, the evidence that matters and the fix. `verbose` adds the
/// long explanations, all the evidence and the probes.
pub fn render(report: &Report, paint: Paint, verbose: bool) -> String {
    let ev = &report.evidence;
    let mut out = verdict_line(report, paint);
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
            "  also found: {} (the first one found is the one examined)\n",
            ev.provenance.others.join(", ")
        ));
    }
    if verbose
        && ev.live
        && let Some(api) = &ev.api_url
    {
        out.push_str(&format!("  api:        {api}\n"));
    }
    out.push_str(&shown_findings(report, paint, verbose));
    let sent = probes(report);
    if verbose && !sent.is_empty() {
        out.push('\n');
        out.push_str(&probes_table(sent, paint));
    }
    out.push_str(&can_lines(report));
    out.push_str(&footer(report, paint, verbose));
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

/// Only what failed: the verdict and the error findings; nothing when there is no error.
pub fn failures(report: &Report, paint: Paint, verbose: bool) -> String {
    let errors: String = super::answer::shown(report)
        .iter()
        .filter(|s| s.finding.severity == Severity::Error)
        .map(|s| format!("\n{}", finding(report, s, paint, verbose)))
        .collect();
    if errors.is_empty() {
        return String::new();
    }
    format!("{}{errors}", verdict_line(report, paint))
}

/// The findings alone, each preceded by a blank line (the demo's scenarios).
pub fn findings(report: &Report, paint: Paint) -> String {
    shown_findings(report, paint, false)
}

fn shown_findings(report: &Report, paint: Paint, verbose: bool) -> String {
    let mut out = String::new();
    let mut notes = String::new();
    for s in super::answer::shown(report) {
        // How the secret reached bbdoctor is a note, not a finding about Bitbucket.
        if s.finding.rule.id == "secret-in-arguments" && !verbose {
            notes.push_str(&note_line(s.finding, paint));
            continue;
        }
        out.push('\n');
        out.push_str(&finding(report, &s, paint, verbose));
    }
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(&notes);
    }
    out
}

/// `secret-in-arguments` in one dim line.
fn note_line(f: &Finding, paint: Paint) -> String {
    let flag = f
        .found
        .evidence
        .first()
        .and_then(|e| e.strip_prefix("the secret was given with "))
        .and_then(|e| e.strip_suffix(" on the command line"))
        .unwrap_or("an argument");
    let line =
        format!("note: {flag} shows the secret to `ps`: pass it on stdin (secret-in-arguments)");
    let wrapped = wrap(&line, "");
    wrapped
        .lines()
        .map(|l| format!("{}\n", paint.with(l, DIM)))
        .collect()
}

/// The closing lines: where to read more, and how to see the probes.
fn footer(report: &Report, paint: Paint, verbose: bool) -> String {
    let dim = |s: &str| paint.with(s, DIM);
    let mut out = String::new();
    let quiet_ok = report.verdict() == Verdict::Ok
        && report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Info || f.rule.id == "secret-in-arguments");
    if verbose || quiet_ok {
        return out;
    }
    let root = report
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error && f.rule.id != "leaked-secret")
        .or_else(|| report.findings.first());
    let mut parts = Vec::new();
    if let Some(f) = root {
        parts.push(format!("bbdoctor rules {}", f.rule.id));
    }
    if !probes(report).is_empty()
        || report
            .findings
            .iter()
            .any(|f| !f.rule.explanation.is_empty())
    {
        parts.push("-v for the details".to_string());
    }
    if !parts.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            dim(&format!("more: {}", parts.join(" · ")))
        ));
    }
    out
}

/// The verdict in one line, first: `✗ acme/widgets: API token sent as Bearer → use Basic with
/// your email`; an inconclusive one says what would settle it.
fn verdict_line(report: &Report, paint: Paint) -> String {
    let verdict = report.verdict();
    let mark = super::answer::mark(verdict);
    let how = match verdict {
        Verdict::Ok => GREEN_BOLD,
        Verdict::Problems => RED_BOLD,
        Verdict::Unreachable | Verdict::Inconclusive => YELLOW_BOLD,
    };
    let words = super::answer::verdict_words(report);
    let rest = format!("{}: {words}", subject(report));
    let mut out = format!("{} {}\n", paint.with(mark, how), paint.with(&rest, BOLD));
    if verdict == Verdict::Inconclusive
        && let Some(next) = &report.conclusion.next
    {
        // A command is given whole, to be copied; words wrap.
        match next.starts_with("BITBUCKET_") || next.starts_with("bbdoctor ") {
            true => out.push_str(&format!("  to settle it: {next}\n")),
            false => out.push_str(&wrap(&format!("to settle it: {next}"), "  ")),
        }
    }
    out
}

/// The width text wraps to: the terminal's when standard output is one (at most 100 columns,
/// so that lines stay readable), else [`WIDTH`].
fn width() -> usize {
    use std::io::IsTerminal;
    let out = std::io::stdout();
    if !out.is_terminal() {
        return WIDTH;
    }
    terminal_size::terminal_size_of(&out)
        .map_or(WIDTH, |(w, _)| usize::from(w.0).saturating_sub(2))
        .clamp(40, 100)
}

/// The user's own login shown as they typed it, in their own terminal (ux-findings #5a: a
/// masked `p***@example.com` hides the typo in `pta@example.com`). Only an email is unmasked;
/// a login that looks like a secret stays redacted.
pub(super) fn own_login(login: Option<&str>, text: String) -> String {
    let Some(login) = login else { return text };
    let masked = crate::credential::redact_login(login);
    match masked.contains("***@") && masked != login {
        true => text.replace(&masked, login),
        false => text,
    }
}

/// Wrap words to the terminal's width (or `WIDTH`), each line indented. `textwrap` counts
/// columns as a terminal shows them (a wide character takes two), where counting `chars()`
/// did not; words are never broken, not even at hyphens (`x-bitbucket-api-token-auth`).
pub(super) fn wrap(text: &str, indent: &str) -> String {
    wrap_to(text, indent, width())
}

fn wrap_to(text: &str, indent: &str, width: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let options = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&text, options)
        .iter()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect()
}

/// Evidence lines shown by default: the ones the header diff does not repeat, at most this
/// many.
const EVIDENCE: usize = 3;

/// Healthy evidence that the credential line already says.
pub(super) fn restates_credential(line: &str) -> bool {
    line.starts_with("kind: ") || line.starts_with("x-credential-type: ")
}

fn finding(report: &Report, s: &super::answer::Shown, paint: Paint, verbose: bool) -> String {
    let f = s.finding;
    let label = format!("{}[{}]", f.severity.as_str(), f.rule.id);
    let label = match f.severity {
        Severity::Error => paint.with(&label, RED_BOLD),
        Severity::Warning => paint.with(&label, YELLOW_BOLD),
        Severity::Info => paint.with(&label, GREEN_BOLD),
    };
    let dim = |s: &str| paint.with(s, DIM);
    // The title wraps under itself when the line would run past the width (titles run to
    // 98 columns with their id).
    let plain = format!("{}[{}]: {}", f.severity.as_str(), f.rule.id, f.rule.title);
    let options = textwrap::Options::new(width())
        .subsequent_indent("  ")
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let lines = textwrap::wrap(&plain, options);
    let head = plain.len() - f.rule.title.len();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        match i {
            0 => out.push_str(&format!(
                "{label}: {}\n",
                paint.with(line.get(head..).unwrap_or(""), BOLD)
            )),
            _ => out.push_str(&format!("  {}\n", paint.with(line.trim_start(), BOLD))),
        }
    }
    if !f.support.conclusive() {
        out.push_str(&format!(
            "  {}\n",
            dim(&format!(
                "support: {} (not shown in the text)",
                f.support.as_str()
            ))
        ));
    }
    if verbose {
        out.push_str(&wrap(f.rule.explanation, "  "));
    }
    if let Some(d) = &f.found.detail {
        out.push_str(&wrap(d, "  "));
    }
    let mut evidence: Vec<&String> = f.found.evidence.iter().collect();
    if !verbose {
        let repeated = |l: &str| {
            (f.found.header.is_some() && l.starts_with("Authorization: "))
                || (f.rule.id == "healthy" && restates_credential(l))
        };
        evidence.retain(|l| !repeated(l));
    }
    let hidden = match verbose || f.rule.id == "healthy" {
        true => 0,
        false => evidence.len().saturating_sub(EVIDENCE),
    };
    evidence.truncate(evidence.len() - hidden);
    for line in evidence {
        let wrapped = wrap(line, "    ");
        out.push_str(&format!("  •{}", &wrapped[3..]));
    }
    if hidden > 0 {
        out.push_str(&format!("  {}\n", dim(&format!("… {hidden} more with -v"))));
    }
    for folded in &s.folded {
        out.push_str(&format!(
            "  {}\n",
            dim(&format!("also: {} ({})", folded.rule.title, folded.rule.id))
        ));
    }
    if let Some((sent, correct)) = &f.found.header {
        out.push_str(&diff(sent, correct, paint).replace("    ", "  "));
    }
    let root = report.errors().next().is_some_and(|r| std::ptr::eq(r, f));
    let recheck = root.then(|| super::answer::recheck(report)).flatten();
    // The fix in the reader's shape (their tool, a clone, their CI), then the re-check.
    let adapted: Option<String> = f.found.command.as_ref().map(|c| {
        let blocks: Vec<String> = super::shape::adapt(c, &report.shape)
            .into_iter()
            .map(|b| b.text)
            .collect();
        blocks.join("\n")
    });
    let command = match (&adapted, &recheck) {
        (Some(c), Some(r)) => Some(format!("{c}\n{r}   # then check again")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(r)) if f.severity == Severity::Error => {
            Some(format!("{r}   # then check again"))
        }
        _ => None,
    };
    if f.severity != Severity::Info {
        let label = match &adapted {
            Some(c) => match super::answer::applicability(c) {
                super::answer::Applicability::Ready => {
                    format!("fix ({}):", super::answer::ready_words(c))
                }
                sure => format!("fix ({}):", sure.label()),
            },
            None => "fix:".to_string(),
        };
        out.push_str(&wrap(&format!("{label} {}", f.fix()), "  "));
    }
    if let Some(cmd) = &command {
        for line in cmd.lines() {
            let painted = match line.trim_start().starts_with('#') {
                true => dim(line),
                false => paint.with(line, CYAN),
            };
            out.push_str(&format!("    {painted}\n"));
        }
    }
    if let Some(c) = &f.found.confirm {
        out.push_str(&format!("  to confirm: {}\n", paint.with(c, CYAN)));
    }
    if verbose {
        out.push_str(&format!(
            "  {} bbdoctor rules {}\n",
            dim("more:"),
            f.rule.id
        ));
    }
    out
}

/// The header as sent against the correct form, changed words highlighted (colored by the
/// process's colour switch).
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
            similar::ChangeTag::Delete => old.push_str(&paint.with(v, RED_BOLD)),
            similar::ChangeTag::Insert => new.push_str(&paint.with(v, GREEN_BOLD)),
        }
    }
    format!(
        "    {} {old}\n    {} {new}\n",
        paint.with("-", RED),
        paint.with("+", GREEN)
    )
}

/// Path column width: the table fits 80 columns.
const PATH: usize = 38;

fn probes_table(exchanges: &[Exchange], paint: Paint) -> String {
    let mut out = format!(
        "{} ({} request{}):\n",
        paint.with("probes", BOLD),
        exchanges.len(),
        if exchanges.len() == 1 { "" } else { "s" }
    );
    out.push_str(&paint.with(
        &format!(
            "  {:<11} {:<4} {:<PATH$} {:>10} {:>7}",
            "probe", "", "path", "status", "time"
        ),
        DIM,
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
            true => paint.with(&padded, GREEN),
            false => paint.with(&padded, RED),
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
        for line in wrap_to(&text, "  ", WIDTH).lines() {
            assert!(line.len() <= WIDTH, "{line:?}");
        }
        // Columns as a terminal shows them: a wide character takes two.
        let wide = "字字字字字 ".repeat(20);
        for line in wrap_to(&wide, "  ", 40).lines() {
            assert!(textwrap::core::display_width(line) <= 40, "{line:?}");
        }
        // No word is broken at its hyphens.
        let names = "x-bitbucket-api-token-auth ".repeat(8);
        for line in wrap_to(&names, "", 30).lines() {
            assert!(
                line.split(' ').all(|w| w == "x-bitbucket-api-token-auth"),
                "{line:?}"
            );
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
