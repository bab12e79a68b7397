//! Search quality on the Arabic test collection, for each analyzer side by side.
//!
//! `cargo run --release -p nashir-bench --bin search-quality`

use std::path::Path;

use nashir_search::Analysis;
use nashir_search::evaluation::{evaluate, evaluate_related, load_collection, load_topics};

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
    // Related stories: how many of an article's topic mates are among its first five.
    let topics = load_topics(&dir).map_err(anyhow::Error::msg)?;
    println!("\nrelated stories (اقرأ أيضاً), on testdata/search/topics.json:");
    println!(
        "{:<34} {:>12} {:>15}",
        "analyzer", "topic mates", "first on topic"
    );
    for (name, analysis) in [
        ("whitespace + lowercase (baseline)", Analysis::Whitespace),
        ("light10 + bases (Nashir)", Analysis::Bases),
    ] {
        let report =
            evaluate_related(&collection, &topics, analysis).map_err(anyhow::Error::msg)?;
        println!(
            "{name:<34} {:>12.3} {:>9} of {}",
            report.recall, report.first_on_topic, report.articles
        );
    }
    Ok(())
}
