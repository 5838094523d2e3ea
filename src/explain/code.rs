//! Client code as pasted: the `Authorization` a program sets and the call that sends it, in the
//! shapes forum posts show. Python requests/httpx (`headers={"Authorization": f"Bearer {token}"}`,
//! `auth=(email, token)`, `HTTPBasicAuth(…)`), JavaScript fetch/axios (`headers: { Authorization:
//! \`Bearer ${token}\` }`, `'Basic ' + btoa(…)`, `auth: { username, password }`), PowerShell
//! (`@{ Authorization = "Bearer $token" }`), Java (`setRequestProperty("Authorization", …)`), C#
//! (`new AuthenticationHeaderValue("Bearer", token)`), Go (`req.Header.Set(…)`, `SetBasicAuth`),
//! Spring (`.basicAuthentication(…)`).
//!
//! A statement (a line, or the lines up to its closing bracket) is cut into tokens once. Strings
//! are built as the language builds them (f-strings, template literals, `$"…"`, PowerShell's
//! `"$var"`, `+`, `.format`, base64 encoders); a variable assigned a string earlier in the paste
//! stands for that string; any other variable or expression is a value the text does not show,
//! written `{token}` (`$NAME` for an environment variable) so that its kind comes from its name,
//! as a shell's `$VAR` does. A literal token is kept only inside a `Secret`.
//!
//! The header waits for the call that sends it (`requests.get("https://…", headers=headers)`,
//! `fetch(url)` after `url = "https://…"`), or a call waits for its header (Go, Java and C#
//! build the request first). A header no call took is sent, without a URL, when the text moves
//! on to something else (the response).

use super::expand::{Env, Ref, Value};
use super::scan::{Line, line_at, starts_outside_json};
use super::{Sent, basic_auth, parse_authorization, sent_auth, url};
use crate::credential::{Secret, kind_from_name};
use crate::evidence::{Request, SentAuth};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Where a request read from code came from (the report says "pasted code").
const SOURCE: &str = "code";
/// A statement spans at most this many lines, and this many bytes after its first line.
const STATEMENT_LINES: usize = 40;
const STATEMENT_CAP: usize = 8 * 1024;
/// Longest value built: `a = b + b` doubles a value at each assignment.
const VALUE_CAP: usize = 1024;
/// Longest interpolation read (`{…}`, `${…}`, `$(…)`): a name or a short expression.
const INTERPOLATION_CAP: usize = 256;
/// Parameters read after a PowerShell cmdlet's name.
const CMDLET_TOKENS: usize = 64;
/// How deeply expressions may nest (an interpolation inside an interpolation …).
const MAX_DEPTH: u8 = 6;

/// What the code read so far has set up and not yet sent.
#[derive(Debug, Default)]
pub struct Reader {
    /// The last Authorization set, and whether a call has sent it.
    auth: Option<(SentAuth, bool)>,
    /// A call seen before any Authorization.
    call: Option<Call>,
    /// Where the last statement read ends: a line inside it is not read again.
    read_to: usize,
    /// A statement whose brackets did not close within its window: statements that start
    /// before the window's end are read one line each (reading each again to the window's end
    /// would read the window once per line).
    line_by_line_to: usize,
}

#[derive(Clone, Debug)]
struct Call {
    method: &'static str,
    url: String,
    /// A cmdlet given none of the parameters that carry a credential (`-Headers`,
    /// `-Credential`, `-Authentication`, `-Token`, `-WebSession`): nothing later in the code can
    /// add one to it, so it goes out without.
    bare: bool,
}

impl Reader {
    /// Read the statement that starts at `pos`: the requests now complete, and where the
    /// statement ends when it sets an Authorization (it is code, no other parser's). A call
    /// alone is noted and left to the other parsers; a string assigned to a variable goes
    /// into `env`.
    ///
    /// `line` is the line from `pos` ([`line_at`]'s, which the scanner's step has found) and
    /// `first` that line from its first word (`trim_start`'s); `named` answers whether a
    /// stretch of the text holds one of [`GATE_WORDS`] (the scanner's markers know).
    pub fn read(
        &mut self,
        text: &str,
        pos: usize,
        line: Line,
        first: &str,
        env: &mut Env,
        named: impl Fn(std::ops::Range<usize>) -> bool,
    ) -> (Vec<Sent>, Option<usize>) {
        debug_assert_eq!(line.end, line_at(text, pos).end);
        debug_assert_eq!(first, line.text.trim_start());
        // Code that matters shows it on its first line (`headers = {`, `fetch(url, {`): a
        // line of prose is not measured for brackets, let alone cut into tokens. Asked first:
        // most lines fail it, and it costs less than the tests after it. (The blanks before
        // the line's first word hold no gate word.)
        if pos < self.read_to || !may_be_code(first, named(pos..line.end)) {
            return (Vec::new(), None);
        }
        // JSON bodies and commands have parsers of their own.
        if first.starts_with(['{', '[']) || starts_outside_json(first) {
            return (Vec::new(), None);
        }
        let line_end = line.next;
        let end = if pos < self.line_by_line_to {
            line_end
        } else {
            match statement_end(text, pos) {
                Ok(end) => end,
                Err(window) => {
                    self.line_by_line_to = window;
                    line_end
                }
            }
        };
        self.read_to = end;
        // A statement of one line was asked already: its first line less leading blanks
        // (which hold no sign) is the same answer.
        if end != line_end && !may_be_code(&text[pos..end], named(pos..end)) {
            return (Vec::new(), None);
        }
        // Prose that names authentication ("fatal: Authentication failed for …") passes the
        // gate above by its word; most such lines can give the statement's reading nothing.
        if !may_read(&text[pos..end]) {
            return (Vec::new(), None);
        }
        let tokens = Tokens::lex(&text[pos..end]);
        let (auth, call) = read_statement(&tokens, env);
        let claimed = auth.is_some().then_some(end);
        let mut sent = Vec::new();
        match (auth, call) {
            (None, None) => {}
            (Some(auth), Some(call)) => {
                sent.extend(self.flush());
                sent.push(request(call, auth));
            }
            (Some(auth), None) => match self.call.take() {
                Some(call) => {
                    sent.push(request(call, auth.clone()));
                    self.auth = Some((auth, true));
                }
                None => {
                    sent.extend(self.flush());
                    self.auth = Some((auth, false));
                }
            },
            (None, Some(call)) => match self.auth.as_mut() {
                Some((auth, used)) => {
                    sent.push(request(call, auth.clone()));
                    *used = true;
                }
                None if call.bare => sent.push(Sent {
                    request: Request {
                        method: call.method.into(),
                        url: call.url,
                        auth: None,
                        auth_unseen: false,
                    },
                    source: SOURCE,
                }),
                None => self.call = Some(call),
            },
        }
        (sent, claimed)
    }

    /// The text moved on to something else: an Authorization no call has sent is a request
    /// (to the URL of a call waiting for one, if any), and nothing set up is kept.
    pub fn flush(&mut self) -> Option<Sent> {
        let call = self.call.take().unwrap_or(Call {
            method: "GET",
            url: String::new(),
            bare: false,
        });
        match self.auth.take()? {
            (auth, false) => Some(request(call, auth)),
            (_, true) => None,
        }
    }
}

/// The words, in any ASCII case, that let a statement through [`may_be_code`].
pub const GATE_WORDS: [&str; 2] = ["auth", "invoke-"];

/// Whether a statement could set a header, make a call or assign a variable, read from its
/// bytes before it is cut into tokens: most lines of a post are prose, and lexing each cost a
/// quarter of explain's time. Code that matters here names an `auth`orization, calls a
/// function (`name(`, no space between), assigns (`=`), or runs a cmdlet (`Invoke-…`).
/// `named`: whether the statement holds one of [`GATE_WORDS`], as the scanner's markers found
/// them (each was a search of the statement, from its rarest byte).
fn may_be_code(statement: &str, named: bool) -> bool {
    let b = statement.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    // Each sign looked for with memchr's vectorised search: this runs on every line of every
    // paste, and a test of every byte cost more than these passes.
    named
        || memchr::memchr(b'=', b).is_some()
        || memchr::memchr_iter(b'(', b).any(|i| i > 0 && word(b[i - 1]))
}

