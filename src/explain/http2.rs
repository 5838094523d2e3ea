//! Go's HTTP/2 debug log (`GODEBUG=http2debug=2`), as tools built on Go print it: the request
//! as the headers the transport encodes (`http2: Transport encoding header ":path" = "/2.0/…"`)
//! and the response as the fields it decodes (`http2: decoded hpack field header field
//! "x-credential-type" = "oauth2"`). No status line: the status is the `:status` field, when
//! the log shows it.

use super::scan::line_at;
use super::{Answer, Piece, Sent, parse_authorization, scrub, sent_auth, url};
use crate::evidence::{Request, Response};

/// What marks a request header in the log.
const ENCODED: &str = "http2: Transport encoding header ";
/// What marks a response header.
const DECODED: &str = "http2: decoded hpack field header field ";

/// The request being read.
#[derive(Default)]
struct Outgoing {
    method: Option<String>,
    scheme: Option<String>,
    authority: Option<String>,
    path: Option<String>,
    authorization: Option<String>,
}

/// Whether a line belongs to the log (any of its lines, framer lines included).
fn is_log_line(line: &str) -> bool {
    line.contains("http2: ")
}

/// The log starting at the line at `start`, when that line is one of its header lines: its
/// requests and responses, and where it ends (the first line that is not the log's).
pub fn log(text: &str, start: usize) -> Option<(Vec<Piece>, usize)> {
    let first = line_at(text, start).text;
    if !first.contains(ENCODED) && !first.contains(DECODED) {
        return None;
    }
    let mut pieces = Vec::new();
    let mut out: Option<Outgoing> = None;
    let mut incoming: Option<Vec<(String, String)>> = None;
    let mut pos = start;
    while pos < text.len() {
        let line = line_at(text, pos);
        if !is_log_line(line.text) {
            break;
        }
        if let Some((name, value)) = field(line.text, ENCODED) {
            // A new request's first pseudo-header ends what came before.
            if incoming.is_some() || out.as_ref().is_some_and(|o| o.has(&name)) {
                flush(&mut pieces, &mut out, &mut incoming);
            }
            out.get_or_insert_with(Outgoing::default).set(&name, value);
        } else if let Some((name, value)) = field(line.text, DECODED) {
            flush_request(&mut pieces, &mut out);
            let headers = incoming.get_or_insert_with(Vec::new);
            // A second `:status` is the next response's.
            if name == ":status" && headers.iter().any(|(n, _)| n == ":status") {
                flush_response(&mut pieces, &mut incoming);
            }
            incoming.get_or_insert_with(Vec::new).push((name, value));
        }
        pos = line.next;
    }
    flush(&mut pieces, &mut out, &mut incoming);
    Some((pieces, pos.max(line_at(text, start).next)))
}

impl Outgoing {
    fn set(&mut self, name: &str, value: String) {
        let slot = match name {
            ":method" => &mut self.method,
            ":scheme" => &mut self.scheme,
            ":authority" => &mut self.authority,
            ":path" => &mut self.path,
            "authorization" => &mut self.authorization,
            _ => return,
        };
        *slot = Some(value);
    }

    fn has(&self, name: &str) -> bool {
        match name {
            ":method" => self.method.is_some(),
            ":authority" => self.authority.is_some(),
            ":path" => self.path.is_some(),
            _ => false,
        }
    }
}

/// `… "name" = "value"` after `marker`: the name in lower case, the value unquoted (Go's `%q`).
fn field(line: &str, marker: &str) -> Option<(String, String)> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let (name, rest) = quoted(rest)?;
    let rest = rest.trim_start().strip_prefix('=')?;
    let (value, _) = quoted(rest.trim_start())?;
    Some((name.to_ascii_lowercase(), value))
}

/// A Go-quoted string at the start of `s`, and what follows it.
fn quoted(s: &str) -> Option<(String, &str)> {
    let s = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    out.push(e);
                }
            }
            c => out.push(c),
        }
    }
    None
}

fn flush(
    pieces: &mut Vec<Piece>,
    out: &mut Option<Outgoing>,
    incoming: &mut Option<Vec<(String, String)>>,
) {
    flush_request(pieces, out);
    flush_response(pieces, incoming);
}

