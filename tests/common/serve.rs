//! The red team's canned hostile servers (`serve.py` of issue 16, round 2), in Rust so that the
//! tests need no python: each mode answers as the script's does, on loopback, and records every
//! request head with the credential it carried. Stops when dropped.

use super::hostile::{Answer, Stub, header_of};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How a [`serve`] server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 404 anonymous, 401 to any credential (a private repository, a bad secret).
    Bitbucketish,
    /// 401 whose JSON message quotes the secret as Python's `json.dumps` writes it: quotes,
    /// backslashes and every non-ASCII character escaped.
    EchoJsonDumps,
    /// 401 whose JSON message quotes the secret with every character `\u`-escaped.
    EchoJsonU,
    /// 401 whose JSON message quotes the secret as it is.
    EchoRaw,
    /// 401 whose JSON message quotes the first half of the secret.
    EchoHalf,
    /// 401 with `Location: https://id.example.com/login?token=<URL-encoded secret>`.
    EchoLocation,
    /// 401 with `WWW-Authenticate: Basic realm="<base64 of the secret alone>"`.
    EchoB64,
    /// 200 to `/2.0/user` whose `username` and `display_name` are the secret, JSON-escaped;
    /// 401 elsewhere.
    EchoUser,
    /// 200 text/html, a 40 KB "Sign in" page, on every request.
    Sso40k,
    /// 200 application/json cut short after 40 KB, on every request.
    JsonCut40k,
    /// 302 to https://sso.example.com/login on every request.
    RedirectSso,
    /// 404 anonymous; 401 to credentials with an obs-folded `WWW-Authenticate` (a client
    /// cannot parse it).
    ObsFold401,
    /// 404 anonymous; a credential is read, then the connection closes without an answer.
    CloseAfterCredential,
}

/// The secret a request head carries: the password of Basic, the token of any other scheme.
pub fn secret_of(head: &str) -> Option<String> {
    let auth = header_of(head, "authorization")?;
    match auth.split_once(' ') {
        Some((scheme, payload)) if scheme.eq_ignore_ascii_case("basic") => {
            let decoded = STANDARD.decode(payload.trim()).ok()?;
            let text = String::from_utf8(decoded).ok()?;
            Some(
                text.split_once(':')
                    .map_or(text.clone(), |(_, s)| s.to_string()),
            )
        }
        Some((_, token)) => Some(token.to_string()),
        None => Some(auth.to_string()),
    }
}

/// Python's `json.dumps(s)[1:-1]`: `"` and `\` escaped, and every character outside ASCII
/// (or a control character) as `\uXXXX`, astral ones as surrogate pairs.
pub fn json_dumps(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() && !c.is_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out
}

/// Every character as `\uXXXX`.
pub fn json_every_u(s: &str) -> String {
    s.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()
}

/// `urllib.parse.quote(s, safe="")`.
pub fn url_quote(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A response as `serve.py` writes one: the status, the headers, a Content-Length, and no
/// `Connection: close` (the connection is closed all the same).
pub fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out.into_bytes()
}

fn error(message: &str) -> Vec<u8> {
    resp(
        401,
        &[("Content-Type", "application/json")],
        &format!("{{\"type\": \"error\", \"error\": {{\"message\": \"{message}\"}}}}"),
    )
}

fn not_found() -> Vec<u8> {
    resp(
        404,
        &[("Content-Type", "application/json")],
        r#"{"type": "error", "error": {"message": "Repository not found"}}"#,
    )
}

fn sign_in_page() -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><title>Sign in - Corporate SSO</title></head><body>",
    );
    for _ in 0..700 {
        page.push_str("<div>By signing in you agree to the acceptable use policy.</div>\n");
    }
    page + "</body></html>"
}

