//! The one scrubber: every secret a run knows, cut out of any text in every form the text can
//! carry it (red team round 2 found a server's JSON-escaped, URL-encoded and base64 echoes, and
//! short secrets, printed as they came).
//!
//! A secret is found:
//! - as written, or with any of its characters escaped as JSON (`\u00e4`, `\"`, `\/`), a URL
//!   (`%40`, `+` for a space) or HTML/XML (`&amp;`, `&#64;`) writes them, in any mix;
//! - inside any run of base64 (standard or URL-safe, padded or not): alone, as `login:secret`,
//!   or after whatever else was encoded with it;
//! - shorter than [`ANYWHERE`] characters, only as a token of its own (`s3cr!` in
//!   `token s3cr!"`, not the `pass` in `password`), and not at all under [`SHORTEST`];
//! - for a random-looking secret, any run of a dozen of its characters (a server that echoes
//!   half of it).
//!
//! Each is replaced by the secret's redacted form (`ATATT…(192 chars)`, `unknown(12 chars)`).

use super::{Secret, looks_random};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// Secrets at least this long are found wherever they stand; shorter ones only as a token.
const ANYWHERE: usize = 8;
/// Shorter secrets are not looked for: they cannot be told from ordinary words.
const SHORTEST: usize = 3;
/// A run of this many characters of a random-looking secret is a piece of it.
const PIECE: usize = 12;
/// The most secrets one scrubber knows. A check knows a few; a paste shows one or two
/// credentials, and a log that shows thousands keeps its first ones (the others are redacted
/// where they stand, as every credential is; only a server's quote of them is not looked for):
/// every text is scanned for all of them at once, and this bounds the work per character.
const MOST: usize = 32;

/// The secrets a run knows, and what each is shown as.
#[derive(Clone, Default)]
pub struct Scrubber {
    /// Longest first: a secret that holds another is cut out whole.
    known: Vec<Known>,
    /// For each first byte, the secrets that start with it (indices into `known`), and all.
    by_first: Vec<Vec<usize>>,
    every: Vec<usize>,
    /// Pieces of random-looking secrets by length: each run of that many bytes of a secret,
    /// and the secret it belongs to.
    pieces: Vec<(usize, Pieces)>,
}

/// Runs of a secret's bytes, each with the index of the secret it belongs to.
type Pieces = HashMap<Vec<u8>, usize, BuildHasherDefault<Fnv>>;

/// FNV-1a: pieces are a dozen bytes, looked up at every position of a text; SipHash's
/// protection against chosen collisions costs more than it buys here.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Clone)]
struct Known {
    value: Vec<u8>,
    shown: String,
    /// Found only as a token of its own (short secrets).
    whole_word: bool,
    /// Runs of this many bytes of the secret are pieces of it (0: pieces are not looked for).
    piece: usize,
}

impl fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scrubber({} secrets)", self.known.len())
    }
}

impl Scrubber {
    pub fn new() -> Scrubber {
        Scrubber::default()
    }

