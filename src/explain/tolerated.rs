//! A step the job let fail: a command with a fallback (`git push … || echo "mirror push failed
//! (allowed)"`, `|| true`), or an answer a tool logged as a warning (`##[warning]`, `WARNING:
//! … best-effort, continuing`). When every Bitbucket failure in a log is in such a step and the
//! job failed on a line of its own (`##[error]Process completed with exit code 1.`, a test
//! runner's failure, a container out of memory), Bitbucket's answer is not why it failed: true,
//! but not the cause the log is about.

use crate::evidence::Exchange;

/// Lines above an answer searched for the command that made the request.
const COMMAND_LINES: usize = 3;
/// Lines from where an answer's step began to the answer itself.
const ANSWER_LINES: usize = 3;

/// The line (from 1) where the job failed when each failing exchange with Bitbucket is in a
/// step the job let fail, and the job failed on another line.
/// `raw` is the text as pasted, `text` as normalized (line for line): a runner's marker
/// (`##[warning]`, a log level) may be what normalizing took away.
pub fn failed_elsewhere(raw: &str, text: &str, exchanges: &[Exchange]) -> Option<usize> {
    let failing: Vec<usize> = exchanges
        .iter()
        .filter(|e| e.failure.is_some() || e.status().is_some_and(|s| s >= 400))
        .map(|e| e.line)
        .collect::<Option<Vec<usize>>>()?;
    if failing.is_empty() {
        return None;
    }
    // A step the job let fail shows a runner's warning (`##[warning]`, a `WARN…` lead) or a
    // fallback (` || `): a text without any of these (most) has none, and its lines are not
    // gathered.
    let marked = |t: &str| {
        use crate::evidence::contains_str;
        contains_str(t, "##[warning]") || contains_str(t, "WARN") || contains_str(t, "||")
    };
    if !marked(raw) && !marked(text) {
        return None;
    }
    let raw: Vec<&str> = super::scan::lines(raw).collect();
    let lines: Vec<&str> = super::scan::lines(text).collect();
    if raw.len() != lines.len()
        || !failing
            .iter()
            .all(|&n| tolerated(&raw, n) || tolerated(&lines, n))
    {
        return None;
    }
    let first = *failing.iter().min()?;
    let last = *failing.iter().max()?;
    (1..=lines.len())
        .filter(|n| !(first..=last).contains(n))
        .find(|&n| job_failed(raw[n - 1]) || job_failed(lines[n - 1]))
}

/// Whether the answer read from line `n` (from 1: where its step began, the answer on that
/// line or the few below) came from a step the job let fail.
fn tolerated(lines: &[&str], n: usize) -> bool {
    if n == 0 || n > lines.len() {
        return false;
    }
    let warned = |line: &&str| {
        let t = line.trim_start();
        line.contains("##[warning]")
            || ["WARNING:", "WARN:", "[WARNING]", "[WARN]"]
                .iter()
                .any(|w| t.starts_with(w))
    };
    lines[n - 1..(n + ANSWER_LINES).min(lines.len())]
        .iter()
        .any(warned)
        || lines[n.saturating_sub(COMMAND_LINES + 1)..n]
            .iter()
            .any(|l| falls_back(l))
}

/// A command with a fallback that lets it fail: `… || echo …`, `… || true`; not `|| exit 1`.
fn falls_back(line: &str) -> bool {
    let Some((_, after)) = crate::evidence::split_once_str(line, " || ") else {
        return false;
    };
    let after = after.trim_start().to_ascii_lowercase();
    !after.contains("exit") && !after.starts_with("false") && !after.starts_with("return")
}

/// A line that says the job (or its build step) failed, in the words runners and build tools
/// use, and not about Bitbucket.
fn job_failed(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    if lower.contains("bitbucket") {
        return false;
    }
    let nonzero_exit = ["exit code ", "exit status "].iter().any(|w| {
        lower
            .split(w)
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|d| d.parse::<u32>().ok())
            .is_some_and(|code| code != 0)
    });
    t.contains("##[error]")
        || nonzero_exit
        || lower.contains("exceeded memory limit")
        || lower.starts_with("build failed")
        || lower.contains("build failure")
        || (lower.starts_with("tests:") && lower.contains("failed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fallbacks_warnings_and_job_failures() {
        assert!(falls_back(
            "+ git push --mirror $URL || echo \"mirror push failed (allowed)\""
        ));
        assert!(falls_back("curl -f $URL || true"));
        assert!(!falls_back("curl -f $URL || exit 1"));
        assert!(!falls_back("curl -f $URL || { echo failed; exit 2; }"));
        assert!(!falls_back("echo a | grep b"));
        assert!(job_failed("##[error]Process completed with exit code 1."));
        assert!(job_failed("ERROR: script returned exit code 1"));
        assert!(job_failed("Container 'docker' exceeded memory limit."));
        assert!(job_failed("Tests:       1 failed, 311 passed, 312 total"));
        assert!(!job_failed("Process completed with exit code 0."));
        assert!(!job_failed(
            "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'"
        ));
        assert!(!job_failed("ERROR: Bitbucket answered 403, exit code 1"));
        let lines = [
            "WARNING: Failed to notify: HTTP 403 {}",
            "+ git clone x || echo skipped",
            "remote: …",
        ];
        assert!(tolerated(&lines, 1));
        assert!(tolerated(&lines, 3));
        assert!(!tolerated(&["+ git clone x", "remote: …"], 2));
    }
}
