//! The reference-format importer must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = nashir_core::import::parse_reference_text(data);
});
