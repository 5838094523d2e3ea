//! Raw HTTP as pasted: `curl -v` transcripts (`> GET …`, `< HTTP/2 401`, `* …`), `curl -i`
//! output and bare status lines (`HTTP/1.1 429 Unknown Status Code`) with their header blocks
//! and bodies, raw requests (`GET /2.0/user HTTP/1.1` + `Host:`), a lone `Authorization: …`
//! line, and a tool's request log line (`--> GET https://…`).

use super::expand::Env;
use super::expand::Value;
use super::scan::{line_at, starts_item};
use super::{
    Answer, Piece, Sent, body, network, parse_authorization, scrub, sent_auth, shell, url,
};
use crate::evidence::Request;

/// A request being read from a transcript.
#[derive(Default)]
struct RequestParts {
    method: String,
    target: String,
    host: Option<String>,
    authorization: Option<String>,
}

/// A response being read.
struct ResponseParts {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<(usize, usize)>,
}

/// Lines a plain-text body may take before we stop reading it as one.
const BODY_LINES: usize = 30;

/// A transcript or raw exchange starting at the line at `start`: its pieces and where it ends.
pub fn transcript(text: &str, start: usize) -> Option<(Vec<Piece>, usize)> {
    let first = line_at(text, start).text;
    let rest = unmark(first).1;
    if status_line(rest).is_none() && request_line(rest).is_none() {
        return None;
    }
    let mut pieces = Vec::new();
    let mut request: Option<RequestParts> = None;
    let mut response: Option<ResponseParts> = None;
    // Headers of the current message are still coming (raw HTTP has no markers to say so).
    let mut in_headers = false;
    let mut pos = start;
    while pos < text.len() {
        let line = line_at(text, pos);
        let (mark, rest) = unmark(line.text);
        if let Some((method, target)) = request_line(rest) {
            flush(&mut pieces, &mut request, &mut response, text);
            request = Some(RequestParts {
                method: method.into(),
                target: target.into(),
                ..RequestParts::default()
            });
            in_headers = true;
        } else if let Some(status) = status_line(rest) {
            // A proxy's answer to curl's CONNECT: the tunnel is open, Bitbucket has not
            // answered yet. Its headers follow; they are not Bitbucket's either.
            if rest.to_ascii_lowercase().contains("connection established") {
                flush(&mut pieces, &mut request, &mut response, text);
                in_headers = true;
                pos = line.next;
                continue;
            }
            flush_request(&mut pieces, &mut request);
            flush_response(&mut pieces, &mut response, text);
            response = Some(ResponseParts {
                status,
                headers: Vec::new(),
                body: None,
            });
            in_headers = true;
        } else if mark == Some('*') {
            let lower = rest.to_ascii_lowercase();
            if let Some(failure) = network::failure(rest, &lower) {
                flush(&mut pieces, &mut request, &mut response, text);
                pieces.push(Piece::Failure {
                    failure,
                    git: false,
                });
            }
        } else if matches!(mark, Some('{' | '}')) {
            // curl's `{ [5 bytes data]`.
        } else if in_headers && let Some((name, value)) = header(rest) {
            if let Some(r) = response.as_mut() {
                r.headers.push((name.to_string(), value.to_string()));
            } else if let Some(r) = request.as_mut() {
                if name.eq_ignore_ascii_case("host") {
                    r.host = Some(value.to_string());
                } else if name.eq_ignore_ascii_case("authorization") {
                    r.authorization = Some(value.to_string());
                }
            }
        } else if in_headers && rest.trim().is_empty() {
            // The blank line (or lone `<`/`>`) that ends a header block.
            in_headers = false;
            if mark.is_none() && response.is_none() {
                // A raw request ends here; what follows is not ours unless it is a response.
                let next = line_at(text, line.next);
                if status_line(unmark(next.text).1).is_none() {
                    pos = line.next;
                    break;
                }
            }
        } else if mark.is_none()
            && let Some(r) = response.as_mut()
            && r.body.is_none()
        {
            let end = body_end(text, pos, !r.headers.is_empty(), r.status < 400);
            if end > pos {
                r.body = Some((pos, end));
                pos = end;
            }
            break;
        } else if mark.is_none() {
            break;
        }
        pos = line.next;
    }
    flush(&mut pieces, &mut request, &mut response, text);
    Some((pieces, pos.max(line_at(text, start).next)))
}

