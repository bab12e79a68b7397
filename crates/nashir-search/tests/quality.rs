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
    assert!(collection.articles.len() >= 60);
    assert!(collection.queries.len() >= 150);
    let report = evaluate(&collection, Analysis::Bases).unwrap();
    println!(
        "light10 + bases: {} queries, recall@10 {:.3}, MRR {:.3}",
        report.queries, report.recall_at_10, report.mrr
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
    assert_eq!(report.recall_at_10, 1.0);
    assert!(report.mrr >= 0.95, "MRR {}", report.mrr);
}

#[test]
fn light_stemming_alone_misses_proclitics_pronouns_and_seats() {
    // Guards the collection: the queries beyond light10 must need the bases.
    let report = evaluate(&collection(), Analysis::Light10).unwrap();
    println!(
        "light10: recall@10 {:.3}, MRR {:.3}, {} failures",
        report.recall_at_10,
        report.mrr,
        report.failures.len()
    );
    assert!(report.failures.len() >= 50, "{}", report.failures.len());
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
