//! Fuzz target `explain_prose`: what it must hold is in tests/oracle/mod.rs, shared with the property
//! tests and the regression tests of what fuzzing found.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracle::explain_prose(data));
