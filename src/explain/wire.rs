//! HTTP exchanges as two loggers print them, rewritten as the `curl -v` transcript they are, so
//! the one transcript reader reads them:
//! - Apache HttpClient's wire and header logs (`org.apache.http.wire`, `…client5.http.wire`):
//!   `http-outgoing-3 >> "Authorization: Basic …[\r][\n]"`, `http-outgoing-3 << "HTTP/1.1 401
//!   …[\r][\n]"`, a body chunk without the line end;
//! - `curl --trace-ascii`: `=> Send header, 241 bytes (0xf1)` blocks of rows behind a hex
//!   offset (`0084: Authorization: …`), a row cut at 64 bytes continued by the next.
//!
//! Each line stays a line (a row joined to the one before it leaves curl's `{` mark, which the
//! transcript reader passes over), so positions still name the poster's lines.

use memchr::memmem;
use std::sync::LazyLock;

static OUTGOING: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("http-outgoing-"));
static WIRE_END: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("[\\r][\\n]\""));
static SEND_HEADER: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("=> Send header, "));
static RECV_HEADER: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("<= Recv header, "));

/// The text with each logged exchange rewritten; `None` when it holds none (most texts).
pub fn transcripts(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let apache = OUTGOING.find(b).is_some() || WIRE_END.find(b).is_some();
    let trace = SEND_HEADER.find(b).is_some() || RECV_HEADER.find(b).is_some();
    if !apache && !trace {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut block = Block::None;
    // The last row's offset and length.
    let mut last_row: Option<(usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if apache && let Some(rewritten) = apache_line(body) {
            out.push_str(&rewritten);
        } else if trace && let Some(info) = body.trim_start().strip_prefix("== Info: ") {
            block = Block::None;
            out.push_str("* ");
            out.push_str(info);
        } else if trace && let Some(next) = Block::opened_by(body) {
            block = next;
            last_row = None;
            out.push_str(next.opening());
        } else if trace
            && block != Block::None
            && let Some((offset, content)) = row(body)
        {
            let continues = last_row.is_some_and(|(o, len)| o + len == offset);
            if continues && out.ends_with('\n') {
                // Joined to the row it continues; this line keeps only a mark.
                out.pop();
                out.push_str(content);
                out.push('\n');
                out.push('{');
            } else {
                out.push_str(block.mark());
                out.push_str(content);
            }
            last_row = Some((offset, content.len()));
        } else {
            if trace && !body.trim().is_empty() {
                block = Block::None;
                last_row = None;
            }
            out.push_str(body);
        }
        out.push_str(newline);
    }
    Some(out)
}

/// Which of `--trace-ascii`'s blocks the rows belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    SendHeader,
    SendData,
    RecvHeader,
    RecvData,
    Ssl,
}

impl Block {
    fn opened_by(line: &str) -> Option<Block> {
        let t = line.trim_start();
        let rest = t.strip_prefix("=> ").or_else(|| t.strip_prefix("<= "))?;
        let (what, size) = rest.split_once(", ")?;
        if !size.contains(" bytes") {
            return None;
        }
        Some(match (t.starts_with("=>"), what) {
            (true, "Send header") => Block::SendHeader,
            (true, "Send data") => Block::SendData,
            (false, "Recv header") => Block::RecvHeader,
            (false, "Recv data") => Block::RecvData,
            (_, "Send SSL data" | "Recv SSL data") => Block::Ssl,
            _ => return None,
        })
    }

    /// What the block's own line becomes. A response's data ends its headers (`<`); the
    /// other openings are passed over (`{`), so a header block split by HTTP/2 into one block
    /// a header stays one block.
    fn opening(self) -> &'static str {
        match self {
            Block::RecvData => "<",
            Block::SendData => ">",
            _ => "{",
        }
    }

    /// The mark before a row's content.
    fn mark(self) -> &'static str {
        match self {
            Block::SendHeader => "> ",
            Block::RecvHeader => "< ",
            Block::SendData => "> ",
            Block::RecvData => "",
            Block::Ssl | Block::None => "{ ",
        }
    }
}

/// A `--trace-ascii` row: its hex offset and what follows `: ` (a `--trace` row of hex bytes
/// is not one: its content is not the text).
fn row(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let (offset, content) = t
        .split_once(": ")
        .or_else(|| t.strip_suffix(':').map(|o| (o, "")))?;
    if offset.len() < 4 || !offset.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hex_bytes = content.split(' ').take(4).filter(|w| w.len() == 2).count() == 4
        && content
            .bytes()
            .take(11)
            .all(|b| b.is_ascii_hexdigit() || b == b' ');
    if hex_bytes {
        return None;
    }
    Some((usize::from_str_radix(offset, 16).ok()?, content))
}

