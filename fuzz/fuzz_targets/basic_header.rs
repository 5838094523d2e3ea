//! Fuzz target `basic_header`: what it must hold is in tests/oracle/mod.rs, shared with the property
//! tests and the regression tests of what fuzzing found.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracle::basic_header(data));
