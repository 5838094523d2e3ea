//! Response bodies as pasted: Bitbucket's JSON error envelope (compact, pretty-printed, cut,
//! escaped inside a tool's own JSON, or with its braces lost), its plain-text messages, and the
//! status a tool printed around them ("401 Unauthorized", `Response [401]`, "returned error:
//! 403"). When the text shows no status, Bitbucket's message implies one.
//!
//! Every message recognised here is one of Bitbucket's, in [`crate::bitbucket::MESSAGES`].

use super::phrases::{Phrases, Row};
use super::scrub;
use crate::bitbucket::{MESSAGES, Message};
use crate::evidence::Response;

/// The first known message in `lower` (lower-case text). (Asked several times of one
/// response's message and body as it is read: the last answers are kept.)
pub fn known_in(lower: &str) -> Option<&'static Message> {
    static NEEDLES: Phrases<Message> = Phrases::new(MESSAGES);
    thread_local! {
        static READ: std::cell::RefCell<crate::needles::Recent<Option<&'static Message>>> =
            const { std::cell::RefCell::new(crate::needles::Recent::new()) };
    }
    READ.with_borrow_mut(|r| r.get(lower, |lower| NEEDLES.first_in(lower)))
}

impl Row for Message {
    fn phrase(&self) -> &'static str {
        self.needle
    }
}

/// Standard reason phrases a tool prints after the number (RFC 9110), lower case.
const REASONS: &[(u16, &str)] = &[
    (200, "ok"),
    (201, "created"),
    (204, "no content"),
    (301, "moved permanently"),
    (302, "found"),
    (400, "bad request"),
    (401, "unauthorized"),
    (403, "forbidden"),
    (404, "not found"),
    (405, "method not allowed"),
    (407, "proxy authentication required"),
    (410, "gone"),
    (429, "too many requests"),
    (429, "unknown status code"),
    (500, "internal server error"),
    (502, "bad gateway"),
    (503, "service unavailable"),
    (504, "gateway timeout"),
];

/// Words a tool or a person puts before a status number (lower case).
const LEADS: &[&str] = &[
    "http error",
    "http status",
    "status code",
    "statuscode",
    "status_code",
    "status of",
    "status",
    "response code",
    "response",
    "returned error",
    "error code",
    "error",
    "http",
    "fails with",
    "failed with",
    "fail with",
    "got",
    "getting",
    "geting",
    "throws",
    "gives",
    "code",
];

/// Verbs that report a status without an article ("Bitbucket API returned 401 for https://…"),
/// but also a count ("returned 200 items"): a status only when no other noun follows.
const VERB_LEADS: &[&str] = &[
    "get",
    "gets",
    "returned",
    "returns",
    "responded with",
    "responds with",
    "answered with",
];

/// Words after a number that keep it a status after a verb lead: "returned 401 for …".
const AFTER_VERB: &[&str] = &[
    "for", "on", "from", "when", "with", "to", "and", "but", "error", "status", "response", "code",
];

/// Verbs that report a status only with an article: "users get a 403", "receive a 401".
const ARTICLE_LEADS: &[&str] = &[
    "get", "gets", "got", "getting", "receive", "receives", "received", "return", "returns",
    "returned", "give", "gives", "throws",
];

/// Words a tool puts after a status number: "401 http code", "403 status code".
const TRAILS: &[&str] = &["http code", "http status", "status code", "http error"];

/// Tools' own words for a status, with no number (fact sheet §4, end).
pub(super) static WORDED: Phrases<(&str, u16)> = Phrases::new(&[
    ("credentials refused", 401),
    ("your vcs provider has rate limited you", 429),
    ("authentication failed", 401),
    // Tools' words for a refused login (Renovate's "Authentication failure", HTTP clients'
    // "Bad credentials"): a 401 whose cause they do not tell. Not "not authorized": API
    // documentation says it of a 403 as well.
    ("authentication failure", 401),
    ("invalid credentials", 401),
    ("bad credentials", 401),
    ("error: unauthorized", 401),
    ("error: forbidden", 403),
    // .NET's HttpStatusCode names, as C# tools print them ("…contents: BadGateway").
    ("badgateway", 502),
    ("serviceunavailable", 503),
    ("gatewaytimeout", 504),
    ("internalservererror", 500),
    ("toomanyrequests", 429),
    // A status as an exception's class: Faraday::UnauthorizedError, BitBucket::Error::
    // Unauthorized (bitbucket_rest_api), Spring's HttpClientErrorException$Forbidden.
    ("unauthorizederror", 401),
    ("unauthorizedexception", 401),
    ("error::unauthorized", 401),
    ("exception$unauthorized", 401),
    ("forbiddenerror", 403),
    ("forbiddenexception", 403),
    ("error::forbidden", 403),
    ("exception$forbidden", 403),
]);

