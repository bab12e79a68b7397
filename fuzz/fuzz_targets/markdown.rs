//! The editor's Markdown must never panic, whatever is typed, and what it reads
//! must write back to itself: `parse(render(parse(s))) == parse(s)`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nashir_core::markdown::{parse, render};

fuzz_target!(|data: &[u8]| {
    let Ok(typed) = std::str::from_utf8(data) else {
        return;
    };
    let blocks = parse(typed);
    assert_eq!(parse(&render(&blocks)), blocks);
});