/// The answer of `mode` to a request head.
pub fn answer(mode: Mode, head: &str) -> Answer {
    let bytes = match mode {
        Mode::Sso40k => resp(
            200,
            &[("Content-Type", "text/html; charset=utf-8")],
            &sign_in_page(),
        ),
        Mode::JsonCut40k => {
            let mut body = String::from(r#"{"type": "repository", "is_private": true, "description": ""#);
            body.push_str(&"a".repeat(40 * 1024));
            resp(200, &[("Content-Type", "application/json")], &body)
        }
        Mode::RedirectSso => resp(
            302,
            &[
                ("Location", "https://sso.example.com/login"),
                ("Content-Type", "text/html"),
            ],
            "<a>moved</a>",
        ),
        _ => match secret_of(head) {
            None => not_found(),
            Some(s) => match mode {
                Mode::EchoJsonDumps => error(&format!("Login failed for token {}", json_dumps(&s))),
                Mode::EchoJsonU => error(&format!("Login failed for token {}", json_every_u(&s))),
                Mode::EchoRaw => error(&format!("Login failed for token {s}")),
                Mode::EchoHalf => {
                    let half: String = s.chars().take(s.chars().count() / 2).collect();
                    error(&format!("Login failed for token starting {half}"))
                }
                Mode::EchoLocation => resp(
                    401,
                    &[(
                        "Location",
                        &format!("https://id.example.com/login?token={}", url_quote(&s)),
                    )],
                    "",
                ),
                Mode::EchoB64 => resp(
                    401,
                    &[(
                        "WWW-Authenticate",
                        &format!("Basic realm=\"{}\"", STANDARD.encode(&s)),
                    )],
                    "",
                ),
                Mode::EchoUser if head.contains("/2.0/user ") => resp(
                    200,
                    &[("Content-Type", "application/json")],
                    &format!(
                        "{{\"type\": \"user\", \"username\": \"{0}\", \"display_name\": \"{0}\", \"account_id\": \"1\"}}",
                        json_dumps(&s)
                    ),
                ),
                Mode::ObsFold401 => b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"Bitbucket.org HTTP\"\r\nContent-Length: 0\r\n\r\n".to_vec(),
                Mode::CloseAfterCredential => Vec::new(),
                _ => error("Invalid credentials"),
            },
        },
    };
    Answer::Bytes(bytes)
}

/// A loopback server in `mode`.
pub fn serve(mode: Mode) -> Stub {
    Stub::start(move |head| answer(mode, head))
}

/// The credentials a server received, one per request that carried one.
pub fn credentials(stub: &Stub) -> Vec<String> {
    stub.seen().iter().filter_map(|h| secret_of(h)).collect()
}

/// `close-no-notice` made certain: every connection is kept alive after its first answer
/// (401 to a credential, 404 anonymous or for a repository; no `Connection: close`), and a second request on it
/// finds it closed without an answer, as when the server's idle timeout fires just as the
/// client reuses the connection.
pub struct KeepAliveThenClose {
    pub addr: std::net::SocketAddr,
    /// The request lines answered, and those dropped on a reused connection.
    pub answered: Arc<Mutex<Vec<String>>>,
    pub dropped: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl KeepAliveThenClose {
    pub fn start() -> KeepAliveThenClose {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let answered = Arc::new(Mutex::new(Vec::new()));
        let dropped = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (a, d, s) = (answered.clone(), dropped.clone(), stop.clone());
        thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let Ok((stream, _)) = listener.accept() else {
                    thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let (a, d) = (a.clone(), d.clone());
                thread::spawn(move || keep_alive_once(stream, &a, &d));
            }
        });
        KeepAliveThenClose {
            addr,
            answered,
            dropped,
            stop,
        }
    }
}

impl Drop for KeepAliveThenClose {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

fn keep_alive_once(
    mut stream: TcpStream,
    answered: &Mutex<Vec<String>>,
    dropped: &Mutex<Vec<String>>,
) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let line = head.lines().next().unwrap_or("").to_string();
    // A repository answers 404 to the credential too, so the check has a question for a second
    // round (does the workspace exist?), which goes out on a pooled connection.
    let bytes = match secret_of(&head) {
        Some(_) if line.contains("/repositories/") => not_found(),
        Some(_) => error("Invalid credentials"),
        None => not_found(),
    };
    if stream.write_all(&bytes).is_err() {
        return;
    }
    answered.lock().unwrap().push(line);
    // Kept open; the next request on it is dropped, the connection closed under it.
    if let Some(next) = read_head(&mut stream) {
        dropped
            .lock()
            .unwrap()
            .push(next.lines().next().unwrap_or("").to_string());
    }
}

/// A forward proxy that records what it was asked (`CONNECT host:port`, or a plain request)
/// and, inside a tunnel, the request it carried; it answers 401 inside the tunnel.
pub struct Proxy {
    pub addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    pub fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, s) = (seen.clone(), stop.clone());
        thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let Ok((mut stream, _)) = listener.accept() else {
                    thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let log = log.clone();
                thread::spawn(move || {
                    stream.set_nonblocking(false).ok();
                    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
                    let Some(head) = read_head(&mut stream) else {
                        return;
                    };
                    log.lock().unwrap().push(head.clone());
                    if head.starts_with("CONNECT") {
                        let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                        if let Some(inner) = read_head(&mut stream) {
                            log.lock().unwrap().push(inner);
                            let _ = stream.write_all(&error("Invalid credentials"));
                        }
                    } else {
                        let _ = stream.write_all(&error("Invalid credentials"));
                    }
                });
            }
        });
        Proxy { addr, seen, stop }
    }

    /// Every request head it received, tunnelled ones included.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
