//! Scrubbing pasted text before any of it is kept: Atlassian token shapes, credentials in URLs
//! and token fields are replaced by their redacted form, so a real secret in a body, a URL or
//! an error message never reaches the evidence in clear.

use crate::credential::Secret;
use std::borrow::Cow;

/// Prefixes of Atlassian secrets (fact sheet §3.1).
const PREFIXES: &[&str] = &["ATATT", "ATCTT", "ATBB"];

/// `text` with every secret we can recognise replaced by its redacted form.
pub fn text(text: &str) -> Cow<'_, str> {
    if !needs_scrub(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, len, redacted)) = next_secret(rest) {
        out.push_str(&rest[..at]);
        out.push_str(&redacted);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn needs_scrub(text: &str) -> bool {
    // Each phrase found from a byte few texts hold (`A`, `_`, `=`), not by a substring search
    // each: every URL and body a report shows is asked.
    let b = text.as_bytes();
    memchr::memchr_iter(b'A', b).any(|i| PREFIXES.iter().any(|p| b[i..].starts_with(p.as_bytes())))
        || crate::evidence::contains_str(text, "://") && text.contains('@')
        || memchr::memchr_iter(b'_', b).any(|i| b[i..].starts_with(b"_token"))
        || memchr::memchr_iter(b'=', b).any(|i| b[..i].ends_with(b"password"))
}

/// The next secret in `s`: where it starts, its length, and what to write instead.
fn next_secret(s: &str) -> Option<(usize, usize, String)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A token: ATATT…, ATCTT…, ATBB… (word characters), also glued to what precedes it
        // (`passwordATATT…`: a paste that lost its space is still the token).
        if b[i] == b'A' && PREFIXES.iter().any(|p| s[i..].starts_with(p)) {
            let len = s[i..].bytes().take_while(|&c| is_token_byte(c)).count();
            if len >= 16 {
                return Some((i, len, Secret::new(&s[i..i + len]).redacted()));
            }
        }
        // user:secret@ in a URL.
        if s[i..].starts_with("://") {
            let auth_start = i + 3;
            let end = s[auth_start..]
                .find(|c: char| c == '/' || c.is_whitespace() || c == '\'' || c == '"')
                .map_or(s.len(), |p| auth_start + p);
            if let Some(at) = s[auth_start..end].rfind('@')
                && let Some(colon) = s[auth_start..auth_start + at].find(':')
            {
                let secret_start = auth_start + colon + 1;
                let secret_end = auth_start + at;
                if secret_end > secret_start {
                    let secret = Secret::new(&s[secret_start..secret_end]);
                    return Some((secret_start, secret_end - secret_start, secret.redacted()));
                }
            }
        }
        // access_token=…, "access_token": "…", password=…
        if let Some((key_len, value_at)) = token_field(&s[i..]) {
            let start = i + value_at;
            let ends_value = |c: u8| {
                matches!(
                    c,
                    b'"' | b'\'' | b'&' | b',' | b'}' | b' ' | b'\n' | b'\r' | b'\\'
                )
            };
            // A `{placeholder}` keeps its closing brace. It is short: looking further for the
            // brace read the rest of the text once per field (quadratic on a long paste).
            let placeholder_end = s[start..]
                .starts_with('{')
                .then(|| {
                    s.as_bytes()[start..]
                        .iter()
                        .take(128)
                        .position(|&c| c == b'}')
                })
                .flatten();
            let len = match placeholder_end {
                Some(close) => close + 1,
                None => s[start..].bytes().take_while(|&c| !ends_value(c)).count(),
            };
            let value = &s[start..start + len];
            if len > 0 && !value.starts_with('$') && crate::credential::placeholder(value).is_none()
            {
                return Some((start, len, Secret::new(value).redacted()));
            }
            i += key_len;
            continue;
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn is_token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'=')
}

/// `access_token=`, `refresh_token": "`, `password=` at the start of `s`: the key's length and
/// where its value starts.
fn token_field(s: &str) -> Option<(usize, usize)> {
    let key = ["access_token", "refresh_token", "password"]
        .into_iter()
        .find(|k| s.starts_with(k))?;
    let rest = &s[key.len()..];
    let sep = rest
        .bytes()
        .take_while(|c| matches!(c, b'"' | b'\\' | b':' | b'=' | b' '))
        .count();
    let seps = &rest[..sep];
    (seps.contains(':') || seps.contains('=')).then_some((key.len(), key.len() + sep))
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";

    #[test]
    fn redacts_tokens_url_credentials_and_token_fields() {
        let t = format!("x {API} y");
        assert_eq!(text(&t), "x ATATT…(192 chars) y");
        let u = text("fatal: 'https://pat:hunter2secret@bitbucket.org/a/b.git/'");
        assert!(!u.contains("hunter2secret"), "{u}");
        assert!(u.contains("https://pat:"), "{u}");
        let j = text(r#"{"access_token": "abcdefghijklmnop", "token_type": "bearer"}"#);
        assert!(!j.contains("abcdefghijklmnop"), "{j}");
        let q = text("https://api.bitbucket.org/2.0/user?access_token=zzzzzzzzzzzz&x=1");
        assert!(!q.contains("zzzzzzzzzzzz"), "{q}");
        assert!(matches!(text("nothing here"), Cow::Borrowed(_)));
        // Found by fuzzing (explain_curl): a token glued to the word before it, in a URL.
        let glued = format!("x/password{API}u");
        let glued = text(&glued);
        assert!(!glued.contains(&API[20..60]), "{glued}");
        assert_eq!(text("password={api_token}"), "password={api_token}");
    }

    proptest::proptest! {
        /// Found from their rare bytes, the phrases are found where substring searches find them.
        #[test]
        fn needs_scrub_is_the_substring_searches(
            text in "(ATATT|ATCTT|ATBB|AT|A|_token|_|password=|password|=|://|@|x| |é){0,10}"
        ) {
            let naive = PREFIXES.iter().any(|p| text.contains(p))
                || text.contains("://") && text.contains('@')
                || text.contains("_token")
                || text.contains("password=");
            proptest::prop_assert_eq!(needs_scrub(&text), naive);
        }
    }
}
