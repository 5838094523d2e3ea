//! The explain command's input: files or standard input, read with limits, and each turned
//! into a report. Sends nothing.

use super::parse_dated;
use crate::report::Report;
use crate::rules;
use std::io::Read;
use std::path::Path;

/// The most text one input may hold. A forum post is a few KB; more is a mistake (a binary, a
/// log of a whole CI run), refused with a clear error rather than read slowly.
pub const MAX_INPUT: usize = 4 * 1024 * 1024;

/// Read one input: a file, or standard input for `-`.
pub fn read(path: &Path) -> Result<String, String> {
    // A UTF-8 path as it is: `display` formats it (the same text) at a cost.
    let name = path
        .to_str()
        .map_or_else(|| path.display().to_string(), str::to_string);
    let mut bytes = Vec::new();
    let limit = MAX_INPUT as u64 + 1;
    let read = if name == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        // Opened so that a FIFO without a writer reads as empty instead of blocking for ever.
        // One fstat serves the folder check, the blocking flag and the buffer's size, so a
        // batch's file costs no stat by name (`main` checked each one up front already).
        let file = crate::source::open_nonblocking(path).and_then(|f| Ok((f.metadata()?, f)));
        match file {
            Ok((m, _)) if m.is_dir() => return Err(format!("cannot read {name}: a directory")),
            Ok((m, f)) => {
                if !m.is_file() {
                    crate::source::set_blocking(&f);
                }
                // Sized from the file's length, as `fs::read` does: one read instead of a small
                // probe and a few regrowths (`take` hides the length from `read_to_end`).
                let len = m.len().min(limit);
                bytes.reserve_exact(len as usize);
                f.take(limit).read_to_end(&mut bytes)
            }
            // A folder that cannot be opened (no read permission) is still a folder.
            Err(_) if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) => {
                return Err(format!("cannot read {name}: a directory"));
            }
            Err(e) => Err(e),
        }
    };
    let shown = if name == "-" {
        "standard input".to_string()
    } else {
        name
    };
    read.map_err(|e| format!("cannot read {shown}: {e}"))?;
    text(&shown, bytes)
}

/// Bytes as text, or why they are not something explain can read.
pub fn text(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "{name} is larger than {} MiB: paste only the report (the command, the response, the error)",
            MAX_INPUT / (1024 * 1024)
        ));
    }
    // (memchr's vectorised search: `contains` tests a byte at a time, over every input.)
    if memchr::memchr(0, &bytes).is_some() {
        return Err(format!(
            "{name} looks binary (it contains NUL bytes): explain reads text"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        return Err(format!(
            "{name} is empty: paste a curl command, a response, git's output or a post"
        ));
    }
    Ok(text)
}

/// Explain one text: the evidence it holds and the findings the rules draw from it.
pub fn report(file: Option<String>, text: &str) -> Report {
    report_dated(file, text, None)
}

/// [`report`] of a text written on `written` (`YYYY-MM-DD`) when it shows no date of its own.
pub fn report_dated(file: Option<String>, text: &str, written: Option<&str>) -> Report {
    let evidence = parse_dated(text, written);
    let findings = rules::diagnose(&evidence);
    let mut report = Report::new("explain", evidence, findings);
    report.file = file;
    report.shape = crate::report::shape::Shape::of_text(text);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_after_a_success_s_headers_are_the_poster_s() {
        // A HEAD has no body: what follows its headers is the post, which says the clone hangs.
        let text = "$ curl -I -u \"ops@acme.io:$BB_API_TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/app\n\
            HTTP/2 200\nx-credential-type: api_token\n\n\
            Looks fine to me, but the clone still hangs for 10 minutes and then the job is killed.\n";
        assert_eq!(
            report(None, text).verdict(),
            crate::rules::Verdict::Inconclusive
        );
        // Without those words, the call that worked is the answer.
        let worked = &text[..text.find("Looks").unwrap()];
        assert_eq!(report(None, worked).verdict(), crate::rules::Verdict::Ok);
    }

    #[test]
    fn a_credential_shown_puts_no_credential_last_among_a_404_s_causes() {
        let body = "{\"type\": \"error\", \"error\": {\"message\": \"Resource not found\", \"detail\": \"There is no pull request with ID 9999\"}}";
        let with = format!(
            "$ curl -s -u \"dana@acme.io:$BB_API_TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/9999\n{body}\n"
        );
        let without = format!(
            "$ curl -s https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/9999\n{body}\n"
        );
        let candidates = |text: &str| report(None, text).conclusion.candidates;
        assert_eq!(candidates(&with).last(), Some(&"anonymous-request"));
        assert_eq!(candidates(&without).first(), Some(&"anonymous-request"));
    }

    #[test]
    fn refuses_what_is_not_a_report() {
        assert!(
            text("x", vec![0x41, 0, 0x42])
                .unwrap_err()
                .contains("binary")
        );
        assert!(
            text("x", vec![0xff, 0xfe, 0x41])
                .unwrap_err()
                .contains("UTF-8")
        );
        assert!(text("x", b"  \n\t".to_vec()).unwrap_err().contains("empty"));
        assert!(
            text("x", vec![b'a'; MAX_INPUT + 1])
                .unwrap_err()
                .contains("larger")
        );
        assert!(text("x", b"curl -H 'Authorization: bearer x'".to_vec()).is_ok());
    }
}
