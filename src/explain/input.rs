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
pub fn text(name: &str, mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "{name} is larger than {} MiB: paste only the report (the command, the response, the error)",
            MAX_INPUT / (1024 * 1024)
        ));
    }
    // Windows PowerShell 5 writes what `>` redirects as UTF-16 with a byte-order mark, and
    // Notepad may start UTF-8 with one: the same text.
    match bytes.get(..3) {
        Some([0xff, 0xfe, ..] | [0xfe, 0xff, ..]) => return utf16(name, &bytes),
        Some([0xef, 0xbb, 0xbf]) => {
            bytes.drain(..3);
        }
        _ => {}
    }
    text_of_utf8(name, bytes)
}

/// UTF-8 bytes as text, or why they are not something explain can read.
fn text_of_utf8(name: &str, bytes: Vec<u8>) -> Result<String, String> {
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

/// UTF-16 text after its byte-order mark (`FF FE` little-endian, `FE FF` big-endian).
fn utf16(name: &str, bytes: &[u8]) -> Result<String, String> {
    let little = bytes[0] == 0xff;
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Err(format!(
            "{name} is not UTF-16 text (an odd number of bytes after its byte-order mark)"
        ));
    }
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|p| match little {
            true => u16::from_le_bytes([p[0], p[1]]),
            false => u16::from_be_bytes([p[0], p[1]]),
        })
        .collect();
    let text = String::from_utf16(&units)
        .map_err(|_| format!("{name} is not UTF-16 text (a broken surrogate pair)"))?;
    // What it holds is read as UTF-8 text would be: binary, empty and too large alike.
    text_of_utf8(name, text.into_bytes())
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
            text("x", vec![0x41, 0xff, 0x42])
                .unwrap_err()
                .contains("UTF-8")
        );
        assert!(
            text("x", vec![0xff, 0xfe, 0x41])
                .unwrap_err()
                .contains("UTF-16")
        );
        assert!(text("x", b"  \n\t".to_vec()).unwrap_err().contains("empty"));
        assert!(
            text("x", vec![b'a'; MAX_INPUT + 1])
                .unwrap_err()
                .contains("larger")
        );
        assert!(text("x", b"curl -H 'Authorization: bearer x'".to_vec()).is_ok());
    }

    #[test]
    fn reads_what_windows_writes() {
        let line = "fatal: Authentication failed for 'https://bitbucket.org/acme/é.git/'\r\n";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(line.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(line.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bom: Vec<u8> = [0xef, 0xbb, 0xbf].into_iter().chain(line.bytes()).collect();
        for bytes in [le, be, bom] {
            assert_eq!(text("x", bytes).unwrap(), line);
        }
        let empty: Vec<u8> = [0xff, 0xfe, b' ', 0, b'\n', 0].to_vec();
        assert!(text("x", empty).unwrap_err().contains("empty"));
    }
}
