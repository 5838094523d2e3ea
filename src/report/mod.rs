//! Reports: the findings and the evidence behind them, rendered for each reader. One renderer
//! per file: `text` for a terminal (colored only when asked), `json` for scripts (`bbdoctor/1`,
//! design.md §5, and its one-document-per-line form for explain batches), `markdown` for a forum
//! answer, `junit` for CI test views. All read the same [`Report`]; none sees a secret, since
//! evidence holds only redacted forms.

pub mod answer;
pub mod catalog;
pub mod json;
mod junit;
mod markdown;
pub mod shape;
mod text;

pub use json::{Document, document};
pub use text::header_diff;

use crate::credential::Kind;
use crate::evidence::{Claim, Evidence};
use crate::rules::{Finding, Severity};
use std::path::Path;

/// Whether this process colours what it writes to the terminal: set once by `main` from
/// `--color`, `--no-color`, NO_COLOR, CLICOLOR_FORCE and whether stdout is a terminal. One
/// colour stack: `anstyle`, as clap's own help uses (the `colored` crate is gone).
static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turn colours on or off for the terminal output.
pub fn set_color(on: bool) {
    COLOR.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether the terminal output is coloured.
pub fn color() -> bool {
    COLOR.load(std::sync::atomic::Ordering::Relaxed)
}

/// Paint `text` in `style` when colours are on.
pub fn paint(text: &str, style: anstyle::Style) -> String {
    match color() {
        true => format!("{style}{text}{style:#}"),
        false => text.to_string(),
    }
}

/// The outcome of a command: what was examined and what was found.
#[derive(Debug)]
pub struct Report {
    /// `check` or `explain`.
    pub command: &'static str,
    /// The file an explain report read, when it read one (batches name each file).
    pub file: Option<String>,
    pub evidence: Evidence,
    pub findings: Vec<Finding>,
    /// The verdict, and what would settle an inconclusive one.
    pub conclusion: Conclusion,
    /// How the user works, as pasted text shows it: fixes are given in that shape.
    pub shape: shape::Shape,
}

pub use crate::rules::{Conclusion, Verdict};

impl Report {
    pub fn new(command: &'static str, evidence: Evidence, findings: Vec<Finding>) -> Report {
        let conclusion = crate::rules::conclude(&evidence, &findings);
        Report {
            command,
            file: None,
            evidence,
            findings,
            conclusion,
            shape: shape::Shape::default(),
        }
    }

    pub fn verdict(&self) -> Verdict {
        self.conclusion.verdict
    }

    pub fn exit_code(&self) -> u8 {
        self.verdict().exit_code()
    }

    /// The error findings, root cause first.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The JSON document (`"schema": "bbdoctor/1"`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(document(self)).unwrap_or_default()
    }

    /// The findings alone, each preceded by a blank line, colored by the process's switch.
    pub fn findings_text(&self) -> String {
        text::findings(self, text::Paint::terminal())
    }

    /// Human-readable text, within 80 columns, colored by the process's switch.
    pub fn to_text(&self) -> String {
        render(std::slice::from_ref(self), Format::Text, Style::terminal())
    }
}

/// The forms a report takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a terminal: findings with their fix, then the probes.
    Text,
    /// One `bbdoctor/1` document.
    Json,
    /// One compact `bbdoctor/1` document per line: explain batches.
    Jsonl,
    /// A forum-ready answer: what is wrong, why, the fix, sources.
    Markdown,
    /// JUnit XML: one test case per aspect checked.
    Junit,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
        }
    }

    /// The format a report file's extension names: `.txt`, `.json`, `.jsonl` (or `.ndjson`),
    /// `.md`, `.xml`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "log" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "md" | "markdown" => Some(Format::Markdown),
            "xml" | "junit" => Some(Format::Junit),
            _ => None,
        }
    }
}

