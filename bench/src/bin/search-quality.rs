//! Search quality on the Arabic test collection, for each analyzer side by side.
//!
//! `cargo run --release -p nashir-bench --bin search-quality`

use std::path::Path;

use nashir_search::Analysis;
use nashir_search::evaluation::{evaluate, load_collection};

fn main() -> anyhow::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/search");
    let collection = load_collection(&dir).map_err(anyhow::Error::msg)?;
    println!(
        "collection: {} articles, {} queries",
        collection.articles.len(),
        collection.queries.len()
    );
    println!(
        "{:<34} {:>10} {:>7} {:>9}",
        "analyzer", "recall@10", "MRR", "failures"
    );
    for (name, analysis) in [
        ("whitespace + lowercase (baseline)", Analysis::Whitespace),
        ("normalized + Snowball Arabic", Analysis::Snowball),
        ("normalized + light10", Analysis::Light10),
        ("light10 + bases (Nashir)", Analysis::Bases),
    ] {
        let report = evaluate(&collection, analysis).map_err(anyhow::Error::msg)?;
        println!(
            "{name:<34} {:>10.3} {:>7.3} {:>9}",
            report.recall_at_10,
            report.mrr,
            report.failures.len()
        );
        if std::env::args().any(|a| a == "-v") {
            for f in &report.failures {
                println!("    {f}");
            }
        }
    }
    Ok(())
}