/// Jenkins' branch sources say when they scan without a credential: `Connecting to
/// https://bitbucket.org with no credentials, anonymous access`. The calls after it go out
/// without one.
pub fn anonymous_connection(line: &str) -> Option<Sent> {
    // The line's end first: this is asked of many lines.
    let head =
        crate::evidence::trim_end(line).strip_suffix(" with no credentials, anonymous access")?;
    let target = &head[head.rfind("Connecting to ")? + "Connecting to ".len()..];
    if !target.starts_with("http") || target.contains(' ') {
        return None;
    }
    let (clean, _) = url::clean(target);
    Some(Sent {
        request: Request {
            method: "GET".into(),
            url: clean,
            auth: None,
            auth_unseen: false,
        },
        source: "log",
    })
}

/// Python's `http.client` debug output (`HTTPConnection.debuglevel = 1`, how users of
/// `requests` see what they send), each message escaped onto one line:
/// `send: b'GET /2.0/… HTTP/1.1\r\nHost: …\r\nAuthorization: …\r\n\r\n'` and
/// `reply: 'HTTP/1.1 401 Unauthorized\r\n'`.
pub fn python_debug(line: &str) -> Option<Vec<Piece>> {
    let t = line.trim();
    let inner = t
        .strip_prefix("send: b")
        .or_else(|| t.strip_prefix("reply: "))?;
    let quote = inner.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let inner = &inner[1..];
    let inner = inner.strip_suffix(quote).unwrap_or(inner);
    let raw = inner.replace("\\r\\n", "\n").replace("\\n", "\n");
    transcript(&raw, 0).map(|(pieces, _)| pieces)
}

fn flush(
    pieces: &mut Vec<Piece>,
    request: &mut Option<RequestParts>,
    response: &mut Option<ResponseParts>,
    text: &str,
) {
    flush_request(pieces, request);
    flush_response(pieces, response, text);
}

fn flush_request(pieces: &mut Vec<Piece>, request: &mut Option<RequestParts>) {
    let Some(r) = request.take() else { return };
    let raw_url = if r.target.contains("://") {
        r.target
    } else {
        match r.host {
            Some(host) => format!("https://{}{}", host.trim(), r.target),
            None => r.target,
        }
    };
    let (clean, _) = url::clean(&raw_url);
    // A template engine's marker (`{{ .Values.token }}`, `{{bb_token}}`) in a header the client
    // printed as it sent it: no one masks a token with a template's syntax.
    let template = r.authorization.as_deref().is_some_and(|v| {
        let secret = v
            .trim()
            .split_once(char::is_whitespace)
            .map_or(v, |(_, s)| s);
        let secret = secret.trim();
        secret.starts_with("{{") && secret.ends_with("}}")
    });
    let mut auth = r
        .authorization
        .map(|value| sent_auth(&parse_authorization(&value), &[]));
    if let Some(p) = auth
        .as_mut()
        .and_then(|a| a.placeholder.as_mut())
        .filter(|p| template && !p.mask)
    {
        p.literal = true;
    }
    pieces.push(Piece::Request(Sent {
        request: Request {
            method: r.method,
            url: clean,
            auth,
            auth_unseen: false,
        },
        source: "HTTP transcript",
    }));
}

fn flush_response(pieces: &mut Vec<Piece>, response: &mut Option<ResponseParts>, text: &str) {
    let Some(r) = response.take() else { return };
    let body_text = r.body.map_or("", |(s, e)| &text[s..e]);
    let Some(response) = body::read(body_text, Some(r.status), false, &r.headers) else {
        return;
    };
    pieces.push(Piece::Response(Answer::of(response)));
}

