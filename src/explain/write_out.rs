//! curl's `-w`/`--write-out`: the line on which the command prints the response's status
//! (`-w "%{http_code}"`, `-w "\nHTTP %{http_code}\n"`). With `-s -o /dev/null` that line is
//! all the output shows of the answer, so it is read as the request's response.

/// One piece of the format's line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    /// `%{http_code}`, `%{response_code}`: three digits.
    Status,
    /// Another variable (`%{time_total}`, `%header{…}`): any text.
    Other,
}

/// The line of curl's output that carries the status, as its format writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    parts: Vec<Part>,
    /// The format's first line: without `-o`, the body may stand before it on the same line
    /// (`{…}401`, `…</html>404`).
    first: bool,
}

/// How far from a line's end a status glued to a body is looked for.
const GLUED_TAIL: usize = 256;

impl StatusLine {
    /// The status line of a write-out format, if it prints the status at all (`@file`
    /// formats are not read).
    pub fn of(format: &str) -> Option<StatusLine> {
        if format.starts_with('@') {
            return None;
        }
        // curl reads `\n`, `\r` and `\t` in the format; a shell's `$'…'` gave real ones.
        let format = format
            .replace("\\r", "\n")
            .replace("\\n", "\n")
            .replace('\r', "\n")
            .replace("\\t", " ");
        let (index, line) = format
            .split('\n')
            .enumerate()
            .find(|(_, l)| l.contains("%{http_code}") || l.contains("%{response_code}"))?;
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = line;
        while let Some(at) = rest.find('%') {
            text.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            if let Some(after) = after.strip_prefix('%') {
                text.push('%');
                rest = after;
                continue;
            }
            // `%{name}` or `%word{name}`.
            let name_end = after
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(0);
            let close = after[name_end..]
                .strip_prefix('{')
                .and_then(|v| v.find('}').map(|c| name_end + 1 + c));
            let Some(close) = close else {
                text.push('%');
                rest = after;
                continue;
            };
            let name = &after[name_end + 1..close];
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            let status = name_end == 0
                && matches!(name, "http_code" | "response_code")
                && !parts.contains(&Part::Status);
            parts.push(if status { Part::Status } else { Part::Other });
            rest = &after[close + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        // Spaces at the line's ends do not survive a paste.
        if let Some(Part::Text(t)) = parts.first_mut() {
            *t = t.trim_start().to_string();
        }
        if let Some(Part::Text(t)) = parts.last_mut() {
            *t = t.trim_end().to_string();
        }
        parts.retain(|p| *p != Part::Text(String::new()));
        Some(StatusLine {
            parts,
            first: index == 0,
        })
    }

    /// The status `line` prints, if it is this line of the output.
    pub fn status(&self, line: &str) -> Option<u16> {
        let line = line.trim();
        if let Some(found) = fit(&self.parts, line) {
            return found;
        }
        if !self.first {
            return None;
        }
        // Glued to the end of a body: right after its last `}`, `]` or `>`.
        let from = line.len().saturating_sub(GLUED_TAIL);
        line.char_indices()
            .filter(|&(i, c)| i >= from && matches!(c, '}' | ']' | '>'))
            .find_map(|(i, _)| fit(&self.parts, line[i + 1..].trim_start()).flatten())
    }
}

/// Whether `parts` make up the whole of `s`; `Some(status)` when they do.
fn fit(parts: &[Part], s: &str) -> Option<Option<u16>> {
    let Some((part, rest)) = parts.split_first() else {
        return s.is_empty().then_some(None);
    };
    match part {
        Part::Text(t) => fit(rest, s.strip_prefix(t.as_str())?),
        Part::Status => {
            let digits = s.get(..3)?;
            if !digits.bytes().all(|b| b.is_ascii_digit())
                || s[3..].starts_with(|c: char| c.is_ascii_digit())
            {
                return None;
            }
            let n: u16 = digits.parse().ok()?;
            // `000`: curl got no response at all; its own error says why.
            let status = (100..=599).contains(&n).then_some(n)?;
            fit(rest, &s[3..]).map(|_| Some(status))
        }
        Part::Other => (0..=s.len())
            .filter(|&i| s.is_char_boundary(i))
            .find_map(|i| fit(rest, &s[i..])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(format: &str, line: &str) -> Option<u16> {
        StatusLine::of(format)?.status(line)
    }

    #[test]
    fn reads_the_status_where_the_format_prints_it() {
        assert_eq!(status("%{http_code}", "201"), Some(201));
        assert_eq!(status("%{http_code}\\n", "  401 "), Some(401));
        assert_eq!(status("\\nHTTP %{http_code}\\n", "HTTP 403"), Some(403));
        assert_eq!(status("status=%{response_code}", "status=404"), Some(404));
        assert_eq!(
            status("%{http_code} %{time_total}s", "200 0.123456s"),
            Some(200)
        );
        assert_eq!(status("code: %{http_code}\\n", "code: 500"), Some(500));
        assert_eq!(status("%%{x} %{http_code}", "%{x} 401"), Some(401));
    }

    #[test]
    fn a_status_glued_to_a_body_counts_on_the_format_s_first_line_only() {
        let body = r#"{"type": "error", "error": {"message": "Unauthorized"}}401"#;
        assert_eq!(status("%{http_code}", body), Some(401));
        assert_eq!(status("%{http_code}", "</html>404"), Some(404));
        assert_eq!(status("\\n%{http_code}", body), None);
    }

    #[test]
    fn other_lines_and_other_formats_are_not_the_status() {
        assert_eq!(status("%{http_code}", "Total 123"), None);
        assert_eq!(status("%{http_code}", "/pullrequests/123"), None);
        assert_eq!(status("%{http_code}", "2010"), None);
        assert_eq!(status("%{http_code}", "000"), None);
        assert_eq!(status("HTTP %{http_code}", "201"), None);
        assert_eq!(status("%{time_total}", "201"), None);
        assert_eq!(status("@format.txt", "201"), None);
        assert_eq!(status("%{http_code}", "{\"a\": 1} 2010"), None);
    }
}