/// The HTTP status a tool or person reports in `lower` (one line, lower-case): the last one
/// on the line, since "expected 200 OK, got: 401 Unauthorized" ends with the answer.
pub fn status_in(lower: &str) -> Option<u16> {
    number_in(lower).or_else(|| worded_in(lower))
}

/// The failure status after the last arrow of a line that names a request: people write what
/// a call gave as `GET URL with email:token → **401**`. Asked only of such lines: elsewhere an
/// arrow before a number is any change ("timeout 100 -> 300"). A success is not read this way:
/// the table it stands in often holds the failures in forms no reader knows, and a success
/// read alone would make the whole text `ok`.
pub fn arrow_status(lower: &str) -> Option<u16> {
    let at = ["→", "->", "=>", "⇒"]
        .iter()
        .filter_map(|a| lower.rfind(a).map(|i| i + a.len()))
        .max()?;
    let rest = lower[at..].trim_start_matches([' ', '*', '`', '_']);
    let digits = rest.get(..3)?;
    let ends = rest
        .as_bytes()
        .get(3)
        .is_none_or(|c| !c.is_ascii_alphanumeric());
    let n: u16 = digits
        .parse()
        .ok()
        .filter(|_| ends && digits.bytes().all(|c| c.is_ascii_digit()))?;
    (400..=599).contains(&n).then_some(n)
}

/// [`status_in`] as a number.
pub fn number_in(lower: &str) -> Option<u16> {
    let b = lower.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i + 3 <= b.len() {
        // Most bytes are no digit: passed over, a block at a time, before the tests below.
        let Some(digit) = next_digit(b, i) else {
            break;
        };
        i = digit;
        if i + 3 > b.len() {
            break;
        }
        // A dot before the number, or one after it followed by a digit, makes it part of a
        // version or a decimal ("1.404.2"); a dot after it alone ends a sentence.
        let decimal_after =
            b.get(i + 3) == Some(&b'.') && b.get(i + 4).is_some_and(u8::is_ascii_digit);
        let is_number = b[i..i + 3].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.')
            && b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric())
            && !decimal_after;
        if is_number {
            let n = (b[i] - b'0') as u16 * 100
                + (b[i + 1] - b'0') as u16 * 10
                + (b[i + 2] - b'0') as u16;
            if (200..=599).contains(&n)
                && !compared(lower, i)
                && (reason_follows(lower, i + 3, n)
                    || reason_precedes(lower, i, n)
                    || lead_precedes(lower, i)
                    || verb_precedes(lower, i)
                    || bracketed(b, i)
                    || body_follows(b, i))
            {
                found = Some(n);
            }
            i += 3;
        } else {
            // No number starts inside a run of digits (a digit stands before each place in
            // it): the run is passed whole (a timestamp's, a hash's), not a digit at a time.
            i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
    }
    found
}

/// Where the first ASCII digit at or after `from` stands. Every fragment of every report is
/// asked for a status, and most of its bytes are letters: 16 bytes are tested at once (a test
/// without an early exit, which the compiler makes one vector comparison), not one by one.
pub(super) fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(block) = b.get(i..i + 16) {
        if block.iter().fold(false, |any, c| any | c.is_ascii_digit()) {
            break;
        }
        i += 16;
    }
    b.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

/// [`status_in`] in words.
pub fn worded_in(lower: &str) -> Option<u16> {
    WORDED.first_in(lower).map(|(_, s)| *s)
}

/// `if r.status_code == 429`, `case 401:`: a status a program tests for, not one it got.
fn compared(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end();
    ["==", "!=", ">=", "<="]
        .iter()
        .any(|op| before.ends_with(op))
        || ends_with_word(before, "case")
}

/// `400 {"type": "error", …}`: a number that starts the line, then a JSON body, as
/// `print(r.status_code, r.text)` and `console.log(res.status, body)` print an answer.
fn body_follows(b: &[u8], at: usize) -> bool {
    let after = &b[at + 3..];
    let gap = after.iter().take_while(|c| **c == b' ').count();
    b[..at].iter().all(u8::is_ascii_whitespace) && gap > 0 && after[gap..].starts_with(b"{\"")
}