/// How to render for one destination.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// ANSI colors (text only; the other formats are never colored).
    pub color: bool,
    /// Only what failed: the error findings (text and Markdown). Nothing when all is well.
    pub quiet: bool,
    /// Text: the long explanations, every line of evidence and the probes (`-v`).
    pub verbose: bool,
    /// For the user's own terminal: a check shows their own login (an email) unmasked, so a
    /// typo in it can be seen; files, JSON and Markdown keep it masked.
    pub local: bool,
    /// The user's own terminal: the login a wrong-email finding is about is named as given,
    /// under the finding (`api-token-wrong-email`); pipes, files and the other formats keep it
    /// masked.
    pub own_login: bool,
}

impl Style {
    /// Colors as the process's switch says (main sets it from `--color` and the environment).
    pub fn terminal() -> Style {
        Style {
            color: color(),
            quiet: false,
            verbose: false,
            local: std::io::IsTerminal::is_terminal(&std::io::stdout()),
            own_login: std::io::IsTerminal::is_terminal(&std::io::stdout()),
        }
    }

    /// For a file: never colored, never quiet, every detail (a saved report is read later,
    /// by someone who was not there).
    pub fn file() -> Style {
        Style {
            verbose: true,
            ..Style::default()
        }
    }
}

/// On the user's own terminal, the email a wrong-email finding is about, as they gave it, right
/// under the finding's title: masked, a typo cannot be seen.
fn with_own_login(text: String, r: &Report) -> String {
    let id = "api-token-wrong-email";
    let login = r
        .findings
        .iter()
        .any(|f| f.id() == id)
        .then(|| r.evidence.credential.as_ref()?.login.clone())
        .flatten();
    let Some(login) = login else { return text };
    let mut out = String::with_capacity(text.len() + login.len() + 64);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !done && line.contains(&format!("[{id}]")) {
            out.push_str(&format!(
                "  the email sent: {login} (shown only on your terminal)\n"
            ));
            done = true;
        }
    }
    out
}

/// Render reports (one for `check`, one per file for an explain batch) in a format.
pub fn render(reports: &[Report], format: Format, style: Style) -> String {
    match format {
        Format::Text => {
            let paint = text::Paint(style.color);
            let parts: Vec<String> = reports
                .iter()
                .map(|r| match style.quiet {
                    true => text::failures(r, paint, style.verbose),
                    false => text::render(r, paint, style.verbose),
                })
                .map(|t| match style.local {
                    true => text::own_login(r_login(reports), t),
                    false => t,
                })
                .zip(reports)
                .map(|(text, r)| match style.own_login {
                    true => with_own_login(text, r),
                    false => text,
                })
                .filter(|s| !s.is_empty())
                .collect();
            parts.join("\n")
        }
        Format::Json => match reports {
            [one] => json::pretty(one),
            many => json::array(many),
        },
        Format::Jsonl => reports.iter().map(json::line).collect(),
        Format::Markdown => {
            let parts: Vec<String> = reports
                .iter()
                .map(|r| markdown::render(r, style.quiet))
                .filter(|s| !s.is_empty())
                .collect();
            parts.join("\n---\n\n")
        }
        Format::Junit => junit::render(reports),
    }
}

/// The login of a check's credential, when there is one report and it is a live check.
fn r_login(reports: &[Report]) -> Option<&str> {
    match reports {
        [one] if one.evidence.live => one.evidence.credential.as_ref()?.login.as_deref(),
        _ => None,
    }
}

/// The worst exit code of a batch: unreachable (3) over inconclusive (4) over problems (1)
/// over ok (0).
pub fn exit_code(reports: &[Report]) -> u8 {
    worst(reports.iter().map(Report::exit_code))
}

/// The worst of some exit codes, ranked as [`exit_code`] ranks a batch's.
pub fn worst(codes: impl IntoIterator<Item = u8>) -> u8 {
    codes
        .into_iter()
        .max_by_key(|c| match c {
            // An input that could not be read at all.
            2 => 4,
            3 => 3,
            4 => 2,
            1 => 1,
            _ => 0,
        })
        .unwrap_or(0)
}