/// Where the body that starts at `pos` ends: a JSON value, or plain-text lines up to a blank
/// line. Plain text counts as the body only after a header block or when it is Bitbucket's own
/// message; otherwise it is the prose after a status line.
fn body_end(text: &str, pos: usize, had_headers: bool, success: bool) -> usize {
    let first = line_at(text, pos).text;
    let trimmed = first.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let open = pos + (first.len() - trimmed.len());
        return body::json_end(text, open, shell::cap_end(text, open, 64 * 1024));
    }
    let known = body::known_in(&first.to_ascii_lowercase()).is_some();
    // Plain words after a success's headers are the poster's ("Looks fine, but the clone
    // still hangs"), not a body: the API answers JSON, the website HTML; only a refusal comes
    // as plain text.
    let prose = success && !known && !trimmed.starts_with('<');
    if !(had_headers || known) || trimmed.is_empty() || prose {
        return pos;
    }
    let mut end = pos;
    for _ in 0..BODY_LINES {
        let line = line_at(text, end);
        if end >= text.len() || line.text.trim().is_empty() || (end > pos && starts_item(line.text))
        {
            break;
        }
        end = line.next;
    }
    end
}

/// A line of `curl -v`'s TLS trace: `* TLSv1.3 (IN), TLS handshake, Finished (20):`, or macOS
/// curl's `* (304) (OUT), TLS handshake, …`. curl's own account of the handshake, no server's
/// answer: its bracketed numbers are record types and lengths, never a status. (An alert, `TLS
/// alert, unknown CA`, is a failure and is read as one.)
pub fn tls_trace(trimmed: &str) -> bool {
    let Some(rest) = trimmed.strip_prefix("* ") else {
        return false;
    };
    ["(IN), TLS ", "(OUT), TLS "].iter().any(|d| {
        rest.find(d).is_some_and(|at| {
            let what = &rest[at + d.len()..];
            ["handshake", "header", "change cipher"]
                .iter()
                .any(|w| what.starts_with(w))
        })
    })
}

/// `> `, `< `, `* `, `{ `, `} ` markers of `curl -v`, and the rest of the line.
fn unmark(line: &str) -> (Option<char>, &str) {
    let t = line.trim_start();
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(m @ ('>' | '<' | '*' | '{' | '}')), Some(' ') | None) => {
            (Some(m), t[1..].trim_start())
        }
        _ => (None, t),
    }
}

/// `HTTP/1.1 401 Unauthorized`, `HTTP/2 403`: the status.
pub fn status_line(line: &str) -> Option<u16> {
    let rest = line.trim_start().strip_prefix("HTTP/")?;
    let (version, rest) = rest.split_once(' ')?;
    if version.is_empty() || !version.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    let code = rest.trim_start().get(..3)?;
    let status: u16 = code.parse().ok()?;
    let after = rest.trim_start().as_bytes().get(3);
    ((100..=599).contains(&status) && after.is_none_or(|c| !c.is_ascii_digit())).then_some(status)
}

pub(super) const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// `GET /2.0/user HTTP/1.1`: the method and the target.
fn request_line(line: &str) -> Option<(&str, &str)> {
    let mut parts = line.split_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (METHODS.contains(&method) && version.starts_with("HTTP/") && parts.next().is_none())
        .then_some((method, target))
}

/// `Name: value` with a token name.
fn header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    ok.then(|| (name, value.trim()))
}

/// A line that is only an `Authorization: …` header, as sent (its value read as a shell would
/// read it inside double quotes, since it is usually copied from a script).
pub fn authorization_line(line: &str, env: &Env) -> Option<Sent> {
    let t = line.trim();
    // A logger's tag and level before it: `[sync] Authorization: …`, `DEBUG Authorization: …`.
    let t = &t[super::paste::log_lead(t)..];
    let t = t.trim_start_matches(['-', '*', '>', ' ']);
    let (name, value) = t.split_once(':')?;
    let name = name.trim().trim_matches(['"', '\'']);
    if !name.eq_ignore_ascii_case("authorization") {
        return None;
    }
    let value = value
        .trim()
        .trim_end_matches(',')
        .trim_matches(['"', '\'', '`']);
    if value.is_empty() {
        return None;
    }
    let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let word = shell::command(&quoted, 0).words.into_iter().next()?;
    let mut v = env.value(&word);
    v.text.truncate(header_end(&v));
    let auth = sent_auth(&parse_authorization(&v.text), &v.refs);
    Some(Sent {
        request: Request {
            method: "GET".into(),
            url: String::new(),
            auth: Some(auth),
            auth_unseen: false,
        },
        source: "header",
    })
}

