//! Just enough HTTP/1.1 for the simulator: read one request head, write one response.
//!
//! The simulator speaks HTTP over plain `std::net` sockets rather than through a server crate
//! because its faults need the raw connection: close it without a word (`reset`), send headers
//! and stall (`stall_body`), never answer (`hang`). Every response closes the connection
//! (`Connection: close`), which curl, git and ureq all handle; that keeps the server free of
//! keep-alive state. A request that cannot be parsed gets a 400, never a panic.

use std::io::{self, Read, Write};
use std::net::IpAddr;

use super::json::Json;

/// Longest request head accepted (request line and headers).
const MAX_HEAD: usize = 64 * 1024;
/// Longest request body drained before answering (GET and HEAD have none; others are refused).
const MAX_DRAIN: u64 = 1024 * 1024;

/// One parsed request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub peer: IpAddr,
    /// The body, up to [`MAX_DRAIN`] bytes (git's upload-pack requests; gzip undone).
    pub body: Vec<u8>,
}

impl Request {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// The value of a query parameter (no percent-decoding beyond `%22` and `+`, which is all
    /// the simulator's filters need).
    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then(|| percent_decode(v))
        })
    }
}

/// A query value: form encoding (`+` is a space), then the crate's one percent-decoder.
fn percent_decode(text: &str) -> String {
    crate::credential::percent_decode(&text.replace('+', " "))
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The client closed or timed out before sending a whole head.
    Closed,
    /// Not HTTP/1.x: answer 400.
    Malformed,
}

/// Reads one request head (and drains a small body) from the connection.
pub fn read_request(stream: &mut impl Read, peer: IpAddr) -> Result<Request, ReadError> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        let n = stream.read(&mut buf).map_err(|_| ReadError::Closed)?;
        if n == 0 {
            return Err(if head.is_empty() {
                ReadError::Closed
            } else {
                ReadError::Malformed // closed inside the request head
            });
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find(&head, b"\r\n\r\n") {
            break end;
        }
        if head.len() > MAX_HEAD {
            return Err(ReadError::Malformed); // head too large
        }
    };
    let text = String::from_utf8_lossy(&head[..end]).into_owned();
    let mut request = parse_head(&text, peer)?;
    // Read a declared body (which also keeps closing the socket from resetting the connection
    // under the client's feet before it reads the answer).
    let declared = request
        .header("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0)
        .min(MAX_DRAIN);
    let mut body = head[end + 4..].to_vec();
    body.truncate(declared as usize);
    let remaining = declared.saturating_sub(body.len() as u64);
    let _ = stream.take(remaining).read_to_end(&mut body);
    // git compresses an upload-pack request over 1 KiB.
    if request
        .header("content-encoding")
        .is_some_and(|e| e.eq_ignore_ascii_case("gzip"))
    {
        let mut plain = Vec::new();
        let decoder = flate2::read::GzDecoder::new(body.as_slice());
        if decoder.take(MAX_DRAIN).read_to_end(&mut plain).is_err() {
            return Err(ReadError::Malformed);
        }
        body = plain;
    }
    request.body = body;
    Ok(request)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(text: &str, peer: IpAddr) -> Result<Request, ReadError> {
    // The reason is for the reader of this code; the client gets a plain 400.
    let bad = |_why: &str| ReadError::Malformed;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("bad request line"));
    };
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return Err(bad("bad method"));
    }
    if !target.starts_with('/') {
        return Err(bad("request target must be a path"));
    }
    if !version.starts_with("HTTP/1.") {
        return Err(bad("not HTTP/1.x"));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad("header without a colon"));
        };
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(bad("bad header name"));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        peer,
        body: Vec::new(),
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// One response, written whole (or on purpose in part, by a fault).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON body, written with Bitbucket's separators.
    pub fn json(status: u16, body: &Json) -> Response {
        Response::new(status)
            .header("Content-Type", "application/json; charset=utf-8")
            .body(body.render())
    }

    /// A plain-text body (`text/plain`, which git prints as `remote:` lines).
    pub fn text(status: u16, body: &str) -> Response {
        Response::new(status)
            .header("Content-Type", "text/plain; charset=utf-8")
            .body(body)
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }
}

/// Writes the status line and headers, with `Content-Length` for `body_len`.
pub fn write_head(
    out: &mut impl Write,
    response: &Response,
    date: &str,
    body_len: usize,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    head.push_str(&format!("Date: {date}\r\nServer: AtlassianEdge\r\n"));
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {body_len}\r\nConnection: close\r\n\r\n"
    ));
    out.write_all(head.as_bytes())
}

/// Writes a whole response; HEAD gets the headers of the GET answer and no body.
pub fn write_response(
    out: &mut impl Write,
    response: &Response,
    date: &str,
    head_only: bool,
) -> io::Result<()> {
    write_head(out, response, date, response.body.len())?;
    if !head_only {
        out.write_all(&response.body)?;
    }
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown Status Code",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn read(raw: &str) -> Result<Request, ReadError> {
        read_request(&mut raw.as_bytes(), Ipv4Addr::LOCALHOST.into())
    }

    #[test]
    fn parses_a_request() {
        let req = read("GET /2.0/user?q=repository.full_name%3D%22acme%2Fwidgets%22 HTTP/1.1\r\nHost: x\r\nAuthorization:  Basic abc \r\n\r\n").unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(req.path(), "/2.0/user");
        assert_eq!(req.header("authorization"), Some("Basic abc"));
        assert_eq!(
            req.query("q").as_deref(),
            Some("repository.full_name=\"acme/widgets\"")
        );
        assert_eq!(req.query("missing"), None);
    }

    #[test]
    fn malformed_requests_are_errors_not_panics() {
        for raw in [
            "GARBAGE\r\n\r\n",
            "GET nopath HTTP/1.1\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost",
        ] {
            assert!(matches!(read(raw), Err(ReadError::Malformed)), "{raw:?}");
        }
        assert!(matches!(read(""), Err(ReadError::Closed)));
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn writes_head_only_for_head() {
        let mut out = Vec::new();
        let r = Response::text(401, "no");
        write_response(&mut out, &r, "Tue, 28 Jul 2026 00:00:00 GMT", true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 401 Unauthorized\r\nDate: Tue, 28 Jul 2026"));
        assert!(text.contains("Content-Length: 2\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