    /// A scrubber for one secret.
    pub fn of(secret: &Secret) -> Scrubber {
        let mut s = Scrubber::new();
        s.add(secret);
        s
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Know this secret. A placeholder that reports show as written (`{api_token}`, `$TOKEN`)
    /// is not a secret and is left alone.
    pub fn add(&mut self, secret: &Secret) {
        let value = secret.expose_for_request().trim();
        let shown = secret.redacted();
        if shown == value || value.chars().count() < SHORTEST {
            return;
        }
        self.add_value(value, shown, true);
    }

    /// Know a word that stands where a secret goes (a login that looks like a token, a query
    /// value): shown as [`super::redact_word`] shows it.
    pub fn add_word(&mut self, word: &str) {
        let word = word.trim();
        if word.chars().count() >= SHORTEST && super::placeholder(word).is_none() {
            self.add_value(word, super::redact_word(word), true);
        }
    }

    /// Know a credential: its secret, and its login when the login looks like a secret (a token
    /// pasted as the username, `-u TOKEN:login` swapped).
    pub fn add_authorization(&mut self, auth: &super::Authorization) {
        if let Some(secret) = &auth.secret {
            self.add(secret);
        }
        // The header's credential as written (a Basic payload, a value that did not decode),
        // unless it is a placeholder reports show.
        if let Some(value) = auth.request_header_value() {
            let payload = value
                .split_once(' ')
                .map_or(value.as_str(), |(_, p)| p)
                .trim();
            let shown = auth.redacted();
            if payload.chars().count() >= SHORTEST && !shown.contains(payload) {
                self.add_value(payload, shown, false);
            }
        }
        if let Some(login) = auth.login.as_deref().filter(|l| super::secret_like(l)) {
            self.add_word(login);
        }
    }

    /// Know the secrets a URL carries: a password in its user part, a user part that looks like
    /// a token (`https://TOKEN@host/…`), a query value named for a secret or shaped like one
    /// (`?access_token=…`).
    pub fn add_url(&mut self, url: &str) {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if let Some((user, _)) = authority.rsplit_once('@') {
            let (login, password) = user.split_once(':').unwrap_or((user, ""));
            if !password.is_empty() {
                self.add_word(&super::percent_decode(password));
            }
            let login = super::percent_decode(login);
            if super::secret_like(&login) {
                self.add_word(&login);
            }
        }
        let query = url.split_once('?').map_or("", |(_, q)| q);
        for (name, value) in query.split(['&', '#']).filter_map(|p| p.split_once('=')) {
            let value = super::percent_decode(value);
            if super::secret_parameter(name) || super::secret_like(&value) {
                self.add_word(&value);
            }
        }
    }

    /// Know `value`, shown as `shown`; `pieces`: look for its pieces too when it looks random.
    fn add_value(&mut self, value: &str, shown: String, pieces: bool) {
        if self.known.len() >= MOST || self.known.iter().any(|k| k.value == value.as_bytes()) {
            return;
        }
        let len = value.chars().count();
        let piece = match (pieces && looks_random(value), len) {
            (true, 24..) => PIECE,
            (true, 16..=23) => len / 2,
            _ => 0,
        };
        self.known.push(Known {
            value: value.as_bytes().to_vec(),
            shown,
            whole_word: len < ANYWHERE,
            piece,
        });
        self.sort();
    }

    /// Longest first, the index by first byte, the pieces by length.
    fn sort(&mut self) {
        self.known.sort_by_key(|k| std::cmp::Reverse(k.value.len()));
        self.by_first = vec![Vec::new(); 256];
        self.every = (0..self.known.len()).collect();
        self.pieces.clear();
        for (i, k) in self.known.iter().enumerate() {
            self.by_first[usize::from(k.value[0])].push(i);
            if k.piece == 0 {
                continue;
            }
            let at = match self.pieces.iter().position(|(n, _)| *n == k.piece) {
                Some(at) => at,
                None => {
                    self.pieces.push((k.piece, HashMap::default()));
                    self.pieces.len() - 1
                }
            };
            for w in k.value.windows(k.piece) {
                self.pieces[at].1.entry(w.to_vec()).or_insert(i);
            }
        }
    }

    /// `text` with every known secret, in every form, replaced by its redacted form.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.scrub_from(text, 0)
    }