/// Whether [`read_statement`] could find anything in a statement [`may_be_code`] let through,
/// asked of its bytes before it is cut into tokens: false only when it would find no
/// Authorization, no call and no assignment. Without `=` nothing is assigned; without `(`,
/// `[` and `,` as well, the only call is a cmdlet's (`Invoke-RestMethod`, `irm`, `iwr`, named
/// so), and the only credentials are a header or `auth` named before a `:`
/// (`Authorization: …`, `auth: {…}`) and PowerShell's `-Authentication Bearer`. Each of those
/// needs its name whole: `auth`, `authorization` or `authentication` with no letter, digit or
/// `_` after it, as the tokens cut it (a string's text ends at its quote). So a statement
/// without `=`, `(`, `[` and `,` that holds none of these names (as written here, case-blind)
/// gives nothing, and is not lexed: the lines of prose that name authentication.
fn may_read(statement: &str) -> bool {
    let b = statement.as_bytes();
    if memchr::memchr(b'=', b).is_some() || memchr::memchr3(b'(', b'[', b',', b).is_some() {
        return true;
    }
    let ends_name = |at: usize| {
        b.get(at)
            .is_none_or(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
    };
    let holds = |at: usize, tail: &[u8]| {
        b.get(at..at + tail.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(tail))
    };
    let colon = memchr::memchr(b':', b).is_some();
    let dash = memchr::memchr(b'-', b).is_some();
    let credential = memchr::memchr2_iter(b'a', b'A', b).any(|i| {
        if !holds(i, b"auth") {
            return false;
        }
        let after = i + 4;
        (colon && (ends_name(after) || (holds(after, b"orization") && ends_name(after + 9))))
            || (dash && holds(after, b"entication") && ends_name(after + 10))
    });
    credential
        || memchr::memchr2_iter(b'i', b'I', b)
            .any(|i| holds(i + 1, b"nvoke-") || holds(i + 1, b"rm") || holds(i + 1, b"wr"))
}

/// Whether `b` holds `word` in any ASCII case, found from the byte of the word at `rare`: the
/// search stops at each occurrence of that byte, and prose has several times fewer `u` and `-`
/// than `a` and `i`. (How [`may_be_code`] first found [`GATE_WORDS`]; the tests hold the
/// markers to it.)
#[cfg(test)]
fn holds_ignoring_case(b: &[u8], word: &[u8], rare: usize) -> bool {
    let (lower, upper) = (
        word[rare].to_ascii_lowercase(),
        word[rare].to_ascii_uppercase(),
    );
    memchr::memchr2_iter(lower, upper, b).any(|i| {
        i >= rare
            && b.get(i - rare..i - rare + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

fn request(call: Call, auth: SentAuth) -> Sent {
    Sent {
        request: Request {
            method: call.method.into(),
            url: call.url,
            auth: Some(auth),
            auth_unseen: false,
        },
        source: SOURCE,
    }
}

/// Where the statement that starts at `pos` ends: after the line that closes its brackets, or
/// before a blank line or a command. `Err` with the end of the window looked at when its
/// brackets do not close within `STATEMENT_LINES` lines and `STATEMENT_CAP` bytes.
fn statement_end(text: &str, pos: usize) -> Result<usize, usize> {
    let first = line_at(text, pos);
    let mut depth = 0;
    let mut at = pos;
    for n in 0..STATEMENT_LINES {
        let line = line_at(text, at);
        if n > 0 && (line.text.trim().is_empty() || starts_outside_json(line.text)) {
            return Ok(at);
        }
        depth = nesting(line.text, depth);
        if depth == 0 || line.next >= text.len() {
            return Ok(line.next);
        }
        at = line.next;
        if at - first.next > STATEMENT_CAP {
            break;
        }
    }
    Err(at)
}

/// The bracket depth after `line`, quotes skipped (a quote left open ends with the line).
fn nesting(line: &str, mut depth: usize) -> usize {
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        match c {
            // A quoted string, to its closing quote: found by memchr's search for it or a
            // backslash (which escapes the byte after it), not byte by byte.
            b'"' | b'\'' | b'`' => loop {
                let Some(at) = b.get(i..).and_then(|rest| memchr::memchr2(b'\\', c, rest)) else {
                    return depth;
                };
                i += at + 1;
                if b[i - 1] == c {
                    break;
                }
                i += 1;
            },
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// [`nesting`] byte by byte, as first written: the tests hold the search to it.
#[cfg(test)]
fn nesting_bytewise(line: &str, mut depth: usize) -> usize {
    let mut quote = None;
    let mut bytes = line.bytes();
    while let Some(c) = bytes.next() {
        match (quote, c) {
            (Some(_), b'\\') => {
                bytes.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'' | b'`') => quote = Some(c),
            (None, b'(' | b'[' | b'{') => depth += 1,
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

// --- Tokens ----------------------------------------------------------------------------------

/// How a string literal is built from its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quote {
    /// `'…'`, `r"…"`, `@"…"`: as written.
    Literal,
    /// `"…"`: `$name`, `${name}`, `$env:NAME`, `$(…)` substituted (PowerShell; elsewhere a `$`
    /// in a string is a placeholder all the same).
    Dollar,
    /// `f"…"`, `$"…"`: `{expression}`.
    Brace,
    /// `` `…` ``: `${expression}`.
    Template,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'a> {
    /// A name (`headers`, `$token`, `$env:TOKEN`, `${token}`, `Invoke-RestMethod`).
    Name(&'a str),
    /// A string literal: how it is built, and its text between the quotes.
    Str(Quote, &'a str),
    Punct(&'a str),
    /// A number, a character we do not read, a string left open.
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    tok: Tok<'a>,
    /// The first token on its line (PowerShell separates a hashtable's entries by lines).
    line_start: bool,
}

/// A statement's tokens, with each opening bracket's closing one.
struct Tokens<'a> {
    list: Vec<Token<'a>>,
    close: Vec<Option<usize>>,
}

const TWO_CHAR_PUNCT: &[&str] = &["::", ":=", "==", "=>", "!=", "<=", ">=", "->", "?.", "+="];

impl<'a> Tokens<'a> {
    fn lex(s: &'a str) -> Tokens<'a> {
        let b = s.as_bytes();
        // About a token every four bytes: sized once rather than grown token by token.
        let mut list = Vec::with_capacity(s.len() / 4);
        let mut i = 0;
        let mut line_start = true;
        while i < b.len() {
            let c = b[i];
            let start = i;
            let tok = match c {
                b'\n' => {
                    line_start = true;
                    i += 1;
                    continue;
                }
                // Comments: `#` (Python, PowerShell), `//` (JavaScript, Java, C#, Go).
                b'#' => {
                    i = line_end(s, i);
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    i = line_end(s, i);
                    continue;
                }
                c if c.is_ascii_whitespace() => {
                    i += 1;
                    continue;
                }
                b'"' => string(s, &mut i, Quote::Dollar),
                b'\'' => string(s, &mut i, Quote::Literal),
                b'`' => string(s, &mut i, Quote::Template),
                // C#: `$"…"` and `$@"…"` interpolate, `@"…"` does not.
                b'$' | b'@' if c_sharp_string(&s[i..]).is_some() => {
                    let (skip, quote) = c_sharp_string(&s[i..]).unwrap_or((1, Quote::Literal));
                    i += skip;
                    string(s, &mut i, quote)
                }
                b'$' => variable(s, &mut i),
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let len = b[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count();
                    let name = &s[i..i + len];
                    i += len;
                    match b.get(i) {
                        // Python's string prefixes: `f"…"` interpolates, `r"…"`, `b"…"` do not.
                        Some(b'"' | b'\'') if is_string_prefix(name) => {
                            let f = name.contains(['f', 'F']);
                            string(s, &mut i, if f { Quote::Brace } else { Quote::Literal })
                        }
                        _ => {
                            for cmdlet in ["-RestMethod", "-WebRequest"] {
                                if name.eq_ignore_ascii_case("invoke")
                                    && s[i..]
                                        .get(..cmdlet.len())
                                        .is_some_and(|r| r.eq_ignore_ascii_case(cmdlet))
                                {
                                    i += cmdlet.len();
                                }
                            }
                            Tok::Name(&s[start..i])
                        }
                    }
                }
                c if c.is_ascii_digit() => {
                    i += b[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    Tok::Other
                }
                c if c.is_ascii() => {
                    let two = s.get(i..i + 2).filter(|t| TWO_CHAR_PUNCT.contains(t));
                    let len = two.map_or(1, str::len);
                    i += len;
                    Tok::Punct(&s[start..i])
                }
                _ => {
                    i += s[i..].chars().next().map_or(1, char::len_utf8);
                    Tok::Other
                }
            };
            list.push(Token { tok, line_start });
            line_start = false;
        }
        let close = matching(&list);
        Tokens { list, close }
    }

    fn tok(&self, i: usize) -> Option<Tok<'a>> {
        self.list.get(i).map(|t| t.tok)
    }

    fn is(&self, i: usize, punct: &str) -> bool {
        self.tok(i) == Some(Tok::Punct(punct))
    }

    /// The arguments between the bracket at `open` and its closing one, as token ranges.
    fn args(&self, open: usize) -> Vec<(usize, usize)> {
        let Some(close) = self.close.get(open).copied().flatten() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut start = open + 1;
        let mut i = start;
        while i < close {
            if self.is(i, ",") {
                out.push((start, i));
                start = i + 1;
            }
            i = self.close[i].map_or(i + 1, |c| c + 1);
        }
        if start < close {
            out.push((start, close));
        }
        out
    }
}

fn line_end(s: &str, from: usize) -> usize {
    s[from..].find('\n').map_or(s.len(), |p| from + p)
}

/// A string literal whose opening quote is at `*i`: its text up to the closing quote on the
/// same line. A string left open is `Other` and ends the line.
fn string<'a>(s: &'a str, i: &mut usize, quote: Quote) -> Tok<'a> {
    let b = s.as_bytes();
    let q = b[*i];
    let mut j = *i + 1;
    while j < b.len() && b[j] != q && b[j] != b'\n' {
        j += match b[j] {
            b'\\' => 2,
            // Ruby's `"…#{f("x")}…"`: the interpolation's own quotes do not close the string.
            b'#' if q == b'"' && b.get(j + 1) == Some(&b'{') => {
                balanced(b, j + 1).map_or(1, |close| close + 1 - j)
            }
            _ => 1,
        };
    }
    if j < b.len() && b[j] == q {
        let text = &s[*i + 1..j];
        *i = j + 1;
        Tok::Str(quote, text)
    } else {
        *i = line_end(s, *i);
        Tok::Other
    }
}

/// Where the `}` that closes the `{` at `open` is, on the same line.
fn balanced(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open).take(INTERPOLATION_CAP) {
        match c {
            b'{' => depth += 1,
            b'}' if depth == 1 => return Some(k),
            b'}' => depth = depth.saturating_sub(1),
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// `$"`, `$@"`, `@$"`: interpolated; `@"`: verbatim. How many characters precede the quote.
fn c_sharp_string(s: &str) -> Option<(usize, Quote)> {
    if s.starts_with("$\"") {
        Some((1, Quote::Brace))
    } else if s.starts_with("$@\"") || s.starts_with("@$\"") {
        Some((2, Quote::Brace))
    } else if s.starts_with("@\"") {
        Some((1, Quote::Literal))
    } else {
        None
    }
}

fn is_string_prefix(name: &str) -> bool {
    name.len() <= 2 && name.chars().all(|c| "fFrRbBuU".contains(c))
}

/// `$name`, `$env:NAME`, `${name}` (shell, PowerShell); a lone `$` is punctuation.
fn variable<'a>(s: &'a str, i: &mut usize) -> Tok<'a> {
    let start = *i;
    let rest = &s[start + 1..];
    let len = if rest.starts_with('{') {
        let close = rest
            .bytes()
            .take(INTERPOLATION_CAP)
            .position(|c| c == b'}' || c == b'\n');
        close.filter(|&p| rest.as_bytes()[p] == b'}').map(|p| p + 1)
    } else {
        let name = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        let env = rest[..name].eq_ignore_ascii_case("env") && rest[name..].starts_with(':');
        let more = if env {
            1 + rest[name + 1..]
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                .count()
        } else {
            0
        };
        (name > 0).then_some(name + more)
    };
    *i = start + 1 + len.unwrap_or(0);
    match len {
        Some(_) => Tok::Name(&s[start..*i]),
        None => Tok::Punct("$"),
    }
}

/// For each opening bracket, the index of its closing one.
fn matching(list: &[Token]) -> Vec<Option<usize>> {
    let mut close = vec![None; list.len()];
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let Tok::Punct(p) = t.tok else { continue };
        match p {
            "(" | "[" | "{" => open.push((i, p)),
            ")" | "]" | "}" => {
                let opener = match p {
                    ")" => "(",
                    "]" => "[",
                    _ => "{",
                };
                if let Some(&(at, o)) = open.last()
                    && o == opener
                {
                    close[at] = Some(i);
                    open.pop();
                }
            }
            _ => {}
        }
    }
    close
}

// --- Reading a statement ---------------------------------------------------------------------

/// The Authorization a statement sets and the call it makes (with a URL); its assignments of
/// strings go into `env`.
fn read_statement(t: &Tokens, env: &mut Env) -> (Option<SentAuth>, Option<Call>) {
    let e = Eval { t, env };
    let mut auth = None;
    let mut call = None;
    for i in 0..t.list.len() {
        if auth.is_none() {
            auth = e.header(i).or_else(|| e.basic(i)).or_else(|| e.bearer(i));
        }
        if call.is_none() {
            call = e.call(i);
        }
        if auth.is_some() && call.is_some() {
            break;
        }
    }
    if let Some((name, value)) = e.assignment() {
        env.set(&name, value);
    }
    (auth, call)
}

/// Expressions of one statement, against the variables assigned earlier in the paste.
struct Eval<'t, 'a> {
    t: &'t Tokens<'a>,
    env: &'t Env,
}

/// Calls that send a request (or build one), lowercased.
const CALLS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "request",
    "fetch",
    "axios",
    "urlopen",
    "url",
    "uri",
    // Spring's builders: `RestTemplateBuilder.rootUri(…)`, `WebClient.builder().baseUrl(…)`.
    "rooturi",
    "baseurl",
    "create",
    "newrequest",
    "newrequestwithcontext",
    "httprequestmessage",
    "getasync",
    "getstringasync",
    "postasync",
    "putasync",
    "patchasync",
    "deleteasync",
    "sendasync",
];
/// PowerShell's web cmdlets.
const CMDLETS: &[&str] = &["invoke-restmethod", "invoke-webrequest", "irm", "iwr"];
/// The cmdlets' parameters that may carry a credential (and `-UseDefaultCredentials`, a
/// proxy's or Windows' own).
const CREDENTIAL_PARAMETERS: &[&str] = &[
    "headers",
    "credential",
    "authentication",
    "token",
    "websession",
    "usedefaultcredentials",
    "body",
];
/// Calls that send their argument as a Bearer token: reqwest's `.bearer_auth(t)`, ktor's
/// `bearerAuth(t)`, Spring's `headers.setBearerAuth(t)`, Laravel's `Http::withToken(t)`.
const BEARER_CALLS: &[&str] = &["bearer_auth", "bearerauth", "setbearerauth", "withtoken"];
/// Calls that return their argument for our purpose: `str(x)`, `Buffer.from(x)`, `[]byte(x)`.
const WRAPPERS: &[&str] = &["str", "string", "bytes", "byte", "from", "getbytes", "utf8"];
/// Methods that return their receiver for our purpose: `token.strip()`, `s.encode()`.
const SAME: &[&str] = &[
    "encode",
    "decode",
    "strip",
    "rstrip",
    "lstrip",
    "trim",
    "trimend",
    "trimstart",
    "tostring",
    "getbytes",
    // Rust's: `env::var("T").unwrap()`, `t.to_string()`.
    "unwrap",
    "expect",
    "to_string",
    "to_owned",
    "as_str",
];
/// Names that base64-encode their argument.
const ENCODERS: &[&str] = &["base64", "b64encode", "btoa", "encodetostring"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

impl Eval<'_, '_> {
    /// `"Authorization": value`, `Authorization: value` in an object, `Authorization = value`
    /// (PowerShell, C#), `headers["Authorization"] = value`, `set("Authorization", value)`.
    fn header(&self, i: usize) -> Option<SentAuth> {
        let t = self.t;
        let (quoted, name) = match t.tok(i)? {
            Tok::Str(Quote::Literal | Quote::Dollar, n) => (true, n),
            Tok::Name(n) => (false, n),
            _ => return None,
        };
        if !name.eq_ignore_ascii_case("authorization") {
            return None;
        }
        let prev = i.checked_sub(1).and_then(|p| t.tok(p));
        let mut sep = i + 1;
        if quoted && t.is(sep, "]") {
            sep += 1;
        }
        let ok = match t.tok(sep)? {
            // The first argument of a call: `setRequestProperty("Authorization", …)`.
            Tok::Punct(",") => quoted && prev == Some(Tok::Punct("(")),
            Tok::Punct(":" | "=") => {
                quoted
                    || matches!(prev, Some(Tok::Punct("{" | "," | ";" | "." | "(")))
                    || (t.list[i].line_start && i > 0)
            }
            _ => false,
        };
        if !ok {
            return None;
        }
        let mut j = sep + 1;
        let value = self.expr(&mut j, 0)?;
        // `Authorization: string` declares a type (TypeScript), it sets nothing; a value a
        // tool masked whole (`"authorization": "***"`) says nothing of the header sent.
        let type_name = ["{string}", "{str}", "{any}"].contains(&value.text.as_str());
        if !self.ends_value(j) || type_name || masked(&value.text) {
            return None;
        }
        Some(sent_auth(
            &parse_authorization(value.text.trim()),
            &value.refs,
        ))
    }

    /// Basic credentials given as a pair: `auth=(login, secret)`, `auth: {username, password}`,
    /// `HTTPBasicAuth(login, secret)`, `SetBasicAuth(login, secret)`, Spring's
    /// `.basicAuthentication(login, secret)`.
    fn basic(&self, i: usize) -> Option<SentAuth> {
        let t = self.t;
        // Compared case-blind in place: this is asked of every token of every statement, and
        // a lower-case copy of each was most of the code reader's allocations.
        let name = match t.tok(i)? {
            Tok::Name(n) | Tok::Str(Quote::Literal | Quote::Dollar, n) => n,
            _ => return None,
        };
        // Each form's separator first: most names are followed by none of them.
        let (login, secret) =
            if (t.is(i + 1, "=") || t.is(i + 1, ":")) && name.eq_ignore_ascii_case("auth") {
                let open = i + 2;
                match t.tok(open)? {
                    Tok::Punct("(" | "[") => self.pair(open)?,
                    Tok::Punct("{") => self.members(open)?,
                    _ => return None,
                }
            } else if t.is(i + 1, "(")
                && [
                    "httpbasicauth",
                    "basicauth",
                    "setbasicauth",
                    "basic_auth",
                    "basicauthentication",
                ]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
            {
                self.pair(i + 1)?
            } else if name.eq_ignore_ascii_case("basic_auth")
                && matches!(t.tok(i + 1), Some(Tok::Str(..) | Tok::Name(_)))
            {
                // Ruby's call without brackets: `req.basic_auth "login", token`.
                let mut j = i + 1;
                let login = self.expr(&mut j, 0)?;
                if !t.is(j, ",") {
                    return None;
                }
                j += 1;
                (login, self.expr(&mut j, 0)?)
            } else if name.eq_ignore_ascii_case("basic") && t.is(i + 1, ":") && t.is(i + 2, "[") {
                // A Postman export: `"basic": [{"key": "username", …}, {"key": "password", …}]`.
                let pairs = self.postman_pairs(i + 2);
                let find = |name: &str| {
                    pairs
                        .iter()
                        .find_map(|(k, v)| (k == name).then(|| v.clone()))
                };
                (find("username")?, find("password")?)
            } else if name.eq_ignore_ascii_case("curlopt_userpwd") && t.is(i + 1, ",") {
                // PHP: `curl_setopt($ch, CURLOPT_USERPWD, "login:secret")`, as curl's `-u`.
                let mut j = i + 2;
                let v = self.expr(&mut j, 0)?;
                let (login, secret) = v.text.split_once(':')?;
                let half = |text: &str| Value {
                    text: text.to_string(),
                    refs: v.refs.clone(),
                };
                (half(login), half(secret))
            } else {
                return None;
            };
        let mut refs = login.refs;
        refs.extend(secret.refs);
        let auth = basic_auth(login.text.trim(), Some(Secret::new(secret.text)));
        Some(sent_auth(&auth, &refs))
    }

    /// A Bearer token given by a call (`BEARER_CALLS`), by PowerShell 7's `-Authentication
    /// Bearer -Token $t`, or in a Postman export (`"bearer": [{"key": "token", "value": …}]`).
    fn bearer(&self, i: usize) -> Option<SentAuth> {
        let t = self.t;
        let named = |k: usize, name: &str| {
            matches!(t.tok(k), Some(Tok::Name(n) | Tok::Str(Quote::Literal | Quote::Dollar, n))
                if n.eq_ignore_ascii_case(name))
        };
        // Owned only when a call names another scheme: this is asked of every token of every
        // statement, and a `String` each was most of the code reader's allocations.
        let mut scheme = std::borrow::Cow::Borrowed("Bearer");
        // The cheap tests first: this is asked of every token of every statement.
        let token = if t.is(i + 1, "(") && BEARER_CALLS.iter().any(|c| named(i, c)) {
            let args = self.positional(i + 1);
            // Laravel's `withToken(t, 'Basic')` names another scheme.
            if let Some(&other) = args.get(1) {
                scheme = std::borrow::Cow::Owned(self.value(other, 0)?.text);
            }
            self.value(*args.first()?, 0)?
        } else if t.is(i, "-")
            && named(i + 1, "authentication")
            && (named(i + 2, "bearer") || named(i + 2, "oauth"))
        {
            // PowerShell 7: `-Token` anywhere in the same command.
            let k = (0..t.list.len()).find(|&k| t.is(k, "-") && named(k + 1, "token"))?;
            self.expr(&mut (k + 2), 0)?
        } else if t.is(i + 1, ":") && t.is(i + 2, "[") && named(i, "bearer") {
            self.postman_pairs(i + 2)
                .into_iter()
                .find_map(|(key, v)| (key == "token").then_some(v))?
        } else {
            return None;
        };
        let header = format!("{scheme} {}", token.text);
        Some(sent_auth(&parse_authorization(&header), &token.refs))
    }

    /// A Postman export's list of `{"key": …, "value": …}` at `open`: each key, lowercased, and
    /// its value.
    fn postman_pairs(&self, open: usize) -> Vec<(String, Value)> {
        let t = self.t;
        let mut pairs = Vec::new();
        for (a, _) in t.args(open) {
            if !t.is(a, "{") {
                continue;
            }
            let (mut key, mut value) = (None, None);
            for (m, end) in t.args(a) {
                let Some(Tok::Str(_, name) | Tok::Name(name)) = t.tok(m) else {
                    continue;
                };
                if !t.is(m + 1, ":") {
                    continue;
                }
                if name == "key" {
                    key = self
                        .value((m + 2, end), 0)
                        .map(|v| v.text.to_ascii_lowercase());
                } else if name == "value" {
                    value = self.value((m + 2, end), 0);
                }
            }
            if let (Some(k), Some(v)) = (key, value) {
                pairs.push((k, v));
            }
        }
        pairs
    }

    /// The first two arguments of the bracket at `open`.
    fn pair(&self, open: usize) -> Option<(Value, Value)> {
        let args = self.positional(open);
        Some((
            self.value(*args.first()?, 0)?,
            self.value(*args.get(1)?, 0)?,
        ))
    }

    /// `{ username: …, password: … }`.
    fn members(&self, open: usize) -> Option<(Value, Value)> {
        let (mut login, mut secret) = (None, None);
        for (a, b) in self.t.args(open) {
            let key = match self.t.tok(a) {
                Some(Tok::Name(n) | Tok::Str(_, n)) => n.to_ascii_lowercase(),
                _ => continue,
            };
            if !self.t.is(a + 1, ":") {
                continue;
            }
            let v = self.value((a + 2, b), 0);
            match key.as_str() {
                "username" | "user" | "login" => login = v,
                "password" | "pass" => secret = v,
                _ => {}
            }
        }
        Some((login?, secret?))
    }

    /// A call to a URL: `requests.get("https://…")`, `fetch(url)`, `new URL("…")`,
    /// `http.NewRequest("GET", url, nil)`, `Invoke-RestMethod -Uri $url`.
    fn call(&self, i: usize) -> Option<Call> {
        let t = self.t;
        let Tok::Name(name) = t.tok(i)? else {
            return None;
        };
        // Both lists are lower case: compared case-blind in place, no copy of each token.
        let named = |list: &[&str]| list.iter().any(|c| name.eq_ignore_ascii_case(c));
        if named(CMDLETS) {
            return self.cmdlet(i);
        }
        // The bracket first: most names call nothing, and the list holds two dozen.
        if !t.is(i + 1, "(") || !named(CALLS) {
            return None;
        }
        let mut method = verb(name);
        let mut url = None;
        // Arguments, and the members of an options object (`{ method: 'POST', url: '…' }`).
        let mut args = t.args(i + 1);
        let objects: Vec<usize> = args
            .iter()
            .filter(|&&(a, _)| t.is(a, "{"))
            .map(|&(a, _)| a)
            .collect();
        for open in objects {
            args.extend(t.args(open));
        }
        for (a, b) in args {
            // `url="…"`, `method: "POST"`.
            let key = match (t.tok(a), t.tok(a + 1)) {
                (Some(Tok::Name(k) | Tok::Str(_, k)), Some(Tok::Punct("=" | ":"))) => Some(k),
                _ => None,
            };
            let v = match key {
                Some(_) => self.value((a + 2, b), 0),
                None => self.value((a, b), 0),
            };
            let Some(v) = v else { continue };
            let named = |n: &str| key.is_none_or(|k| k.eq_ignore_ascii_case(n));
            if method.is_none() && named("method") {
                method = method_named(&v.text);
            }
            // A path alone (`client.get("/v1/me")`): a test client's call to its own app, or
            // an API path after a base URL; whose, the path says.
            let path = key.is_none() && is_path(&v.text);
            if url.is_none() && (named("url") || named("uri")) && (is_url(&v.text) || path) {
                url = Some(v.text);
            }
        }
        Some(Call {
            method: method.unwrap_or("GET"),
            url: clean_url(&url?),
            bare: false,
        })
    }

    /// `Invoke-RestMethod -Uri $url -Method Post -Headers $headers`, or the URL first.
    fn cmdlet(&self, i: usize) -> Option<Call> {
        let t = self.t;
        let (mut method, mut url) = (None, None);
        let mut credential = false;
        let mut k = i + 1;
        // The command ends with its line, at `;` or `|`.
        let end = (i + 1..t.list.len())
            .take(CMDLET_TOKENS)
            .find(|&k| {
                t.list[k].line_start
                    || t.is(k, ";")
                    || t.is(k, "|")
                    || matches!(t.tok(k), Some(Tok::Name(n)) if is_cmdlet(n))
            })
            .unwrap_or_else(|| (i + 1 + CMDLET_TOKENS).min(t.list.len()));
        while k < end {
            let param = match (t.tok(k), t.tok(k + 1)) {
                (Some(Tok::Punct("-")), Some(Tok::Name(p))) => p,
                // The URL may come first, without `-Uri`.
                _ if k == i + 1 => "uri",
                _ => {
                    k += 1;
                    continue;
                }
            };
            credential |= CREDENTIAL_PARAMETERS
                .iter()
                .any(|c| param.eq_ignore_ascii_case(c));
            let at = if t.is(k, "-") { k + 2 } else { k };
            let mut j = at;
            // Each parameter is read once: a long command repeats them in vain.
            if param.eq_ignore_ascii_case("uri") && url.is_none() {
                url = Some(self.expr(&mut j, 0).map(|v| v.text).filter(|u| is_url(u)));
            } else if param.eq_ignore_ascii_case("method") && method.is_none() {
                method = match t.tok(at) {
                    Some(Tok::Name(m)) => method_named(m),
                    _ => self.expr(&mut j, 0).and_then(|v| method_named(&v.text)),
                };
            }
            k = j.max(at).max(k + 1);
        }
        Some(Call {
            method: method.unwrap_or("GET"),
            url: clean_url(&url??),
            bare: !credential,
        })
    }

    /// `name = "…"`, `const name = …`, `String name = …;`, `name := …`, `$name = …`,
    /// `name: str = …`: the variable and its value, when the value is a string we can build.
    fn assignment(&self) -> Option<(String, Value)> {
        let t = self.t;
        let eq = (0..t.list.len()).find(|&k| t.is(k, "=") || t.is(k, ":="))?;
        // `name: Type =` (Python): the name is before the annotation.
        let target_end = (0..eq).find(|&k| t.is(k, ":")).unwrap_or(eq);
        let mut name = String::new();
        for k in 0..target_end {
            match t.tok(k)? {
                Tok::Name(n) if t.is(k + 1, ".") => {
                    name.push_str(n);
                    name.push('.');
                }
                Tok::Name(n) => name = n.to_string(),
                Tok::Punct(".") => {}
                _ => return None,
            }
        }
        if name.is_empty() || name.ends_with('.') {
            return None;
        }
        let mut j = eq + 1;
        let value = self.expr(&mut j, 0)?;
        (j == t.list.len() || t.is(j, ";")).then(|| (bare(&name).to_string(), value))
    }

    /// Whether a header's value ends at `j`: a separator, a closing bracket, the end.
    fn ends_value(&self, j: usize) -> bool {
        match self.t.list.get(j) {
            None => true,
            Some(t) => t.line_start || matches!(t.tok, Tok::Punct("," | "}" | ")" | "]" | ";")),
        }
    }

    /// The positional arguments of the bracket at `open` (not `name=value`).
    fn positional(&self, open: usize) -> Vec<(usize, usize)> {
        self.t
            .args(open)
            .into_iter()
            .filter(|&(a, _)| {
                !(matches!(self.t.tok(a), Some(Tok::Name(_))) && self.t.is(a + 1, "="))
            })
            .collect()
    }

    /// The value of the tokens `a..b`, when they are one expression.
    fn value(&self, (a, b): (usize, usize), depth: u8) -> Option<Value> {
        let mut j = a;
        let v = self.expr(&mut j, depth)?;
        (j == b).then_some(v)
    }

    /// Terms joined by `+`.
    fn expr(&self, i: &mut usize, depth: u8) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut v = self.term(i, depth)?;
        while self.t.is(*i, "+") {
            *i += 1;
            let next = self.term(i, depth)?;
            append(&mut v, &next);
        }
        Some(v)
    }

    /// A string (and methods on it), a bracketed expression, or a name with its members,
    /// calls and subscripts.
    fn term(&self, i: &mut usize, depth: u8) -> Option<Value> {
        let t = self.t;
        let mut v = match t.tok(*i)? {
            Tok::Str(q, s) => {
                *i += 1;
                self.string(q, s, depth)
            }
            Tok::Punct("(") => {
                let close = t.close[*i]?;
                let v = self.value((*i + 1, close), depth + 1)?;
                *i = close + 1;
                v
            }
            Tok::Name("new") => {
                *i += 1;
                return self.chain(i, depth);
            }
            // PowerShell's `ConvertTo-SecureString "…" -AsPlainText -Force` holds the string.
            Tok::Name(n)
                if n.eq_ignore_ascii_case("convertto")
                    && t.is(*i + 1, "-")
                    && matches!(t.tok(*i + 2), Some(Tok::Name(m)) if m.eq_ignore_ascii_case("securestring")) =>
            {
                *i += 3;
                let v = self.expr(i, depth + 1)?;
                while t.is(*i, "-") && matches!(t.tok(*i + 1), Some(Tok::Name(_))) {
                    *i += 2;
                }
                return Some(v);
            }
            Tok::Name(_) | Tok::Punct("[") => return self.chain(i, depth),
            // A reference to a value is that value for us: Rust's `&token`, Go's `&cfg`.
            Tok::Punct("&") => {
                *i += 1;
                return self.term(i, depth);
            }
            _ => return None,
        };
        // `"…".encode()`, `(a + b).getBytes()`, `"Bearer {}".format(token)`.
        while t.is(*i, ".")
            && let Some(Tok::Name(m)) = t.tok(*i + 1)
            && t.is(*i + 2, "(")
        {
            let m = m.to_ascii_lowercase();
            if m == "format" {
                let args: Vec<Value> = self
                    .positional(*i + 2)
                    .into_iter()
                    .map(|r| self.value(r, depth + 1))
                    .collect::<Option<_>>()?;
                v = format(&v, &args);
            } else if !SAME.contains(&m.as_str()) {
                return None;
            }
            *i = t.close[*i + 2]? + 1;
        }
        Some(v)
    }

    /// `a.b.c`, `f(x)`, `d["k"]`, `new T(…)`, `[Convert]::ToBase64String(…)`, `[]byte(x)`.
    fn chain(&self, i: &mut usize, depth: u8) -> Option<Value> {
        let t = self.t;
        let mut names: Vec<&str> = Vec::new();
        // (index in `names` of the name it follows, the opening bracket) for calls and
        // subscripts.
        let mut brackets: Vec<(usize, usize, bool)> = Vec::new();
        if t.is(*i, "[") {
            // A type in brackets: PowerShell's `[Convert]::…`, Go's `[]byte(…)`.
            let close = t.close[*i]?;
            names.extend((*i + 1..close).filter_map(|k| match t.tok(k) {
                Some(Tok::Name(n)) => Some(n),
                _ => None,
            }));
            *i = close + 1;
            if t.is(*i, "::") {
                *i += 1;
            }
        }
        let mut need_name = true;
        loop {
            match t.tok(*i) {
                Some(Tok::Name(n)) if need_name => {
                    names.push(n);
                    need_name = false;
                }
                Some(Tok::Punct("." | "::" | "?.")) if !need_name => need_name = true,
                // Rust's `?` passes the value on (`env::var("T")?`).
                Some(Tok::Punct("?")) if !need_name => {}
                Some(Tok::Punct(p @ ("(" | "["))) if !need_name => {
                    brackets.push((names.len() - 1, *i, p == "("));
                    *i = t.close[*i]?;
                }
                _ => break,
            }
            *i += 1;
        }
        if need_name {
            return None;
        }
        let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        if lower.len() == 1
            && ["none", "null", "nil", "undefined", "true", "false"].contains(&lower[0].as_str())
        {
            return None;
        }
        let calls: Vec<usize> = brackets.iter().filter(|b| b.2).map(|b| b.1).collect();
        // `new AuthenticationHeaderValue("Bearer", token)`; with one argument, that argument
        // is the whole header.
        if lower
            .last()
            .is_some_and(|n| n == "authenticationheadervalue")
            && let Some(&open) = calls.first()
        {
            match self.positional(open)[..] {
                [scheme, value] => {
                    let mut v = self.value(scheme, depth + 1)?;
                    v.text.push(' ');
                    append(&mut v, &self.value(value, depth + 1)?);
                    return Some(v);
                }
                [value] => return self.value(value, depth + 1),
                _ => {}
            }
        }
        // `btoa(…)`, `base64.b64encode(…)`, `Convert.ToBase64String(…)`: the first argument,
        // encoded (for Basic).
        let base64_string = brackets.iter().any(|&(at, open, call)| {
            call && lower[at] == "tostring"
                && matches!(
                    self.positional(open).first().and_then(|&(a, _)| t.tok(a)),
                    Some(Tok::Str(_, "base64"))
                )
        });
        if base64_string || lower.iter().any(|n| ENCODERS.iter().any(|e| n.contains(e))) {
            let arg = calls
                .iter()
                .find_map(|&open| self.positional(open).first().copied())?;
            let mut v = self.value(arg, depth + 1)?;
            // A variable the paste never shows the value of (`Convert.ToBase64String(raw)`):
            // its encoding is as unknown as it is, not the encoding of its name.
            let opaque = v.refs.len() == 1 && v.refs[0].text == v.text;
            if !opaque {
                v.text = STANDARD.encode(v.text.as_bytes());
            }
            return Some(v);
        }
        if let Some(name) = self.environment_variable(&names, &lower, &brackets) {
            return Some(match self.env.get(&name) {
                Some(v) => v.clone(),
                None => unknown(&format!("${name}"), &name),
            });
        }
        // Methods that change nothing we look at: `token.strip()`, `key.encode("utf-8")` (not
        // `Encoding.ASCII.GetBytes(x)`, whose argument is the value).
        let mut end = names.len();
        let mut brackets = &brackets[..];
        while let [rest @ .., (at, open, true)] = brackets
            && *at + 1 == end
            && *at > 0
            && SAME.contains(&lower[*at].as_str())
            // C#'s `Encoding.UTF8.GetBytes("…")` encodes its argument, not its receiver (Java's
            // `"…".getBytes("UTF-8")` names a charset).
            // PowerShell names the class in brackets: `[Text.Encoding]::UTF8.GetBytes("…")`.
            && !(lower[*at] == "getbytes" && lower[..*at].iter().any(|n| n == "encoding"))
            && self
                .positional(*open)
                .first()
                .is_none_or(|&(a, b)| b == a + 1 && matches!(t.tok(a), Some(Tok::Str(..))))
        {
            end = *at;
            brackets = rest;
        }
        match brackets {
            // A variable: `token`, `self.token`, `$token`.
            [] => {
                let path = names[..end].join(".");
                Some(match self.env.get(bare(&path)) {
                    Some(v) => v.clone(),
                    None => unknown_named(&path, names[end - 1]),
                })
            }
            // `str(x)`, `Buffer.from(x)`, `Encoding.UTF8.GetBytes(x)`, `[]byte(x)`.
            [(at, open, true)] if *at + 1 == end && WRAPPERS.contains(&lower[*at].as_str()) => {
                let arg = *self.positional(*open).first()?;
                self.value(arg, depth + 1)
            }
            // Anything else is a value the text does not show: `config["token"]`,
            // `get_token()`. It is named by its last string key, else by its last name.
            _ => {
                let key = brackets.iter().rev().find_map(|&(_, open, _)| {
                    match self.positional(open).first().and_then(|&(a, _)| t.tok(a)) {
                        Some(Tok::Str(_, k)) if is_identifier(k) => Some(k),
                        _ => None,
                    }
                });
                let name = key.unwrap_or(names[end - 1]);
                Some(unknown(&format!("{{{name}}}"), name))
            }
        }
    }

    /// `os.environ["NAME"]`, `os.getenv("NAME")`, `process.env.NAME`, `$env:NAME`,
    /// `System.getenv("NAME")`, `Environment.GetEnvironmentVariable("NAME")`: the name.
    fn environment_variable(
        &self,
        names: &[&str],
        lower: &[String],
        brackets: &[(usize, usize, bool)],
    ) -> Option<String> {
        if let Some(name) = names.first().and_then(|n| {
            n.get(..5)
                .filter(|p| p.eq_ignore_ascii_case("$env:"))
                .map(|_| &n[5..])
        }) {
            return Some(name.to_string());
        }
        let at = lower.iter().position(|n| {
            matches!(
                n.as_str(),
                "environ" | "getenv" | "env" | "getenvironmentvariable"
            )
        })?;
        // `process.env.NAME`; not `os.environ.get("NAME")`.
        if let Some(next) = names.get(at + 1)
            && !brackets.iter().any(|b| b.0 == at || b.0 == at + 1)
        {
            return Some(next.to_string());
        }
        brackets.iter().find_map(|&(_, open, _)| {
            match self
                .positional(open)
                .first()
                .and_then(|&(a, _)| self.t.tok(a))
            {
                Some(Tok::Str(_, k)) if is_identifier(k) => Some(k.to_string()),
                _ => None,
            }
        })
    }

    /// A string literal's value: its escapes read and its interpolations evaluated.
    fn string(&self, quote: Quote, s: &str, depth: u8) -> Value {
        let mut out = Value::default();
        let mut chars = s.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let inner = |open: usize, close: u8| {
                let rest = s.as_bytes().get(open..)?;
                let p = rest
                    .iter()
                    .take(INTERPOLATION_CAP)
                    .position(|&c| c == close)?;
                Some((&s[open..open + p], open + p))
            };
            // An interpolation: the expression's text and where it ends.
            let interpolation = match (quote, c, next) {
                (_, '\\', Some(n)) => {
                    chars.next();
                    out.text.push(match n {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        n => n,
                    });
                    continue;
                }
                (Quote::Brace, '{' | '}', Some(n)) if n == c => {
                    chars.next();
                    out.text.push(c);
                    continue;
                }
                (Quote::Brace, '{', _) => inner(at + 1, b'}'),
                (Quote::Template, '$', Some('{')) => inner(at + 2, b'}'),
                // Ruby's `"#{expression}"`, which may hold braces and quotes of its own.
                (Quote::Dollar, '#', Some('{')) => {
                    balanced(s.as_bytes(), at + 1).map(|close| (&s[at + 2..close], close))
                }
                (Quote::Dollar, '$', Some('(')) => inner(at + 2, b')'),
                (Quote::Dollar, '$', Some(n))
                    if n == '{' || n.is_ascii_alphabetic() || n == '_' =>
                {
                    let mut i = at;
                    if let Tok::Name(name) = variable(s, &mut i) {
                        while chars.peek().is_some_and(|&(p, _)| p < i) {
                            chars.next();
                        }
                        let v = self.variable(name);
                        append(&mut out, &v);
                        continue;
                    }
                    None
                }
                _ => None,
            };
            match interpolation {
                Some((text, end)) => {
                    while chars.peek().is_some_and(|&(p, _)| p <= end) {
                        chars.next();
                    }
                    append(&mut out, &self.interpolate(text, depth));
                }
                None => out.text.push(c),
            }
        }
        // PowerShell expands `$env:NAME` in "…" only: in '…' the server gets it as written,
        // as a shell's '$VAR'.
        if quote == Quote::Literal
            && let Some(at) = out.text.to_ascii_lowercase().find("$env:")
        {
            let mut i = at;
            if let Tok::Name(written) = variable(&out.text, &mut i) {
                let name = &written[5..];
                out.refs.push(Ref {
                    text: written.to_string(),
                    kind: kind_from_name(name),
                    literal: true,
                });
            }
        }
        cap(&mut out);
        out
    }

    /// `$name`, `${name}`, `$env:NAME` in a double-quoted string.
    fn variable(&self, written: &str) -> Value {
        let name = bare(written);
        if let Some(env) = name.get(..4).filter(|p| p.eq_ignore_ascii_case("env:")) {
            let name = &name[env.len()..];
            return match self.env.get(name) {
                Some(v) => v.clone(),
                None => unknown(&format!("${name}"), name),
            };
        }
        match self.env.get(name) {
            Some(v) => v.clone(),
            None => unknown(written, name),
        }
    }

    /// The value of an interpolated expression's text (`{token}`, `${process.env.TOKEN}`).
    fn interpolate(&self, text: &str, depth: u8) -> Value {
        let tokens = Tokens::lex(text);
        let inner = Eval {
            t: &tokens,
            env: self.env,
        };
        let mut j = 0;
        match inner.expr(&mut j, depth + 1) {
            Some(v) if j == tokens.list.len() => v,
            _ => {
                let name = text.trim();
                let name = if is_identifier(name) {
                    name
                } else {
                    "expression"
                };
                unknown(&format!("{{{name}}}"), name)
            }
        }
    }
}

/// A header value hidden whole by the tool that logged it: `***`, `[REDACTED]`, `<hidden>`.
pub(super) fn masked(value: &str) -> bool {
    let v = value.trim().trim_matches(['<', '>', '[', ']', '(', ')']);
    v.chars()
        .all(|c| matches!(c, '*' | 'x' | 'X' | '.' | '•' | '…'))
        || ["redacted", "masked", "hidden", "filtered", "sensitive"]
            .iter()
            .any(|m| v.eq_ignore_ascii_case(m))
}

fn is_cmdlet(name: &str) -> bool {
    CMDLETS.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// `get`, `GetAsync`, `http.MethodPost`: the HTTP method a name says.
fn verb(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix("async").unwrap_or(&n);
    let n = n.strip_prefix("method").unwrap_or(n);
    let n = n.strip_suffix("string").unwrap_or(n);
    METHODS.iter().copied().find(|m| m.eq_ignore_ascii_case(n))
}

/// `"POST"`, `HttpMethod.Post`, `Post`: the method named.
fn method_named(text: &str) -> Option<&'static str> {
    verb(text.rsplit('.').next().unwrap_or(text).trim())
}

fn is_url(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("https://") || t.starts_with("http://")
}

/// A path written without its host: `/v1/me`, `/repositories/acme/widgets`.
fn is_path(text: &str) -> bool {
    text.strip_prefix('/')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
}

/// A URL as evidence may hold it: no user-info, no secret.
fn clean_url(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    url::clean(first).0
}

/// A name without the `$`, `${…}` of its reference.
fn bare(name: &str) -> &str {
    let n = name.strip_prefix('$').unwrap_or(name);
    n.strip_prefix('{')
        .and_then(|n| n.strip_suffix('}'))
        .unwrap_or(n)
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
}

/// A value the text does not show, written `written`, its kind from `name`.
fn unknown(written: &str, name: &str) -> Value {
    Value {
        text: written.to_string(),
        refs: vec![Ref {
            text: written.to_string(),
            kind: kind_from_name(name),
            literal: false,
        }],
    }
}

/// A variable never assigned in the paste: `{path}` when the path is short and plain, else
/// `{last}`.
fn unknown_named(path: &str, last: &str) -> Value {
    let b = bare(path);
    if path.starts_with('$') && is_identifier(b) {
        return unknown(path, b);
    }
    let name = if is_identifier(b) && b.len() <= 40 {
        b
    } else {
        bare(last)
    };
    unknown(&format!("{{{name}}}"), name)
}

fn append(v: &mut Value, other: &Value) {
    v.text.push_str(&other.text);
    for r in &other.refs {
        if v.refs.len() < 16 && !v.refs.contains(r) {
            v.refs.push(r.clone());
        }
    }
    cap(v);
}

/// Keep a value within `VALUE_CAP` bytes and 16 references.
fn cap(v: &mut Value) {
    if v.text.len() > VALUE_CAP {
        let mut end = VALUE_CAP;
        while !v.text.is_char_boundary(end) {
            end -= 1;
        }
        v.text.truncate(end);
    }
    v.refs.truncate(16);
}

/// `"Bearer {}".format(token)`, `"{0}:{1}".format(a, b)`.
fn format(template: &Value, args: &[Value]) -> Value {
    let mut out = Value {
        refs: template.refs.clone(),
        ..Value::default()
    };
    let mut next = 0;
    let mut rest = template.text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|p| open + p) else {
            break;
        };
        out.text.push_str(&rest[..open]);
        let index = rest[open + 1..close].parse::<usize>().ok();
        match args.get(index.unwrap_or(next)) {
            Some(a) => append(&mut out, a),
            None => out.text.push_str(&rest[open..=close]),
        }
        next += 1;
        rest = &rest[close + 1..];
    }
    out.text.push_str(rest);
    cap(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_of(expr: &str) -> Value {
        let t = Tokens::lex(expr);
        let env = Env::default();
        let e = Eval { t: &t, env: &env };
        let mut j = 0;
        let v = e.expr(&mut j, 0).unwrap();
        assert_eq!(j, t.list.len(), "{expr}");
        v
    }

    #[test]
    fn builds_strings_as_the_language_does() {
        assert_eq!(value_of("\"Bearer \" + token").text, "Bearer {token}");
        assert_eq!(value_of("f\"Bearer {token}\"").text, "Bearer {token}");
        assert_eq!(value_of("`Bearer ${token}`").text, "Bearer {token}");
        assert_eq!(value_of("\"Bearer $token\"").text, "Bearer $token");
        // C#: two arguments are the scheme and the token; one is the whole header.
        assert_eq!(
            value_of("new AuthenticationHeaderValue(\"Bearer\", token)").text,
            "Bearer {token}"
        );
        assert_eq!(
            value_of("new AuthenticationHeaderValue(token)").text,
            "{token}"
        );
        assert_eq!(value_of("'Bearer $token'").text, "Bearer $token");
        // PowerShell's '…' passes `$env:NAME` on as written.
        let v = value_of("'Bearer $env:BB_ACCESS_TOKEN'");
        assert_eq!(v.text, "Bearer $env:BB_ACCESS_TOKEN");
        assert!(
            v.refs
                .iter()
                .any(|r| r.literal && r.text == "$env:BB_ACCESS_TOKEN"),
            "{v:?}"
        );
        assert!(
            value_of("\"Bearer $env:BB_ACCESS_TOKEN\"")
                .refs
                .iter()
                .all(|r| !r.literal)
        );
        assert_eq!(value_of("$\"Bearer {token}\"").text, "Bearer {token}");
        assert_eq!(
            value_of("\"Bearer {}\".format(token)").text,
            "Bearer {token}"
        );
        let v = value_of("os.environ[\"BITBUCKET_API_TOKEN\"]");
        assert_eq!(v.text, "$BITBUCKET_API_TOKEN");
        assert_eq!(v.refs[0].kind, Some(crate::credential::Kind::ApiToken));
        assert_eq!(
            value_of("process.env.BITBUCKET_TOKEN").text,
            "$BITBUCKET_TOKEN"
        );
        assert_eq!(
            value_of("\"Bearer $env:BB_TOKEN\"").text,
            "Bearer $BB_TOKEN"
        );
        assert_eq!(
            value_of("self.config[\"DEFAULT\"].get(\"app_password\")").text,
            "{app_password}"
        );
        let b64 = value_of("Convert.ToBase64String(Encoding.UTF8.GetBytes(\"me:ATATT3x…\"))").text;
        assert_eq!(STANDARD.decode(b64).unwrap(), "me:ATATT3x…".as_bytes());
        // PowerShell names the class in brackets, the namespace before it.
        let b64 =
            value_of("[Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes(\"me:x\"))")
                .text;
        assert_eq!(STANDARD.decode(b64).unwrap(), b"me:x");
        let b64 = value_of("btoa(email + ':' + token)").text;
        assert_eq!(STANDARD.decode(b64).unwrap(), b"{email}:{token}");
        let b64 = value_of("base64.b64encode(f\"{user}:{pw}\".encode()).decode()").text;
        assert_eq!(STANDARD.decode(b64).unwrap(), b"{user}:{pw}");
        // Ruby's interpolation, quotes inside it and all.
        let v = value_of("\"Basic #{Base64.strict_encode64(\"#{user}:#{token}\")}\"").text;
        let b64 = v.strip_prefix("Basic ").unwrap();
        assert_eq!(STANDARD.decode(b64).unwrap(), b"{user}:{token}");
        // A value the paste never shows stays unknown, not the encoding of its name.
        assert_eq!(value_of("Convert.ToBase64String(raw)").text, "{raw}");
    }

    #[test]
    fn a_statement_spans_its_brackets_only() {
        let text = "h = {\n  'a': 1,\n}\nprint(h)\n";
        assert_eq!(statement_end(text, 0), Ok(text.find("print").unwrap()));
        let open = "x = (\n\ny = 2\n";
        assert_eq!(statement_end(open, 0), Ok(open.find("\n\n").unwrap() + 1));
        let unclosed = "x = (\n".repeat(100);
        assert_eq!(statement_end(&unclosed, 0), Err(STATEMENT_LINES * 6));
        assert_eq!(nesting("f('(', \"[\")", 0), 0);
    }

    #[test]
    fn may_read_passes_what_gives_and_skips_prose() {
        for given in [
            "Authorization: Bearer $TOKEN",
            "'authorization': token",
            "auth: { username: u }",
            "Invoke-RestMethod -Uri https://api.bitbucket.org/2.0/user",
            "irm https://api.bitbucket.org/2.0/user",
            "-Authentication Bearer -Token $t",
            "token = 'x'",
            "requests.get(url)",
        ] {
            assert!(may_read(given), "{given:?}");
        }
        for prose in [
            "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
            "Authorization failed - please check your credentials",
            "auth_type: implicit",
            "Does anyone have an authoritative list?",
            "UNAUTHENTICATED: Invalid credentials",
        ] {
            assert!(!may_read(prose), "{prose:?}");
        }
    }

    /// Over every line of the development and test reports, and each line with the lines after
    /// it: a statement [`may_read`] passes over gives [`read_statement`] nothing.
    #[test]
    fn may_read_skips_nothing_in_the_reports() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/reports");
        let mut skipped = 0;
        for set in ["dev", "test"] {
            for entry in std::fs::read_dir(root.join(set)).expect("the reports") {
                let Ok(text) = std::fs::read_to_string(entry.expect("a report").path()) else {
                    continue;
                };
                let lines: Vec<&str> = text.lines().collect();
                for i in 0..lines.len() {
                    for n in [1, 3] {
                        let statement = lines[i..(i + n).min(lines.len())].join("\n");
                        if may_read(&statement) {
                            continue;
                        }
                        skipped += 1;
                        let mut env = Env::default();
                        let (auth, call) = read_statement(&Tokens::lex(&statement), &mut env);
                        assert!(auth.is_none() && call.is_none(), "{statement:?}");
                        assert!(format!("{env:?}") == format!("{:?}", Env::default()));
                    }
                }
            }
        }
        assert!(skipped > 0);
    }

    proptest::proptest! {
        /// A line's bracket depth, quotes passed over by a search, is the byte-by-byte one.
        #[test]
        fn nesting_is_bytewise(
            text in "(\"|'|`|\\\\|\\(|\\)|\\[|\\]|\\{|\\}|a| |é){0,16}",
            depth in 0usize..3
        ) {
            proptest::prop_assert_eq!(nesting(&text, depth), nesting_bytewise(&text, depth));
        }

        /// A statement [`may_read`] passes over is one [`read_statement`] finds nothing in: no
        /// Authorization, no call, no assignment (whatever was assigned before it).
        #[test]
        fn may_read_skips_no_statement_that_gives_anything(
            text in concat!(
                r#"(auth|Auth|AUTH|authorization|Authorization|authentication|Authentication|"#,
                r#"oauth|auth_x|authé|-|:|=|\(|\)|\[|\]|\{|\}|,|;|\.| |\n|#|//|\$|'|"|`|"#,
                r#"basic|Basic|bearer|Bearer|token|username|password|user|pass|key|value|"#,
                r#"Invoke-RestMethod|invoke-webrequest|Invoke|irm|IWR|-Uri|-Headers|-Token|"#,
                r#"get|fetch|requests|url|https://bitbucket.org/a/b|withToken|basic_auth|"#,
                r#"HTTPBasicAuth|bearer_auth|CURLOPT_USERPWD|x|1|é){0,14}"#
            )
        ) {
            let mut env = Env::default();
            env.set(
                "token",
                Value {
                    text: "abc".into(),
                    refs: Vec::new(),
                },
            );
            let before = format!("{env:?}");
            let (auth, call) = read_statement(&Tokens::lex(&text), &mut env);
            if !may_read(&text) {
                proptest::prop_assert!(auth.is_none(), "{text:?}");
                proptest::prop_assert!(call.is_none(), "{text:?}");
                proptest::prop_assert_eq!(format!("{env:?}"), before, "{:?}", text);
            }
        }

        /// Found from its rarer byte, a word is found where a search from its first finds it.
        #[test]
        fn holds_ignoring_case_is_contains(text in "(a|A|u|U|t|h|H|Auth|AUTH|invoke|Invoke-|-| |é){0,12}") {
            let b = text.as_bytes();
            for (word, rare) in [("auth", 1), ("invoke-", 6)] {
                proptest::prop_assert_eq!(
                    holds_ignoring_case(b, word.as_bytes(), rare),
                    crate::evidence::contains_ignore_ascii_case(&text, word)
                );
            }
            // The markers find the gate's words where these searches do.
            let lower = text.to_ascii_lowercase();
            let marks = crate::explain::marks::Marks::new(&text, &lower);
            proptest::prop_assert_eq!(
                marks.within(crate::explain::marks::Table::CodeWords, 0..text.len()),
                GATE_WORDS
                    .iter()
                    .zip([1, 6])
                    .any(|(w, rare)| holds_ignoring_case(b, w.as_bytes(), rare))
            );
        }
    }
}
