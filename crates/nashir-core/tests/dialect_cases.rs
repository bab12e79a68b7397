//! The newsroom's rich editor (editor/src/markdown.js) reads and writes the body's
//! Markdown as this crate does: editor/test/dialect-cases.json holds bodies with the
//! blocks and the text `markdown::parse` and `render` give for them, and both sides
//! test against it. `NASHIR_WRITE_DIALECT_CASES=1 cargo test -p nashir-core --test
//! dialect_cases` writes the file anew from this crate after a change of the dialect.

use std::path::PathBuf;

use nashir_core::markdown::{parse, render};
use serde_json::{Value, json};

fn cases_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../editor/test/dialect-cases.json")
}

#[test]
fn the_editor_and_the_server_read_and_write_alike() {
    let file = cases_file();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array_mut().unwrap();
    assert!(cases.len() >= 300);
    let rewrite = std::env::var_os("NASHIR_WRITE_DIALECT_CASES").is_some();
    for case in cases.iter_mut() {
        let source = case["source"].as_str().unwrap().to_string();
        let blocks = parse(&source);
        let got = json!({
            "source": source,
            "blocks": serde_json::to_value(&blocks).unwrap(),
            "render": render(&blocks),
        });
        if rewrite {
            *case = got;
        } else {
            assert_eq!(*case, got, "{source:?}");
        }
    }
    if rewrite {
        let mut out = format!(
            "{{\"about\": {},\n\"cases\": [\n",
            serde_json::to_string(&doc["about"]).unwrap()
        );
        let lines: Vec<String> = doc["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| serde_json::to_string(c).unwrap())
            .collect();
        out.push_str(&lines.join(",\n"));
        out.push_str("\n]}\n");
        std::fs::write(&file, out).unwrap();
    }
}