    /// [`Scrubber::scrub`] for whole rendered reports: only secrets long enough that cutting
    /// them out cannot touch the report's own words (a JSON key, `true`).
    pub fn scrub_rendered<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.scrub_from(text, ANYWHERE)
    }

    fn scrub_from<'a>(&self, text: &'a str, shortest: usize) -> Cow<'a, str> {
        // Longest first: those long enough come first.
        let long_enough = self
            .known
            .iter()
            .take_while(|k| k.value.len() >= shortest)
            .count();
        let known = &self.known[..long_enough];
        if known.is_empty() || text.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = Cow::Borrowed(text);
        if let Some(t) = base64_runs(&out, known) {
            out = Cow::Owned(t);
        }
        if let Some(t) = self.cut_occurrences(&out, shortest) {
            out = Cow::Owned(t);
        }
        for (n, pieces) in &self.pieces {
            if let Some(t) = self.cut_pieces(&out, *n, pieces, shortest) {
                out = Cow::Owned(t);
            }
        }
        out
    }

    /// Runs of `n` or more bytes of a random-looking secret (a partial echo) replaced.
    fn cut_pieces(&self, text: &str, n: usize, pieces: &Pieces, shortest: usize) -> Option<String> {
        let b = text.as_bytes();
        let mut out = String::new();
        let (mut copied, mut i) = (0, 0);
        while i + n <= b.len() {
            let hit = pieces
                .get(&b[i..i + n])
                .map(|&k| &self.known[k])
                .filter(|k| k.value.len() >= shortest && text.is_char_boundary(i));
            let Some(k) = hit else {
                i += 1;
                continue;
            };
            let mut end = i + n;
            while end < b.len() && contains(&k.value, &b[i..=end]) {
                end += 1;
            }
            // A piece of a word (`password` of `Wrong-password-42`) is the text's own.
            if !random_run(&b[i..end]) {
                i += 1;
                continue;
            }
            out.push_str(&text[copied..i]);
            out.push_str(&k.shown);
            copied = end;
            i = end;
        }
        (copied > 0).then(|| {
            out.push_str(&text[copied..]);
            out
        })
    }

    /// Every occurrence of every secret of `shortest` bytes or more, plain or escaped,
    /// replaced, in one pass over the text (secrets longest first); `None` when there is none.
    fn cut_occurrences(&self, text: &str, shortest: usize) -> Option<String> {
        let b = text.as_bytes();
        let every = &self.every;
        let mut out = String::new();
        let (mut copied, mut i) = (0, 0);
        while i < b.len() {
            // An escape may stand for any first character.
            let candidates = match b[i] {
                b'\\' | b'%' | b'&' | b'+' => every,
                c => &self.by_first[usize::from(c)],
            };
            let hit = match candidates.is_empty() || !text.is_char_boundary(i) {
                true => None,
                false => candidates.iter().find_map(|&n| {
                    let k = &self.known[n];
                    if k.value.len() < shortest {
                        return None;
                    }
                    let end = occurrence_at(b, i, &k.value)?;
                    let edges = !k.whole_word || (edge_before(b, i) && edge_after(b, end));
                    (edges && text.is_char_boundary(end)).then_some((end, k))
                }),
            };
            match hit {
                Some((end, k)) => {
                    out.push_str(&text[copied..i]);
                    out.push_str(&k.shown);
                    copied = end;
                    i = end;
                }
                None => i += 1,
            }
        }
        (copied > 0).then(|| {
            out.push_str(&text[copied..]);
            out
        })
    }
}

