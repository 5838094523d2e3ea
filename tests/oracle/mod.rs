//! What the parsers of untrusted text must hold, whatever the input: no panic, and no secret
//! in anything they print. One function per fuzz target; the fuzz targets (`fuzz/`), the
//! property tests (`tests/properties.rs`) and the regression tests of what fuzzing found
//! (`tests/fuzz_regressions.rs`) all call these, so the three check the same thing.
//!
//! The oracle is a canary: each byte 0x01 of the input becomes a known secret, which must
//! never appear in a redacted form, scrubbed text or a report. Nor may a report carry a
//! terminal escape sequence from the input, and its JSON and JUnit forms must parse.
#![allow(dead_code)]

use bbdoctor::credential::{Authorization, decode_basic};
use bbdoctor::explain::input;
use bbdoctor::report::{self, Format, Style};

/// Random-looking, and made of none of the words a redacted form uses.
pub const CANARY: &str = "Zq9vK2mXw7LpR4tN8cYb";

/// A checksum-valid API token (fact sheet §3.2's sample).
pub const TOKEN: &str = "ATATT3xFfGF0dz1C5Jau2RJtBRnlWmTSHf6pWkLUyifDLkDmWJ6UuVTAIjvFu7WICPhDeOZIiBOB_Y6sHrFH2ZUCr_lgotu2iXW7GboIRoL3u6aHwnMztVuaP-coUNEhEkk-iqq8vH2BzNZV45pFCiRcDCajhDieQjEJ-Bq8F80ymm3T207gmhZ=BD17EA59";

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
    // A login is shown (it is not secret), and a placeholder as written (`{token}`).
    let on_purpose = auth.login.as_deref().is_some_and(|l| l.contains(CANARY))
        || auth
            .secret
            .as_ref()
            .is_some_and(|s| s.shape().placeholder.is_some());
    if !on_purpose {
        assert!(
            !shown.contains(CANARY),
            "redacted form shows the secret: {shown}"
        );
        let scrubbed = auth.scrub(&format!("echo: {text} :echo"));
        assert!(
            !scrubbed.contains(CANARY),
            "scrub leaves the secret: {scrubbed}"
        );
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

/// Explain `text` and render the report every way: the token must not appear, whole or in
/// part (its middle, as the canary test of `check` looks for).
pub fn explain(text: &str) {
    let reports = [input::report(Some("pasted.txt".into()), text)];
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Junit] {
        let out = report::render(&reports, format, Style::file());
        assert!(
            !out.contains(&TOKEN[90..110]),
            "the token leaks in {format:?}:\n{out}"
        );
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
