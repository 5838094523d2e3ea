//! Golden files: expected outputs under `tests/golden/`, compared with a `similar` diff on
//! mismatch; `BBDOCTOR_BLESS=1 cargo test` rewrites them. What changes from run to run (the
//! simulator's port, elapsed times) is normalised here, in the test, never in the product.

use std::path::PathBuf;

/// Replace the simulator's address and every elapsed time with fixed words.
pub fn normalize(text: &str, base_url: &str) -> String {
    let text = text.replace(base_url, "http://127.0.0.1:PORT");
    let text = normalize_json_ms(&text);
    normalize_ms(&text)
}

/// `<spaces><digits> ms` → ` N ms`: table columns stay aligned whatever the timing.
pub fn normalize_ms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" ms") {
        let (head, tail) = rest.split_at(at);
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            out.push_str(head);
            out.push_str(" ms");
        } else {
            let number_start = head.len() - digits;
            let kept = head[..number_start].trim_end_matches(' ');
            out.push_str(kept);
            out.push_str(" N ms");
        }
        rest = &tail[3..];
    }
    out.push_str(rest);
    out
}

/// `"elapsed_ms": 12` (pretty or compact JSON) → `"elapsed_ms": 0`.
pub fn normalize_json_ms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    const KEY: &str = "\"elapsed_ms\":";
    while let Some(at) = rest.find(KEY) {
        out.push_str(&rest[..at + KEY.len()]);
        rest = &rest[at + KEY.len()..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        out.push_str(&rest[..spaces]);
        rest = &rest[spaces..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push('0');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Compare `actual` with `tests/golden/<name>`; with `BBDOCTOR_BLESS=1`, write it instead.
pub fn assert_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("BBDOCTOR_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}); run BBDOCTOR_BLESS=1 cargo test to create it",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .header(&format!("tests/golden/{name}"), "actual")
            .to_string();
        panic!(
            "output differs from tests/golden/{name} (BBDOCTOR_BLESS=1 cargo test rewrites it \
             if the change is intended):\n{diff}"
        );
    }
}