fn flush_request(pieces: &mut Vec<Piece>, out: &mut Option<Outgoing>) {
    let Some(o) = out.take() else { return };
    let url = match (&o.authority, &o.path) {
        (Some(host), path) => format!(
            "{}://{host}{}",
            o.scheme.as_deref().unwrap_or("https"),
            path.as_deref().unwrap_or("/")
        ),
        (None, Some(path)) => path.clone(),
        (None, None) => String::new(),
    };
    let (clean, _) = url::clean(&url);
    // Posts keep a few of the log's lines: a missing `authorization` line says nothing.
    let auth_unseen = o.authorization.is_none();
    pieces.push(Piece::Request(Sent {
        request: Request {
            method: o.method.unwrap_or_else(|| "GET".into()),
            url: scrub::text(&clean).into_owned(),
            auth: o
                .authorization
                .map(|v| sent_auth(&parse_authorization(&v), &[])),
            auth_unseen,
        },
        source: "HTTP/2 debug log",
    }));
}

fn flush_response(pieces: &mut Vec<Piece>, incoming: &mut Option<Vec<(String, String)>>) {
    let Some(fields) = incoming.take() else {
        return;
    };
    let status = fields
        .iter()
        .find(|(n, _)| n == ":status")
        .and_then(|(_, v)| v.parse::<u16>().ok())
        .filter(|s| (100..=599).contains(s))
        .unwrap_or(0);
    let headers: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(n, _)| !n.starts_with(':'))
        .map(|(n, v)| (n, scrub::text(&v).into_owned()))
        .collect();
    let response = Response::from_parts(status, &headers, "");
    // Only what a rule could use: a status, or a header Bitbucket sets about the credential.
    if status == 0 && response.headers.is_empty() {
        return;
    }
    pieces.push(Piece::Response(Answer::of(response)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_go_http2_debug_log() {
        let t = "2026/04/08 14:09:01 http2: Transport encoding header \":authority\" = \"api.bitbucket.org\"\n\
                 2026/04/08 14:09:01 http2: Transport encoding header \":method\" = \"GET\"\n\
                 2026/04/08 14:09:01 http2: Transport encoding header \":path\" = \"/2.0/workspaces/acme/permissions/repositories/api\"\n\
                 2026/04/08 14:09:01 http2: Framer 0xc000: wrote HEADERS flags=END_STREAM|END_HEADERS stream=1 len=51\n\
                 2026/04/08 14:09:01 http2: decoded hpack field header field \":status\" = \"403\"\n\
                 2026/04/08 14:09:01 http2: decoded hpack field header field \"x-credential-type\" = \"oauth2\"\n\
                 the prose after it";
        let (pieces, end) = log(t, 0).unwrap();
        assert_eq!(&t[end..], "the prose after it");
        let [Piece::Request(s), Piece::Response(a)] = pieces.as_slice() else {
            panic!("{pieces:?}")
        };
        assert_eq!(
            (s.request.method.as_str(), s.request.url.as_str()),
            (
                "GET",
                "https://api.bitbucket.org/2.0/workspaces/acme/permissions/repositories/api"
            )
        );
        assert!(s.request.auth.is_none());
        assert_eq!(a.response.status, 403);
        assert_eq!(a.response.header("x-credential-type"), Some("oauth2"));
    }

    #[test]
    fn keeps_the_credential_only_redacted_and_reads_each_request_apart() {
        let token = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";
        let t = format!(
            "http2: Transport encoding header \":path\" = \"/2.0/user\"\n\
             http2: Transport encoding header \"authorization\" = \"Bearer {token}\"\n\
             http2: Transport encoding header \":path\" = \"/2.0/repositories/a/b\"\n"
        );
        let (pieces, _) = log(&t, 0).unwrap();
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        let Piece::Request(s) = &pieces[0] else {
            panic!("{pieces:?}")
        };
        let auth = s.request.auth.as_ref().unwrap();
        assert_eq!(auth.scheme.as_deref(), Some("Bearer"));
        assert!(!format!("{pieces:?}").contains(&token[20..]));
        // A header line of something else is not this log.
        assert!(log("x-credential-type: oauth2", 0).is_none());
        assert!(log("http2: decoded hpack field header field \"x", 0).is_some());
    }
}