/// Whether the byte at `i` (out of range: the text's edge) ends a token.
fn boundary(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Whether a token may start at `i`: the text's start, a character that is not a letter or a
/// digit, or an escape of one (`\u0020`, `%20`) just before.
fn edge_before(b: &[u8], i: usize) -> bool {
    if boundary(b, i.wrapping_sub(1)) {
        return true;
    }
    let mut buf = [0u8; 4];
    [6, 3, 2]
        .iter()
        .filter_map(|&n| i.checked_sub(n))
        .any(|at| {
            escaped_unit(b, at, &mut buf).is_some_and(|(c, used)| at + used == i && !word_char(c))
        })
}

/// Whether a token may end at `end`: the text's end, a character that is not a letter or a
/// digit, or the escape of one.
fn edge_after(b: &[u8], end: usize) -> bool {
    let mut buf = [0u8; 4];
    boundary(b, end) || escaped_unit(b, end, &mut buf).is_some_and(|(c, _)| !word_char(c))
}

fn word_char(bytes: &[u8]) -> bool {
    bytes.first().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A run that reads as random rather than as words: digits and letters, and both cases or a
/// dozen characters.
fn random_run(run: &[u8]) -> bool {
    let has = |f: fn(&u8) -> bool| run.iter().any(f);
    has(u8::is_ascii_digit)
        && has(u8::is_ascii_alphabetic)
        && ((has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase)) || run.len() >= 12)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Where an occurrence of `secret` that starts at `i` ends, each character written as itself
/// or escaped (see the module's documentation). A character that matches both as itself and
/// as the start of an escape (`%41` in a secret) is tried both ways, within a bounded number
/// of steps.
fn occurrence_at(text: &[u8], start: usize, secret: &[u8]) -> Option<usize> {
    let mut budget = 4 * secret.len() + 64;
    let mut buf = [0u8; 4];
    let mut tries = vec![(start, 0usize)];
    while let Some((mut i, mut k)) = tries.pop() {
        loop {
            if k == secret.len() {
                return Some(i);
            }
            if budget == 0 {
                return None;
            }
            budget -= 1;
            let Some(&c) = text.get(i) else { break };
            let escape = escaped_unit(text, i, &mut buf)
                .filter(|(bytes, _)| secret[k..].starts_with(bytes))
                .map(|(bytes, used)| (i + used, k + bytes.len()));
            match (c == secret[k], escape) {
                (true, alternative) => {
                    tries.extend(alternative);
                    (i, k) = (i + 1, k + 1);
                }
                (false, Some(next)) => (i, k) = next,
                (false, None) => break,
            }
        }
    }
    None
}

/// The bytes an escape at `i` stands for, and the length of the escape.
fn escaped_unit<'b>(text: &[u8], i: usize, buf: &'b mut [u8; 4]) -> Option<(&'b [u8], usize)> {
    let hex = |s: &[u8]| -> Option<u32> {
        let s = std::str::from_utf8(s).ok()?;
        match !s.is_empty() && s.bytes().all(|c| c.is_ascii_hexdigit()) {
            true => u32::from_str_radix(s, 16).ok(),
            false => None,
        }
    };
    let one = |buf: &'b mut [u8; 4], byte: u8, used: usize| {
        buf[0] = byte;
        Some((&buf[..1], used))
    };
    let char_of = |buf: &'b mut [u8; 4], c: char, used: usize| {
        let len = c.encode_utf8(buf).len();
        Some((&buf[..len], used))
    };
    let rest = &text[i..];
    match rest.first()? {
        b'+' => one(buf, b' ', 1),
        b'%' => one(buf, hex(rest.get(1..3)?)? as u8, 3),
        b'\\' => match rest.get(1)? {
            b'u' => {
                let unit = hex(rest.get(2..6)?)?;
                if (0xD800..0xDC00).contains(&unit)
                    && rest.get(6..8) == Some(b"\\u")
                    && let Some(low) = rest.get(8..12).and_then(hex)
                    && (0xDC00..0xE000).contains(&low)
                {
                    let c = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
                    return char_of(buf, c, 12);
                }
                char_of(buf, char::from_u32(unit)?, 6)
            }
            b'x' => one(buf, hex(rest.get(2..4)?)? as u8, 4),
            b'n' => one(buf, b'\n', 2),
            b'r' => one(buf, b'\r', 2),
            b't' => one(buf, b'\t', 2),
            b'b' => one(buf, 8, 2),
            b'f' => one(buf, 12, 2),
            c @ (b'"' | b'\\' | b'/' | b'\'') => one(buf, *c, 2),
            _ => None,
        },
        b'&' => {
            let end = rest.iter().take(12).position(|&c| c == b';')?;
            let name = std::str::from_utf8(&rest[1..end]).ok()?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(h) => hex(h.as_bytes())?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            char_of(buf, c, end + 1)
        }
        _ => None,
    }
}