/// An `Authorization` header a log prints inside a structure, as sent: Go's `%+v` of a
/// request (`Header:map[Accept:[…] Authorization:[Bearer …]]`), a logfmt field
/// (`header.Authorization="…"`), a HAR entry (`{"name": "authorization", "value": "…"}`).
pub fn authorization_field(line: &str, env: &Env) -> Option<Sent> {
    let at = line
        .as_bytes()
        .windows(13)
        .position(|w| w.eq_ignore_ascii_case(b"authorization"))?;
    let (before, after) = (&line[..at], &line[at + 13..]);
    let value = if let Some(rest) = after.strip_prefix(":[") {
        // Go prints a header's values as a list: `Authorization:[Bearer x]`.
        if !before.contains("map[") {
            return None;
        }
        &rest[..rest.find(']')?]
    } else if let Some(rest) = after.strip_prefix('=') {
        // logfmt: a key of its own (`authorization=`, `header.Authorization=`), then a value.
        if !(before.is_empty() || before.ends_with([' ', '.', '\t'])) || !before.contains('=') {
            return None;
        }
        match rest.strip_prefix('"') {
            Some(q) => &q[..q.find('"')?],
            None => rest.split_whitespace().next()?,
        }
    } else if after.starts_with('"') && before.trim_end().ends_with("\"name\": \"") {
        // A HAR entry: the value is in the same object's `"value"`.
        let rest = &after[after.find("\"value\"")? + 7..];
        let rest = rest
            .trim_start()
            .strip_prefix(':')?
            .trim_start()
            .strip_prefix('"')?;
        &rest[..rest.find('"')?]
    } else {
        return None;
    };
    authorization_line(&format!("Authorization: {value}"), env).map(|sent| Sent {
        source: "log",
        ..sent
    })
}

/// Where a header value written in prose ends: after the scheme word and the credential,
/// before the words that follow them ("`{api_token}` (there is no documentation…)"), unless
/// those words belong to a stand-in for a command's output.
fn header_end(v: &Value) -> usize {
    let text = v.text.as_str();
    let first = text.split_whitespace().next().unwrap_or("");
    let scheme = first.len() <= 16 && first.bytes().all(|c| c.is_ascii_alphabetic());
    let keep = if scheme { 2 } else { 1 };
    let mut end = text.split_whitespace().take(keep).last().map_or(0, |w| {
        w.as_ptr() as usize - text.as_ptr() as usize + w.len()
    });
    // A stand-in of several words (`<api token>`, `{your app password}`) is one credential.
    if let Some(w) = text[..end].split_whitespace().last()
        && let Some(close) = match w.as_bytes()[0] {
            b'<' => Some('>'),
            b'{' => Some('}'),
            b'[' => Some(']'),
            _ => None,
        }
        && !w.contains(close)
        && let Some(p) = text[end..].find(close).filter(|&p| p <= 40)
    {
        end += p + 1;
    }
    let in_ref = v.refs.iter().any(|r| {
        text.match_indices(r.text.as_str())
            .any(|(at, m)| at < end && at + m.len() > end)
    });
    if in_ref || end == 0 { text.len() } else { end }
}