/// `[404]`, `(401)`: a number alone in brackets, as logs print a status.
fn bracketed(b: &[u8], at: usize) -> bool {
    let open = at.checked_sub(1).map(|i| b[i]);
    let close = b.get(at + 3).copied();
    match (open, close) {
        (Some(b'['), Some(b']')) => true,
        (Some(b'('), Some(b')')) => !source_line(&b[..at - 1]),
        _ => false,
    }
}

/// Whether `before` ends with a source file's name, so that a number in parentheses after it
/// is a line number: PHP's stack frame `#2 /srv/app/Client.php(429): …`, MSVC's `client.cpp(503)`.
fn source_line(before: &[u8]) -> bool {
    const SOURCES: &[&[u8]] = &[
        b".php", b".inc", b".cs", b".cpp", b".cc", b".c", b".h", b".hpp", b".vb", b".pas",
    ];
    SOURCES.iter().any(|ext| before.ends_with(ext))
}

fn reason_follows(lower: &str, at: usize, n: u16) -> bool {
    let rest = lower[at..].trim_start_matches([' ', ':', '-', '(', '`', '"', '\'']);
    // Python's requests: "401 Client Error: Unauthorized for url: …".
    let generic = rest.starts_with("client error") || rest.starts_with("server error");
    generic
        || TRAILS.iter().any(|t| rest.starts_with(t))
        || REASONS
            .iter()
            .any(|(code, reason)| *code == n && rest.starts_with(reason))
}

/// "an unauthorized (401 http code) response", "Forbidden: 403": the number's own reason
/// phrase right before it.
fn reason_precedes(lower: &str, at: usize, n: u16) -> bool {
    let before = lower[..at].trim_end_matches([' ', ':', '-', '(', '[']);
    REASONS
        .iter()
        .any(|(code, reason)| *code == n && ends_with_word(before, reason))
}

fn lead_precedes(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end_matches([' ', ':', '=', '"', '\'', '`', '[', '(', '#']);
    if LEADS.iter().any(|lead| ends_with_word(before, lead)) {
        return true;
    }
    let Some(verb) = ["a", "an"]
        .iter()
        .find(|a| ends_with_word(before, a))
        .map(|a| before[..before.len() - a.len()].trim_end())
    else {
        return false;
    };
    ARTICLE_LEADS.iter().any(|lead| ends_with_word(verb, lead))
}

fn verb_precedes(lower: &str, at: usize) -> bool {
    let before = lower[..at].trim_end_matches([' ', ':', '"', '\'', '`']);
    if !VERB_LEADS.iter().any(|lead| ends_with_word(before, lead)) {
        return false;
    }
    let after = lower[at + 3..].trim_start_matches([' ', '"', '\'', '`']);
    let word: String = after
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    word.is_empty() || AFTER_VERB.contains(&word.as_str())
}

/// `text` ends with `word`, with no letter or digit right before it.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Where the JSON value opening at `open` (a `{` or `[`) ends: its matching bracket, the
/// first blank line (a cut body), or `limit`. Strings end at their line's end, so one stray
/// quote cannot swallow the text.
pub fn json_end(text: &str, open: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let limit = limit.min(b.len());
    while i < limit {
        match b[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => {
                i += 1;
                while i < limit && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                continue_if_newline(b, &mut i);
            }
            b'\n' if blank_line_follows(b, i) || outside_json_follows(text, i) => return i,
            _ => {}
        }
        i += 1;
    }
    limit
}

/// After a string that ended at a newline, stay on the newline so it is seen as one.
fn continue_if_newline(b: &[u8], i: &mut usize) {
    if b.get(*i) == Some(&b'\n') {
        *i -= 1;
    }
}

/// The line after the newline at `nl` is a command or output: a cut body ended before it.
fn outside_json_follows(text: &str, nl: usize) -> bool {
    text.get(nl + 1..)
        .is_some_and(|rest| super::scan::starts_outside_json(rest.split('\n').next().unwrap_or("")))
}

fn blank_line_follows(b: &[u8], nl: usize) -> bool {
    let rest = &b[nl + 1..];
    let line = rest.split(|&c| c == b'\n').next().unwrap_or(&[]);
    line.iter().all(u8::is_ascii_whitespace)
}

/// What a body says, read by pattern so that cut, escaped or brace-less JSON still counts.
#[derive(Debug, Default)]
struct Recovered {
    message: Option<String>,
    detail: Option<String>,
    required: Vec<String>,
    granted: Vec<String>,
    private: Option<bool>,
    /// Keys of a success body (`"values"`, `"uuid"`, …) with no error in sight.
    success: bool,
}

