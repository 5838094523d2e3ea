//! What the parsers of untrusted text must hold, whatever the input: no panic, and no secret
//! in anything they print. One function per fuzz target; the fuzz targets (`fuzz/`), the
//! property tests (`tests/properties.rs`) and the regression tests of what fuzzing found
//! (`tests/fuzz_regressions.rs`) all call these, so the three check the same thing.
//!
//! The oracle is a canary: each byte 0x01 of the input becomes a known secret, which must
//! never appear in a redacted form, scrubbed text or a report. Nor may a report carry a
//! terminal escape sequence from the input, and its JSON and JUnit forms must parse.
#![allow(dead_code)]

use bbdoctor::credential::{Authorization, decode_basic, secret_like};
use bbdoctor::explain::input;
use bbdoctor::report::{self, Format, Style};

/// Random-looking, and made of none of the words a redacted form uses.
pub const CANARY: &str = "Zq9vK2mXw7LpR4tN8cYb";

/// A checksum-valid API token (fact sheet §3.2's sample).
pub const TOKEN: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";

/// Standard base64 (the fuzz crate has no base64 dependency of its own).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        out.push_str(&"=".repeat(3 - chunk.len()));
    }
    out
}

fn planted(data: &[u8], secret: &str) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    Some(text.replace('\u{1}', secret))
}

/// `Authorization::parse` of a header line and `decode_basic` of a payload.
pub fn basic_header(data: &[u8]) {
    let Some(text) = planted(data, CANARY) else {
        return;
    };
    let auth = Authorization::parse(&text);
    let shown = auth.redacted();
    let _ = auth.kind();
    // A login is shown (it is not secret) unless it looks like a token (a token pasted where
    // the login goes), and a placeholder as written (`{token}`).
    let on_purpose = auth
        .login
        .as_deref()
        .is_some_and(|l| l.contains(CANARY) && !secret_like(l))
        || auth
            .secret
            .as_ref()
            .is_some_and(|s| s.shape().placeholder.is_some());
    if !on_purpose {
        assert!(
            !shown.contains(CANARY),
            "redacted form shows the secret: {shown}"
        );
        // Whatever a raw echo loses, an escaped or encoded one loses too: JSON's `\u`
        // escapes, URL encoding, base64 (the scrubber knows every form a secret takes).
        let raw = auth.scrub(&format!("echo: {text} :echo"));
        if !raw.contains(CANARY) && text.contains(CANARY) {
            let every_u =
                |s: &str| -> String { s.encode_utf16().map(|u| format!("\\u{u:04x}")).collect() };
            let percent = |s: &str| -> String { s.bytes().map(|b| format!("%{b:02X}")).collect() };
            for (echo, canary) in [
                (every_u(&text), every_u(CANARY)),
                (percent(&text), percent(CANARY)),
                (base64(text.as_bytes()), base64(text.as_bytes())),
            ] {
                let scrubbed = auth.scrub(&format!("echo: {echo} :echo"));
                assert!(
                    !scrubbed.contains(&canary),
                    "scrub leaves an encoded secret: {scrubbed}"
                );
            }
        }
    }
    if let Some(secret) = &auth.secret {
        let printed = format!("{secret} {secret:?} {}", secret.redacted());
        assert!(secret.shape().placeholder.is_some() || !printed.contains(CANARY));
    }
    let basic = decode_basic(&text);
    if let Some(secret) = &basic.secret {
        assert!(secret.shape().placeholder.is_some() || !secret.redacted().contains(CANARY));
    }
}

/// The password of a pasted credential that no token shape gives away, with characters JSON
/// escapes: a server's message may quote it back.
pub const PASSWORD: &str = "Hx9!kq\"Lm2/Rt";

/// Explain `text` and render the report every way: the token must not appear, whole or in
/// part (its middle, as the canary test of `check` looks for).
pub fn explain(text: &str) {
    explain_without(text, &[]);
}

/// [`explain`], and none of `secrets` (as written or JSON-escaped) may appear either.
pub fn explain_without(text: &str, secrets: &[&str]) {
    let reports = [input::report(Some("pasted.txt".into()), text)];
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Junit] {
        let out = report::render(&reports, format, Style::file());
        assert!(
            !out.contains(&TOKEN[90..110]),
            "the token leaks in {format:?}:\n{out}"
        );
        for s in secrets {
            let escaped = serde_json::to_string(s).unwrap_or_default();
            assert!(
                !out.contains(s) && !out.contains(escaped.trim_matches('"')),
                "a pasted password leaks in {format:?}:\n{out}"
            );
        }
        // Every format stays well-formed whatever the paste holds.
        match format {
            Format::Json => {
                serde_json::from_str::<serde_json::Value>(&out)
                    .unwrap_or_else(|e| panic!("JSON does not parse ({e}):\n{out}"));
            }
            Format::Junit => {
                roxmltree::Document::parse(&out)
                    .unwrap_or_else(|e| panic!("JUnit XML does not parse ({e}):\n{out}"));
            }
            _ => {}
        }
        // No terminal escape sequence from the paste (the file style has no colors).
        assert!(
            !out.contains(['\u{1b}', '\u{9b}']),
            "an escape sequence reaches {format:?}:\n{out:?}"
        );
    }
}

/// The curl parser: a command carrying the token, followed by anything; and the input as a
/// command of its own, with the token where it has 0x01.
pub fn explain_curl(data: &[u8]) {
    let Some(rest) = planted(data, TOKEN) else {
        return;
    };
    explain(&format!("curl -H 'Authorization: Bearer {TOKEN}' {rest}"));
    explain(&format!("curl {rest}"));
    // The paste's own password, quoted back by the server as it is and JSON-escaped (every
    // character), then anything.
    let every_u: String = PASSWORD
        .encode_utf16()
        .map(|u| format!("\\u{u:04x}"))
        .collect();
    explain_without(
        &format!(
            "curl -u 'pat@example.com:{PASSWORD}' https://api.bitbucket.org/2.0/user\n\
             HTTP/1.1 401 Unauthorized\n\n\
             {{\"type\": \"error\", \"error\": {{\"message\": \"Invalid credentials for \
             pat@example.com:{every_u}\"}}}}\n{rest}"
        ),
        &[PASSWORD],
    );
}

/// The HTTP-transcript parser: a request carrying the token, then a response whose status
/// line, headers and body are the input's; and the input as a response of its own.
pub fn explain_http(data: &[u8]) {
    let Some(rest) = planted(data, TOKEN) else {
        return;
    };
    explain(&format!(
        "> GET /2.0/repositories/acme/widgets HTTP/1.1\n> Host: api.bitbucket.org\n\
         > Authorization: Basic {TOKEN}\n>\n< HTTP/1.1 {rest}"
    ));
    explain(&format!("HTTP/1.1 {rest}"));
}

/// The prose extractor: any text, with the token where it has 0x01 (a post that pasted it).
pub fn explain_prose(data: &[u8]) {
    if let Some(text) = planted(data, TOKEN) {
        explain(&text);
    }
}
