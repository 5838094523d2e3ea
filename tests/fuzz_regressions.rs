//! Every input fuzzing found a failure with (`fuzz/regressions/TARGET/`), run again through
//! the same oracle as its fuzz target: each stays fixed.
//!
//! - `basic_header/crash-2d2b…`: `8 chars)`, a secret made of its own redacted form's words
//!   (`unknown(8 chars)`); the oracle was wrong, not the code: it now plants a canary.
//! - `explain_curl/crash-4d69…`: an API token glued to the word before it in a URL
//!   (`x/passwordATATT…`) was quoted in clear; the scrubber now finds it.
//! - `explain_curl/crash-1e2f…`: a bare path on the line after a curl command that has no URL
//!   (`/change-2770/ATATT…`) became the request's URL without passing the scrubber; evidence
//!   now redacts token shapes in every text at both ways in.
//! - `explain_curl/crash-two-curl-status-lines` (red team s36, not fuzzing): two curl commands
//!   with `-w '%{http_code}'` and no status printed between them (a CI wait loop) panicked on
//!   a slice: the second command took the first one's wait over in the same step.

mod oracle;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        check(&std::fs::read(&path).unwrap());
        count += 1;
    }
    assert!(count > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn basic_header() {
    replay("basic_header", oracle::basic_header);
}

#[test]
fn explain_curl() {
    replay("explain_curl", oracle::explain_curl);
}