/// The text with every base64 run that decodes to something holding a known secret replaced;
/// `None` when there is none.
fn base64_runs(text: &str, known: &[Known]) -> Option<String> {
    let b = text.as_bytes();
    let shortest = known.iter().map(|k| k.value.len()).min().unwrap_or(0);
    let shortest_b64 = (shortest * 4 / 3).max(4);
    let is_b64 = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
    let mut out = String::new();
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        if !is_b64(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_b64(b[i]) {
            i += 1;
        }
        let mut end = i;
        while end < b.len() && b[end] == b'=' && end - i < 2 {
            end += 1;
        }
        // Too short to hold the shortest secret in base64 (4 characters for 3 bytes).
        if i - start < shortest_b64 {
            continue;
        }
        let hit = (0..4.min(i - start - 3)).find_map(|offset| {
            let decoded = decode_base64(&b[start + offset..i]);
            known.iter().find(|k| holds(&decoded, k))
        });
        if let Some(k) = hit {
            out.push_str(&text[copied..start]);
            out.push_str(&k.shown);
            copied = end;
            i = end;
        }
    }
    (copied > 0).then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

/// Whether decoded bytes hold the secret (a short one only as a token of its own).
fn holds(decoded: &[u8], k: &Known) -> bool {
    let n = k.value.len();
    if decoded.len() < n {
        return false;
    }
    (0..=decoded.len() - n).any(|at| {
        decoded[at] == k.value[0]
            && decoded[at..at + n] == k.value[..]
            && (!k.whole_word
                || (boundary(decoded, at.wrapping_sub(1)) && boundary(decoded, at + n)))
    })
}

/// Base64 of either alphabet, without padding; trailing bits that make no byte are dropped.
fn decode_base64(run: &[u8]) -> Vec<u8> {
    let sextet = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' | b'-' => 62,
            _ => 63,
        }
    };
    let mut out = Vec::with_capacity(run.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &c in run {
        acc = (acc << 6) | sextet(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    fn scrubbed(secret: &str, text: &str) -> String {
        Scrubber::of(&Secret::new(secret)).scrub(text).into_owned()
    }

    #[test]
    fn every_form_of_a_secret_is_cut() {
        let s = "p@ss wörd/42+\"x\\";
        let json = serde_json::to_string(s).unwrap();
        let ascii: String = s
            .chars()
            .map(|c| match c {
                c if c.is_ascii_alphanumeric() => c.to_string(),
                c => format!("\\u{:04x}", c as u32),
            })
            .collect();
        let every_u: String = s.chars().map(|c| format!("\\u{:04X}", c as u32)).collect();
        let url: String = s
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
                b' ' => "+".into(),
                b => format!("%{b:02x}"),
            })
            .collect();
        let html = s.replace('&', "&amp;").replace('"', "&quot;");
        let b64 = STANDARD.encode(s);
        let basic = STANDARD.encode(format!("pat@example.com:{s}"));
        let urlsafe = URL_SAFE_NO_PAD.encode(format!("x-token-auth:{s}"));
        for form in [
            s, &json, &ascii, &every_u, &url, &html, &b64, &basic, &urlsafe,
        ] {
            let text = format!("Login failed for token {form} (try again)");
            let out = scrubbed(s, &text);
            assert!(
                out.contains("(15 chars)") || out.contains("(16 chars)"),
                "{form}: {out}"
            );
            assert!(!out.contains("42"), "{form}: {out}");
            assert!(out.ends_with(" (try again)"), "{form}: {out}");
        }
    }

    #[test]
    fn short_secrets_only_as_a_token() {
        let shown = Secret::new("s3cr!").redacted();
        assert_eq!(
            scrubbed("s3cr!", "Login failed for token s3cr!"),
            format!("Login failed for token {shown}")
        );
        assert_eq!(
            scrubbed("pass", "password: pass"),
            "password: unknown(4 chars)"
        );
        assert_eq!(scrubbed("ab", "ab ab"), "ab ab");
    }

    #[test]
    fn half_of_a_random_secret_is_cut() {
        let s = "Zz8vK2mP9xL4nR7tW3yB6cD1";
        let out = scrubbed(s, "echo: Zz8vK2mP9xL4 and 4nR7tW3yB6cD1!");
        assert!(!out.contains("Zz8vK2mP9xL4"), "{out}");
        assert!(!out.contains("nR7tW3yB6cD1"), "{out}");
        // A human password's pieces are words: never cut.
        assert_eq!(
            scrubbed("summer-holiday-2024", "the summer-holiday is over"),
            "the summer-holiday is over"
        );
        assert_eq!(
            scrubbed("Wrong-password-42", "Too many invalid password attempts"),
            "Too many invalid password attempts"
        );
    }

    #[test]
    fn placeholders_shown_as_written_are_not_secrets() {
        assert_eq!(
            scrubbed("{api_token}", "Bearer {api_token}"),
            "Bearer {api_token}"
        );
        assert!(Scrubber::of(&Secret::new("$TOKEN")).is_empty());
    }

    #[test]
    fn text_without_secrets_is_borrowed() {
        let s = Scrubber::of(&Secret::new("hunter2-secret-42"));
        assert!(matches!(s.scrub("nothing to see"), Cow::Borrowed(_)));
        assert!(matches!(Scrubber::new().scrub("x"), Cow::Borrowed(_)));
    }
}
