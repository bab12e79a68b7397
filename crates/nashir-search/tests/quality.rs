//! Search quality on the Arabic test collection (testdata/search).

use std::path::Path;

use nashir_search::Analysis;
use nashir_search::evaluation::{evaluate, load_collection};

fn collection() -> nashir_search::evaluation::Collection {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/search");
    load_collection(&dir).expect("the collection loads")
}

#[test]
fn every_expected_article_is_in_the_top_ten() {
    let collection = collection();
    assert!(collection.articles.len() >= 20);
    assert!(collection.queries.len() >= 40);
    let report = evaluate(&collection, Analysis::Light10).unwrap();
    println!(
        "light10: {} queries, recall@10 {:.3}, MRR {:.3}",
        report.queries, report.recall_at_10, report.mrr
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
    assert_eq!(report.recall_at_10, 1.0);
}

#[test]
fn a_plain_whitespace_analyzer_misses_what_ours_finds() {
    // Guards the collection itself: it must exercise what Arabic analysis adds.
    let report = evaluate(&collection(), Analysis::Whitespace).unwrap();
    println!(
        "whitespace: recall@10 {:.3}, MRR {:.3}, {} failures",
        report.recall_at_10,
        report.mrr,
        report.failures.len()
    );
    assert!(report.recall_at_10 < 0.8, "recall {}", report.recall_at_10);
}