/// An Apache HttpClient wire or header line, as the transcript line it logs.
fn apache_line(line: &str) -> Option<String> {
    let (at, dir) = [" >> ", " << "]
        .iter()
        .filter_map(|m| line.find(m).map(|i| (i, m.as_bytes()[1])))
        .min_by_key(|(i, _)| *i)?;
    let before = &line[..at];
    let logged_by_apache = before
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.starts_with("http-outgoing-"))
        || before.trim_end().ends_with("wire -")
        || before.trim_end().ends_with("wire.header -");
    if !logged_by_apache {
        return None;
    }
    let mark = if dir == b'>' { '>' } else { '<' };
    let rest = &line[at + 4..];
    let Some(quoted) = rest.strip_prefix('"') else {
        // The header log: `http-outgoing-3 >> Authorization: Basic …`, unquoted.
        return Some(format!("{mark} {rest}"));
    };
    let quoted = quoted.strip_suffix('"').unwrap_or(quoted);
    let (content, line_end) = match quoted.strip_suffix("[\\r][\\n]") {
        Some(c) => (c, true),
        None => (quoted.strip_suffix("[\\n]").unwrap_or(quoted), false),
    };
    let content = content
        .replace("[\\r]", "")
        .replace("[\\n]", " ")
        .replace("[\\t]", "\t");
    Some(match (line_end, content.is_empty()) {
        // A header or status line, or the empty line that ends the headers.
        (true, true) => mark.to_string(),
        (true, false) => format!("{mark} {content}"),
        // A body, or a piece of one: what was sent stays marked as sent.
        (false, _) if mark == '>' => format!("> {content}"),
        (false, _) => content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apache_wire_lines_become_a_transcript() {
        let text = "09:12:33,401 DEBUG [w-2] org.apache.http.wire - http-outgoing-3 >> \"GET /2.0/user HTTP/1.1[\\r][\\n]\"\n\
                    09:12:33,401 DEBUG [w-2] org.apache.http.wire - http-outgoing-3 >> \"Authorization: Basic dXNlcjp0b2s=[\\r][\\n]\"\n\
                    09:12:33,401 DEBUG [w-2] org.apache.http.wire - http-outgoing-3 >> \"[\\r][\\n]\"\n\
                    09:12:33,402 DEBUG [w-2] org.apache.http.wire - http-outgoing-3 << \"HTTP/1.1 401 Unauthorized[\\r][\\n]\"\n\
                    09:12:33,402 DEBUG [w-2] org.apache.http.wire - http-outgoing-3 << \"Login failed.[\\n]\"\n";
        assert_eq!(
            transcripts(text).unwrap(),
            "> GET /2.0/user HTTP/1.1\n> Authorization: Basic dXNlcjp0b2s=\n>\n< HTTP/1.1 401 Unauthorized\nLogin failed.\n"
        );
    }

    #[test]
    fn apache_header_log_is_unquoted() {
        let text = "DEBUG org.apache.http.headers - http-outgoing-0 >> Authorization: Bearer x\n";
        assert_eq!(transcripts(text).unwrap(), "> Authorization: Bearer x\n");
    }

    #[test]
    fn shell_redirections_and_quotes_stay() {
        // `>>` in a shell line or prose is not a wire log.
        assert!(
            transcripts("echo hi >> log.txt\nsee http-outgoing-3 later\n")
                .is_some_and(|t| t == "echo hi >> log.txt\nsee http-outgoing-3 later\n")
        );
        assert_eq!(transcripts("cat a >> b\n"), None);
    }

    #[test]
    fn trace_ascii_rows_become_a_transcript_and_cut_rows_join() {
        let text = "== Info: Connected to api.bitbucket.org\n\
                    => Send header, 120 bytes (0x78)\n\
                    0000: GET /2.0/repositories/weyland-ops/runbooks/src/main/README.md HT\n\
                    0040: TP/2\n\
                    0046: Host: api.bitbucket.org\n\
                    <= Recv header, 13 bytes (0xd)\n\
                    0000: HTTP/2 401\n\
                    <= Recv data, 20 bytes (0x14)\n\
                    0000: {\"a\": \"012345678901234567890123456789012345678901234567890123456\n\
                    0040: 5\"}\n\
                    after\n";
        assert_eq!(
            transcripts(text).unwrap(),
            "* Connected to api.bitbucket.org\n\
             {\n\
             > GET /2.0/repositories/weyland-ops/runbooks/src/main/README.md HTTP/2\n\
             {\n\
             > Host: api.bitbucket.org\n\
             {\n\
             < HTTP/2 401\n\
             <\n\
             {\"a\": \"0123456789012345678901234567890123456789012345678901234565\"}\n\
             {\n\
             after\n"
        );
    }

    #[test]
    fn trace_hex_rows_are_left() {
        let text = "=> Send header, 16 bytes (0x10)\n0000: 47 45 54 20 2f 32 2e 30 2f 75 73 65 72 20 48 54 GET /2.0/user HT\n";
        assert_eq!(
            transcripts(text).unwrap(),
            "{\n0000: 47 45 54 20 2f 32 2e 30 2f 75 73 65 72 20 48 54 GET /2.0/user HT\n"
        );
    }
}