/// Bitbucket's message `k` as the text writes it: the message itself where the text holds it
/// whole, else the line its needle sits on. A quote never shows words the text does not hold.
fn as_written(text: &str, lower: &str, k: &Message) -> String {
    let full = k.message.to_ascii_lowercase();
    if let Some(at) = crate::evidence::find_str(lower, &full) {
        return text[at..at + full.len()].to_string();
    }
    let at = crate::evidence::find_str(lower, k.needle).unwrap_or(0);
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
    text[start..end].trim().trim_matches('`').trim().to_string()
}

fn recover(region: &str) -> Recovered {
    // A body quoted inside a tool's JSON string: {\"type\": \"error\", …}.
    let unescaped;
    let region = if crate::evidence::contains_str(region, "\\\"") {
        unescaped = region.replace("\\\"", "\"");
        unescaped.as_str()
    } else {
        region
    };
    let messages: Vec<String> = string_values(region, "message").collect();
    let message = messages
        .iter()
        .find(|m| known_in(&m.to_ascii_lowercase()).is_some())
        .or(messages.last())
        .cloned();
    let lower = region.to_ascii_lowercase();
    Recovered {
        message,
        detail: string_values(region, "detail").next(),
        required: list_value(region, "required"),
        granted: list_value(region, "granted"),
        private: bool_value(region, "is_private"),
        success: !crate::evidence::contains_str(&lower, "\"error\"")
            && [
                "\"values\"",
                "\"uuid\"",
                "\"full_name\"",
                // Not "username": a tool's config has one too (composer's auth.json); a
                // Bitbucket account object carries a uuid.
                "\"pagelen\"",
            ]
            .iter()
            .any(|k| lower.contains(k)),
    }
}

/// Positions just after `"key"` and its colon.
fn after_key<'a>(region: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(p) = quoted_key(region.get(from..)?, key) {
            let at = from + p;
            from = at;
            let rest = region[at..].trim_start();
            if let Some(rest) = rest.strip_prefix(':') {
                return Some(rest.trim_start());
            }
        }
        None
    })
}

/// Where `"key"` (a key not empty) first stands in `s`: just past its closing quote, as
/// `s.find("\"key\"")` would place it. Found from the key's first letter by memchr, not from
/// the quote: a body holds a quote every few bytes, and `str::find` sets up a searcher on
/// every call (this runs for every key asked of every body).
fn quoted_key(s: &str, key: &str) -> Option<usize> {
    let (h, k) = (s.as_bytes(), key.as_bytes());
    memchr::memchr_iter(*k.first()?, h)
        .find(|&j| {
            j > 0 && h[j - 1] == b'"' && h[j..].starts_with(k) && h.get(j + k.len()) == Some(&b'"')
        })
        .map(|j| j + k.len() + 1)
}

/// Every `"key": "string"` value.
fn string_values<'a>(region: &'a str, key: &'a str) -> impl Iterator<Item = String> + 'a {
    after_key(region, key).filter_map(|rest| {
        let rest = rest.strip_prefix('"')?;
        let mut out = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' | '\n' => return Some(out),
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c) => out.push(c),
                    None => {}
                },
                c => out.push(c),
            }
        }
        Some(out)
    })
}