/// What a report is about, in a few words: `acme/widgets`, a file name, or the command.
fn subject(report: &Report) -> String {
    match (&report.evidence.target, &report.file) {
        (Some(t), Some(f)) => format!("{t} ({f})"),
        (Some(t), None) => t.to_string(),
        (None, Some(f)) => f.clone(),
        (None, None) => match report.evidence.api_url.as_deref() {
            Some(api) if report.evidence.live => api.to_string(),
            _ => "pasted text".to_string(),
        },
    }
}

/// A credential the evidence does not hold, when the text hides it rather than shows a
/// request sent without one: its kind as the text names it (`Unknown` when it names none).
/// `None` when there is nothing to hide: a live check, or a request shown bare.
fn unseen_credential(ev: &Evidence) -> Option<Kind> {
    let shown_bare = ev.exchanges.iter().any(|e| {
        e.request
            .as_ref()
            .is_some_and(|q| q.auth.is_none() && !q.auth_unseen)
    });
    if ev.live || ev.credential.is_some() || shown_bare {
        return None;
    }
    let named = ev.claims.iter().find_map(|h| match h {
        Claim::CredentialKind(k) => Some(*k),
        _ => None,
    });
    Some(named.unwrap_or(Kind::Unknown))
}

/// The credential line of the text and Markdown reports when the evidence holds none.
fn no_credential(ev: &Evidence) -> String {
    if ev.ssh.is_some() && ev.exchanges.iter().all(|e| e.request.is_none()) {
        return match ev.live {
            true => "SSH keys (ssh's own: its config, agent and key files)".into(),
            false => "SSH keys (by fingerprint, as the text shows them)".into(),
        };
    }
    match unseen_credential(ev) {
        None => "none (anonymous)".into(),
        Some(Kind::Unknown) => "not shown in the text".into(),
        Some(kind) => format!("{} (named in the text, not shown)", kind.describe()),
    }
}

/// The probes a report may show: only those bbdoctor sent itself.
fn probes(report: &Report) -> &[crate::evidence::Exchange] {
    match report.evidence.live {
        true => &report.evidence.exchanges,
        false => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("test-results/bbdoctor.xml"), Some(Format::Junit));
        assert_eq!(f("report.JSON"), Some(Format::Json));
        assert_eq!(f("batch.ndjson"), Some(Format::Jsonl));
        assert_eq!(f("answer.md"), Some(Format::Markdown));
        assert_eq!(f("out.txt"), Some(Format::Text));
        assert_eq!(f("report"), None);
        assert_eq!(f("report.pdf"), None);
    }

    #[test]
    fn batch_exit_code_is_the_worst() {
        let r = |id: &str| {
            let rule = crate::rules::rule(id).unwrap();
            Report::new(
                "check",
                Evidence {
                    live: true,
                    ..Evidence::default()
                },
                vec![Finding {
                    rule,
                    severity: rule.severity,
                    found: Default::default(),
                    support: crate::evidence::Strength::Shown,
                }],
            )
        };
        assert_eq!(exit_code(&[]), 0);
        assert_eq!(exit_code(&[r("healthy")]), 0);
        assert_eq!(exit_code(&[r("healthy"), r("scheme-case")]), 1);
        assert_eq!(exit_code(&[r("network-error"), r("scheme-case")]), 3);
        // A pasted text that shows nothing is inconclusive: 4, between 1 and 3.
        let nothing = Report::new("explain", Evidence::default(), Vec::new());
        assert_eq!(nothing.exit_code(), 4);
        assert_eq!(exit_code(&[r("scheme-case"), nothing]), 4);
        let nothing = Report::new("explain", Evidence::default(), Vec::new());
        assert_eq!(exit_code(&[nothing, r("network-error")]), 3);
    }
}