/// A tool's request log line: `--> GET https://…`, `>> GET /2.0/…`, `…: PUT https://… 500`.
/// A relative target (`/2.0/…`) counts only at the line's start (after arrows); an absolute
/// URL anywhere. Returns the request, the status a log prints right after the URL, and where
/// the URL ends in the line.
pub fn logged_request(line: &str) -> Option<(Sent, Option<u16>, usize)> {
    // Most lines name no method: one pass of an automaton rules them out.
    static NAMED: super::phrases::Phrases = super::phrases::Phrases::new(METHODS);
    NAMED.first_in(line)?;
    let mut words = line
        .split_ascii_whitespace()
        .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
        .peekable();
    // Whether a letter or digit came before the word, kept as the words go by: asking the
    // line's prefix for each word reads a long line once per word (minutes for 4 MiB).
    let mut alnum_before = false;
    // urllib3's debug log (Python requests) names the server first, then the request line:
    // `https://api.bitbucket.org:443 "GET /2.0/user HTTP/1.1" 401 None`.
    let mut server: Option<&str> = None;
    let (method, target, end) = loop {
        let (_, word) = words.next()?;
        let at_start = !alnum_before;
        alnum_before |= word.bytes().any(|c| c.is_ascii_alphanumeric());
        let origin = crate::evidence::split_once_str(word, "://")
            .is_some_and(|(_, rest)| !rest.contains('/'));
        let word = word.trim_start_matches(['`', '"', '\'']);
        let &(target_at, target) = words.peek()?;
        if !METHODS.contains(&word) {
            server = origin.then_some(word);
            continue;
        }
        let target = target.trim_end_matches(['`', '"', '\'', ',', '.', ')', ':']);
        let absolute = target.starts_with("http://") || target.starts_with("https://");
        let relative = target.starts_with('/') && target.len() > 1;
        if absolute || (relative && (at_start || server.is_some())) {
            break (word, target, target_at + target.len());
        }
        server = None;
    };
    let joined;
    let target = match server.filter(|_| target.starts_with('/')) {
        Some(origin) => {
            // The default port is the scheme's: `https://host:443` is `https://host`.
            let origin = origin.trim_end_matches(":443").trim_end_matches(":80");
            joined = format!("{origin}{target}");
            joined.as_str()
        }
        None => target,
    };
    let (clean, _) = url::clean(target);
    let mut after = line[end..].trim_start();
    if let Some(rest) = after.strip_prefix("HTTP/") {
        // The protocol closes urllib3's quoted request line.
        after = rest
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r.trim_start());
    }
    // `GET URL: 410 Gone` (Go's errors), `GET URL -> 403`, `GET URL => 429`.
    let after = after.trim_start_matches([':', '-', '=', '>', '→', '|', ' ']);
    let status = after
        .get(..3)
        .filter(|n| n.bytes().all(|c| c.is_ascii_digit()))
        .filter(|_| {
            after
                .as_bytes()
                .get(3)
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        })
        .and_then(|n| n.parse().ok())
        .filter(|n| (200..=599).contains(n));
    let sent = Sent {
        request: Request {
            method: method.into(),
            url: scrub::text(&clean).into_owned(),
            auth: None,
            auth_unseen: true,
        },
        source: "log",
    };
    Some((sent, status, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<Piece> {
        transcript(text, 0).unwrap().0
    }

    #[test]
    fn curls_tls_trace_is_no_answer() {
        assert!(tls_trace("* (304) (IN), TLS handshake, Finished (20):"));
        assert!(tls_trace(
            "* TLSv1.3 (OUT), TLS handshake, Client hello (1):"
        ));
        assert!(tls_trace(
            "* TLSv1.2 (IN), TLS header, Certificate Status (22):"
        ));
        assert!(!tls_trace("* TLSv1.3 (IN), TLS alert, unknown CA (560):"));
        assert!(!tls_trace("* We get (403) from the API"));
    }

    #[test]
    fn reads_urllib3_debug_lines() {
        let (sent, status, _) = logged_request(
            "https://api.bitbucket.org:443 \"GET /2.0/repositories/acme/widgets/pullrequests/?page=2/ HTTP/1.1\" 400 55",
        )
        .unwrap();
        assert_eq!(sent.request.method, "GET");
        assert_eq!(
            sent.request.url,
            "https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests/?page=2/"
        );
        assert_eq!(status, Some(400));
        // The separators logs put between the URL and its status.
        for line in [
            "msg=\"list: GET https://api.bitbucket.org/2.0/user/permissions/workspaces: 410 Gone\"",
            "ERROR bitbucket: GET https://api.bitbucket.org/2.0/repositories/a/b -> 410",
            "GET https://api.bitbucket.org/2.0/repositories/a/b => 410 (Gone)",
        ] {
            assert_eq!(logged_request(line).unwrap().1, Some(410), "{line}");
        }
        // A port or a count after the URL's colon is no status.
        assert_eq!(
            logged_request("GET https://api.bitbucket.org/2.0/user: took 1200 ms")
                .unwrap()
                .1,
            None
        );
        // A relative path after words that name no server is no request.
        assert!(logged_request("see the docs: GET /2.0/user for details").is_none());
    }

    #[test]
    fn reads_a_curl_verbose_transcript() {
        let t = "> GET /2.0/repositories/acme/widgets HTTP/1.1\n> Host: api.bitbucket.org\n\
                 > Authorization: Basic cGF0QGV4YW1wbGUuY29tOnRvaw==\n>\n< HTTP/2 401\n\
                 < www-authenticate: Basic realm=\"Bitbucket.org HTTP\"\n<\n\
                 Login failed due to incorrect login credentials or method.\n\nprose";
        let p = pieces(t);
        let Piece::Request(s) = &p[0] else {
            panic!("{p:?}")
        };
        assert_eq!(
            s.request.url,
            "https://api.bitbucket.org/2.0/repositories/acme/widgets"
        );
        let auth = s.request.auth.as_ref().unwrap();
        assert_eq!(auth.login.as_deref(), Some("pat@example.com"));
        let Piece::Response(a) = &p[1] else {
            panic!("{p:?}")
        };
        assert_eq!(a.response.status, 401);
        assert!(a.response.says("login failed"));
        assert_eq!(
            a.response.header("www-authenticate"),
            Some("Basic realm=\"Bitbucket.org HTTP\"")
        );
    }

    #[test]
    fn reads_curl_i_output_with_a_scope_body() {
        let t = "HTTP/2 403\ncontent-type: application/json\nx-oauth-scopes: repository\n\n\
                 {\"type\": \"error\", \"error\": {\"message\": \"Your credentials lack one or more required privilege scopes.\", \"detail\": {\"required\": [\"read:user:bitbucket\"], \"granted\": [\"read:repository:bitbucket\"]}}}\n";
        let p = pieces(t);
        let Piece::Response(a) = &p[0] else {
            panic!("{p:?}")
        };
        assert_eq!(a.response.status, 403);
        assert_eq!(a.response.required, ["read:user:bitbucket"]);
        assert_eq!(a.response.granted, ["read:repository:bitbucket"]);
        assert_eq!(a.response.header_scopes("x-oauth-scopes"), ["repository"]);
    }

    #[test]
    fn a_bare_status_line_does_not_take_the_prose_after_it() {
        let (p, end) =
            transcript("HTTP/1.1 429 Unknown Status Code\n\nI waited an hour", 0).unwrap();
        let Piece::Response(a) = &p[0] else {
            panic!("{p:?}")
        };
        assert_eq!(
            (a.response.status, a.response.message.as_deref()),
            (429, None)
        );
        assert!(end <= "HTTP/1.1 429 Unknown Status Code\n\n".len());
    }

    #[test]
    fn reads_header_and_log_lines() {
        let s =
            authorization_line("Authorization: bearer {access_token}", &Env::default()).unwrap();
        assert_eq!(s.request.auth.unwrap().scheme.as_deref(), Some("bearer"));
        let (s, status, _) = logged_request("--> GET https://api.bitbucket.org/user").unwrap();
        assert_eq!(
            (s.request.url.as_str(), status),
            ("https://api.bitbucket.org/user", None)
        );
        let line = "rb:16:in `on_complete': PUT https://api.bitbucket.org/2.0/x 500 {";
        let (s, status, _) = logged_request(line).unwrap();
        assert_eq!((s.request.method.as_str(), status), ("PUT", Some(500)));
        let (s, _, _) = logged_request("--> GET /2.0/user`, which").unwrap();
        assert_eq!(s.request.url, "/2.0/user");
        assert!(logged_request("`probeAuth` calls `GET /2.0/user`, which").is_none());
        let line = "Authorization: {api_token} (There is no documentation, but it works.)";
        let s = authorization_line(line, &Env::default()).unwrap();
        assert_eq!(s.request.auth.unwrap().redacted, "{api_token}");
        // A stand-in of several words is one, of the kind it names, not a 4-character secret.
        let s = authorization_line("Authorization: Bearer <api token>", &Env::default()).unwrap();
        let auth = s.request.auth.unwrap();
        assert_eq!(auth.redacted, "Bearer <api token>");
        assert_eq!(auth.kind, crate::credential::Kind::ApiToken);
        let line = "Authorization: Basic {your base64 of email:token} and nothing works";
        let s = authorization_line(line, &Env::default()).unwrap();
        assert!(s.request.auth.unwrap().placeholder.is_some());
        assert!(logged_request("facing issue to GET PRIVATE REPOSITORY").is_none());
        assert_eq!(status_line("HTTP/1.1 429 Unknown Status Code"), Some(429));
        assert_eq!(status_line("HTTP/2 401"), Some(401));
        assert_eq!(status_line("HTTP/1.1 4011"), None);
    }
}