/// `"key": ["a", "b"]` (the list may be cut).
fn list_value(region: &str, key: &str) -> Vec<String> {
    let Some(rest) = after_key(region, key).next() else {
        return Vec::new();
    };
    let Some(rest) = rest.strip_prefix('[') else {
        return Vec::new();
    };
    let end = rest.find([']', '}']).unwrap_or(rest.len());
    rest[..end]
        .split(',')
        .map(|s| s.trim().trim_matches('"').trim())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn bool_value(region: &str, key: &str) -> Option<bool> {
    let rest = after_key(region, key).next()?;
    if rest.starts_with("true") {
        Some(true)
    } else if rest.starts_with("false") {
        Some(false)
    } else {
        None
    }
}

/// A line that is a JSON member with its braces lost: `"message": "…",`.
pub fn is_member_line(line: &str) -> bool {
    let t = crate::evidence::trim_start(line);
    let Some(rest) = t.strip_prefix('"') else {
        return false;
    };
    let Some(close) = rest.find('"') else {
        return false;
    };
    let key = &rest[..close];
    !key.is_empty()
        && key.len() <= 40
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        && rest[close + 1..].trim_start().starts_with(':')
}

/// A response read from a body region, with the status the text shows (`explicit`) or the one
/// its message implies. `None` when the region says nothing a rule could use.
pub fn read(
    region: &str,
    explicit: Option<u16>,
    git: bool,
    headers: &[(String, String)],
) -> Option<Response> {
    let clean = scrub::text(region);
    let mut trimmed = clean.trim();
    let jsonish = trimmed.starts_with('{') || trimmed.starts_with('[') || is_member_line(trimmed);
    let mut valid_json = jsonish && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok();
    // Python prints a decoded body as its dict (`print(r.json())`): read it as the JSON it was.
    let from_python;
    if jsonish
        && !valid_json
        && let Some(json) = python_repr_to_json(trimmed)
        && serde_json::from_str::<serde::de::IgnoredAny>(&json).is_ok()
    {
        from_python = json;
        trimmed = &from_python;
        valid_json = true;
    }
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.clone(), scrub::text(v).into_owned()))
        .collect();
    let mut r = Response::from_parts(explicit.unwrap_or(0), &headers, trimmed);
    let found = recover(trimmed);
    let lower = trimmed.to_ascii_lowercase();
    let known = r
        .message
        .as_deref()
        .and_then(|m| known_in(&m.to_ascii_lowercase()))
        .or_else(|| known_in(&lower));
    let is_known = |m: &String| known_in(&m.to_ascii_lowercase()).is_some();
    if !valid_json {
        // from_parts took the first line for the message: right for plain text only, and only
        // when no Bitbucket message sits elsewhere in it.
        let first_line = r.message.take().filter(|_| !jsonish);
        r.implied = known.map(|k| k.message);
        r.message = found
            .message
            .clone()
            .filter(is_known)
            .or_else(|| known.map(|k| as_written(trimmed, &lower, k)))
            .or_else(|| found.message.clone())
            .or(first_line);
    } else if !r.message.as_ref().is_some_and(is_known)
        && found.message.as_ref().is_some_and(is_known)
    {
        // Bitbucket's envelope quoted inside a tool's own JSON error.
        r.message = found.message.clone();
    }
    if r.detail.is_none() && !valid_json {
        r.detail = found.detail;
    }
    if r.required.is_empty() {
        r.required = found.required;
    }
    if r.granted.is_empty() {
        r.granted = found.granted;
    }
    if r.private.is_none() {
        r.private = found.private;
    }
    if r.status == 0 {
        r.status = known
            .map(|k| if git { k.git_status } else { k.status })
            .or_else(|| r.message.as_deref().and_then(reason_status))
            .or_else(|| {
                (found.success || r.private.is_some() || r.account.is_some()).then_some(200)
            })
            .unwrap_or(0);
    }
    let useful = r.status != 0
        || known.is_some()
        || r.private.is_some()
        || !r.required.is_empty()
        || (jsonish && r.message.is_some());
    useful.then_some(r)
}

/// The status whose reason phrase is the whole message: Bitbucket's bare 403 `{"message":
/// "Forbidden"}` (R7), a tool's `{"error": "Unauthorized"}`. Failures only: "OK" as a message
/// says nothing of a call.
fn reason_status(message: &str) -> Option<u16> {
    let m = message.trim().trim_end_matches('.').to_ascii_lowercase();
    REASONS
        .iter()
        .find(|(n, phrase)| *n >= 400 && *phrase == m && *phrase != "unknown status code")
        .map(|(n, _)| *n)
}

/// A Python dict or list as `repr` prints it (`{'is_private': True, 'x': None}`) as JSON;
/// `None` when it is not one (no single-quoted key, or a string left open).
fn python_repr_to_json(text: &str) -> Option<String> {
    if !crate::evidence::contains_str(text, "{'") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let quote = c;
                out.push('"');
                loop {
                    match chars.next()? {
                        c if c == quote => break,
                        '\\' => match chars.next()? {
                            '\'' => out.push('\''),
                            e => {
                                out.push('\\');
                                out.push(e);
                            }
                        },
                        '"' => out.push_str("\\\""),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            c if c.is_ascii_alphabetic() => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek().filter(|n| n.is_ascii_alphanumeric()) {
                    word.push(n);
                    chars.next();
                }
                out.push_str(match word.as_str() {
                    "True" => "true",
                    "False" => "false",
                    "None" => "null",
                    w => w,
                });
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`number_in`] as it read before it passed runs of digits whole: each digit asked.
    fn number_in_digit_by_digit(lower: &str) -> Option<u16> {
        let b = lower.as_bytes();
        let mut found = None;
        let mut i = 0;
        while i + 3 <= b.len() {
            let Some(digit) = next_digit(b, i) else {
                break;
            };
            i = digit;
            if i + 3 > b.len() {
                break;
            }
            let decimal_after =
                b.get(i + 3) == Some(&b'.') && b.get(i + 4).is_some_and(u8::is_ascii_digit);
            let is_number = b[i..i + 3].iter().all(u8::is_ascii_digit)
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.')
                && b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric())
                && !decimal_after;
            if is_number {
                let n = (b[i] - b'0') as u16 * 100
                    + (b[i + 1] - b'0') as u16 * 10
                    + (b[i + 2] - b'0') as u16;
                if (200..=599).contains(&n)
                    && !compared(lower, i)
                    && (reason_follows(lower, i + 3, n)
                        || reason_precedes(lower, i, n)
                        || lead_precedes(lower, i)
                        || verb_precedes(lower, i)
                        || bracketed(b, i)
                        || body_follows(b, i))
                {
                    found = Some(n);
                }
                i += 3;
            } else {
                i += 1;
            }
        }
        found
    }

    #[test]
    fn a_number_in_parentheses_is_a_status_unless_a_source_file_names_its_line() {
        assert_eq!(number_in("request failed (401)"), Some(401));
        assert_eq!(
            number_in("[404] https://api.bitbucket.org/2.0/x"),
            Some(404)
        );
        for frame in [
            "#2 /srv/app/client.php(429): x('https://api.bitbucket.org/2.0/repositories/a/b')",
            "src\\client.cpp(503): warning c4996",
            "at app.cs(404)",
        ] {
            assert_eq!(number_in(frame), None, "{frame}");
        }
    }

    #[test]
    fn a_status_a_program_tests_for_is_none_it_got() {
        for code in [
            "if r.status_code == 429:",
            "if (res.status === 401) {",
            "if resp.StatusCode != 200 {",
            "if status >= 500:",
            "case 403:",
        ] {
            assert_eq!(number_in(code), None, "{code}");
        }
        assert_eq!(number_in("status_code=429"), Some(429));
        assert_eq!(number_in("\"statuscode\": 401"), Some(401));
    }

    #[test]
    fn a_number_before_a_json_body_is_its_status() {
        assert_eq!(number_in("400 {\"type\": \"error\"}"), Some(400));
        assert_eq!(number_in("    409  {\"error\": {}}"), Some(409));
        // Not a count or an id before an object, nor a number inside a sentence.
        assert_eq!(number_in("x 400 {\"type\": \"error\"}"), None);
        assert_eq!(number_in("400 {count}"), None);
        assert_eq!(number_in("400{\"a\": 1}"), None);
    }

    #[test]
    fn quotes_a_message_only_as_the_text_writes_it() {
        // The needle alone: the quote is the line, never Bitbucket's whole message.
        let r = read(
            "# NOTE: now returns 410 (CHANGE-2770), use v2",
            Some(410),
            false,
            &[],
        )
        .unwrap();
        assert_eq!(
            r.message.as_deref(),
            Some("# NOTE: now returns 410 (CHANGE-2770), use v2")
        );
        assert!(
            r.says("functionality has been deprecated"),
            "matched as the whole message"
        );
        // A tool that cut the first line of R2: matched as R2, quoted as written.
        let r = read(
            "`App passwords are recommended for most use cases.`",
            Some(401),
            false,
            &[],
        )
        .unwrap();
        assert_eq!(
            r.message.as_deref(),
            Some("App passwords are recommended for most use cases.")
        );
        assert!(r.says("stopped supporting account passwords"));
        // The whole message in other case: quoted in the text's case.
        let r = read(
            "ERROR: CHANGE-2770 - FUNCTIONALITY HAS BEEN DEPRECATED",
            Some(410),
            false,
            &[],
        );
        assert_eq!(
            r.unwrap().message.as_deref(),
            Some("CHANGE-2770 - FUNCTIONALITY HAS BEEN DEPRECATED")
        );
    }

    #[test]
    fn reads_python_dicts_as_json() {
        assert_eq!(
            python_repr_to_json(
                "{'type': 'repository', 'is_private': True, 'x': None, 'q': \"it's\"}"
            )
            .as_deref(),
            Some("{\"type\": \"repository\", \"is_private\": true, \"x\": null, \"q\": \"it's\"}")
        );
        let r = read(
            "{'type': 'repository', 'full_name': 'acme/payroll', 'is_private': True}",
            Some(200),
            false,
            &[],
        )
        .unwrap();
        assert_eq!(r.private, Some(true));
        let r = read(
            "{'type': 'error', 'error': {'message': 'Access token expired.'}}",
            Some(401),
            false,
            &[],
        )
        .unwrap();
        assert_eq!(r.message.as_deref(), Some("Access token expired."));
        assert_eq!(python_repr_to_json("{'open"), None);
        assert_eq!(python_repr_to_json("{\"a\": 1}"), None);
    }

    #[test]
    fn every_known_message_names_its_row_and_needle_matches_its_message() {
        for k in MESSAGES {
            assert!(!k.row.is_empty());
            assert_eq!(k.needle, k.needle.to_ascii_lowercase());
            assert!((400..=599).contains(&k.status), "{k:?}");
        }
        // Every R/X/G row of §4 whose body is known is here.
        for row in [
            "R1", "R2", "R3", "R4", "R5", "R6", "R9", "R12", "X1", "X2", "X3", "X4", "X5", "X6",
            "G4", "G5",
        ] {
            assert!(MESSAGES.iter().any(|k| k.row == row), "{row}");
        }
    }

    #[test]
    fn finds_statuses_in_tools_words() {
        for (line, status) in [
            ("< HTTP/2 401", None),
            ("Error: verify credentials: 403 Forbidden: {", Some(403)),
            ("expected 200 OK, got: 401 Unauthorized", Some(401)),
            ("HTTP Error 401: Unauthorized", Some(401)),
            ("requests.exceptions: <Response [401]>", Some(401)),
            ("The requested URL returned error: 403", Some(403)),
            ("Request failed with status code 401", Some(401)),
            ("Status: 401, Response: {", Some(401)),
            ("\"statusCode\": 429,", Some(429)),
            ("it fails with 401", Some(401)),
            ("502 Bad Gateway", Some(502)),
            ("HTTP 410 Gone", Some(410)),
            (
                "Credentials refused for https://api.bitbucket.org/2.0",
                Some(401),
            ),
            ("returned status code 128:", None),
            ("version 1.404.2 and 403 apples", None),
            ("that return 200 and data", None),
            (
                "[404] https://api.bitbucket.org/2.0/repositories/a/b",
                Some(404),
            ),
            ("GET https://api.bitbucket.org/2.0/user (401)", Some(401)),
            (
                "401 Client Error: Unauthorized for url: https://x",
                Some(401),
            ),
            ("see [RFC 7231] section (3)", None),
            ("\"Request failed with status code 401.\"", Some(401)),
            ("i got a unauthorized (401 http code) response.", Some(401)),
            (
                "Non-admin users get a 403, which causes Drone to return 404",
                Some(403),
            ),
            ("we received an 403.", Some(403)),
            ("Forbidden: 403", Some(403)),
            ("version 2.401.3 is out", None),
            ("I have 401 apples and a 403.5 ratio", None),
            ("the forbidden 401 books", None),
            (
                "Faraday::UnauthorizedError: the server responded with status 401",
                Some(401),
            ),
            ("BitBucket::Error::Unauthorized", Some(401)),
            ("raise ForbiddenError(resp.text)", Some(403)),
            ("an unauthorized user", None),
            ("ERROR: Authentication failure for https://x", Some(401)),
            ("the caller is not authorized", None),
            ("Error: Bad credentials - https://x", Some(401)),
            ("Error: Unauthorized (https://x)", Some(401)),
            // A browser's console (Chrome), and prose in its words.
            (
                "Failed to load resource: the server responded with a status of 403 ()",
                Some(403),
            ),
            ("it answered with a status of 401", Some(401)),
            ("I call the API and get 401.", Some(401)),
            ("we get 403 when cloning", Some(403)),
            ("we get 500 repositories per page", None),
        ] {
            assert_eq!(status_in(&line.to_ascii_lowercase()), status, "{line}");
        }
    }

    #[test]
    fn reads_pretty_cut_escaped_and_braceless_bodies() {
        let pretty = "{\n\"type\": \"error\",\n\"error\": {\n\"message\": \"Token is invalid, expired, or not supported for this endpoint.\"\n}\n}";
        let r = read(pretty, None, false, &[]).unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(
            r.message.as_deref(),
            Some("Token is invalid, expired, or not supported for this endpoint.")
        );

        let cut = r#"{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes.", "detail": {"required": ["read:user:bitbucket"], "granted": ["a", "b""#;
        let r = read(cut, None, false, &[]).unwrap();
        assert_eq!((r.status, r.required.len(), r.granted.len()), (403, 1, 2));

        let escaped = r#""Your credentials lack one or more required privilege scopes.\", \"detail\": {\"required\": [\"read:user:bitbucket\"],"#;
        let r = read(escaped, None, false, &[]).unwrap();
        assert_eq!(r.required, ["read:user:bitbucket"]);
        assert_eq!(r.status, 403);

        let braceless = "\"next\": \"\",\n\"page\": 1,\n\"values\": [\n\"description\": \"\",\n\"is_private\": false,";
        let r = read(braceless, None, false, &[]).unwrap();
        assert_eq!((r.status, r.private), (200, Some(false)));
        assert_eq!(r.message, None);

        let r = read(
            "Rate limit for this resource has been exceeded",
            None,
            false,
            &[],
        )
        .unwrap();
        assert_eq!(r.status, 429);
        assert!(read("{api_token}", None, false, &[]).is_none());
    }

    #[test]
    fn an_arrow_gives_the_failure_a_call_answered() {
        for (line, status) in [
            (
                "- `get https://api.bitbucket.org/2.0/user` with `email:token` → **200** ✅",
                None,
            ),
            (
                "get https://api.bitbucket.org/2.0/user (email + token) -> 401 unauthorized",
                Some(401),
            ),
            ("get https://api.bitbucket.org/2.0/user => `403`", Some(403)),
            ("get https://api.bitbucket.org/2.0/user -> 4010 bytes", None),
            ("get https://api.bitbucket.org/2.0/user -> ok", None),
            ("get https://api.bitbucket.org/2.0/user", None),
        ] {
            assert_eq!(arrow_status(line), status, "{line}");
        }
    }

    #[test]
    fn a_message_that_is_a_reason_phrase_is_that_status() {
        for (body, status) in [
            (
                r#"{"type": "error", "error": {"message": "Forbidden"}}"#,
                403,
            ),
            (
                r#"{"type": "error", "error": {"message": "Unauthorized"}}"#,
                401,
            ),
            (
                "{'type': 'error', 'error': {'message': 'Unauthorized'}}",
                401,
            ),
            (
                r#"{"type": "error", "error": {"message": "Not Found."}}"#,
                404,
            ),
        ] {
            assert_eq!(
                read(body, None, false, &[]).unwrap().status,
                status,
                "{body}"
            );
        }
        // A phrase inside a longer message, or a success's, says no status.
        for body in [
            r#"{"type": "error", "error": {"message": "Unauthorized access is logged"}}"#,
            r#"{"type": "error", "error": {"message": "OK"}}"#,
        ] {
            assert!(
                read(body, None, false, &[]).is_none_or(|r| r.status == 0),
                "{body}"
            );
        }
    }

    #[test]
    fn json_end_stops_at_brackets_and_blank_lines() {
        let t = "x {\"a\": \"}\"} tail";
        assert_eq!(&t[2..json_end(t, 2, t.len())], "{\"a\": \"}\"}");
        let cut = "{\"a\": 1,\n\"b\": \"unterminated\n\nprose";
        assert_eq!(json_end(cut, 0, cut.len()), cut.find("\n\n").unwrap());
    }

    proptest::proptest! {
        /// Runs of digits passed whole find the status each digit asked finds.
        #[test]
        fn number_in_is_the_reading_digit_by_digit(
            text in "(4|0|1|2|3|5|9|\\.| |-|:|a|x|=|\\[|\\]|\\(|\\{|http|status|error|401 unauthorized|forbidden|returned|got|case|==|\n){0,40}",
        ) {
            proptest::prop_assert_eq!(number_in(&text), number_in_digit_by_digit(&text));
        }

        /// The block-at-a-time search finds the digit a byte-by-byte one finds.
        #[test]
        fn next_digit_is_the_first_digit(text in "[a-z0-9 .]{0,80}", from in 0usize..90) {
            let b = text.as_bytes();
            let naive = (from.min(b.len())..b.len()).find(|&i| b[i].is_ascii_digit());
            proptest::prop_assert_eq!(next_digit(b, from.min(b.len())), naive);
        }

        /// The key found from its first letter stands where a search for it quoted finds it.
        #[test]
        fn quoted_key_is_the_quoted_search(s in "(\"|a|b|ab|:| |é){0,16}", key in "(a|ab|ba|é)") {
            let naive = s.find(&format!("\"{key}\"")).map(|p| p + key.len() + 2);
            proptest::prop_assert_eq!(quoted_key(&s, &key), naive);
        }
    }
}
