//! Ranking rules: exact forms before stemmed ones, headlines before bodies.

use jiff::Timestamp;
use nashir_app::search::{SearchRequest, SortOrder};
use nashir_core::search_query::parse_query;
use nashir_core::{Article, ArticleId, Block, Section, Status};
use nashir_search::{Analysis, SearchEngine};

fn article(id: i64, title: &str, body: &str) -> Article {
    let at: Timestamp = "2025-01-08T12:00:00Z".parse().unwrap();
    Article {
        id: ArticleId(id),
        language: nashir_core::language::Language::Arabic,
        section: Section {
            id: 1,
            slug: "news".into(),
            name: "أخبار".into(),
        },
        title: title.into(),
        slug: "s".into(),
        lead: "مقدمة عامة".into(),
        body: vec![Block::paragraph(body)],
        source: None,
        authors: vec![],
        tags: vec![],
        featured: None,
        images: vec![],
        status: Status::Published,
        published_at: Some(at),
        updated_at: at,
        modified_at: at,
        created_at: at,
        revision: 1,
        created_by: None,
        comments_open: true,
        approved_comments: 0,
        corrections: Vec::new(),
        sticky: false,
        live: None,
        publishing: Default::default(),
        social_image: None,
        translation_group: None,
    }
}

fn ranked(engine: &SearchEngine, query: &str) -> Vec<i64> {
    let request = SearchRequest {
        query: parse_query(query),
        sort: SortOrder::Relevance,
        limit: 10,
        ..SearchRequest::default()
    };
    engine
        .search(&request)
        .unwrap()
        .ids
        .iter()
        .map(|id| id.0)
        .collect()
}

#[test]
fn exact_forms_rank_above_stemmed_ones() {
    let engine = SearchEngine::in_memory(Analysis::Light10).unwrap();
    let filler = "كلام عام عن التعليم في المدن والقرى";
    engine
        .apply(
            &[
                article(1, "خبر أول", &format!("{filler} المعلم {filler}")),
                article(2, "خبر ثان", &format!("{filler} المعلمين {filler}")),
            ],
            &[],
            1,
        )
        .unwrap();
    assert_eq!(ranked(&engine, "المعلمين"), [2, 1]);
    assert_eq!(ranked(&engine, "المعلم"), [1, 2]);
}

#[test]
fn headlines_rank_above_bodies() {
    let engine = SearchEngine::in_memory(Analysis::Light10).unwrap();
    engine
        .apply(
            &[
                article(1, "خبر عن الطقس", "ارتفاع أسعار القمح هذا الأسبوع"),
                article(2, "أسعار القمح ترتفع", "خبر عن الطقس"),
            ],
            &[],
            1,
        )
        .unwrap();
    assert_eq!(ranked(&engine, "القمح"), [2, 1]);
}

#[test]
fn phrases_need_adjacent_words() {
    let engine = SearchEngine::in_memory(Analysis::Light10).unwrap();
    engine
        .apply(
            &[
                article(1, "البنك المركزي يرفع الفائدة", "نص"),
                article(2, "البنك الدولي والجهاز المركزي", "نص"),
            ],
            &[],
            1,
        )
        .unwrap();
    assert_eq!(ranked(&engine, "\"البنك المركزي\""), [1]);
    assert_eq!(ranked(&engine, "البنك المركزي").len(), 2);
    assert_eq!(ranked(&engine, "البنك -الدولي"), [1]);
}

#[test]
fn names_the_word_list_lacks_meet_through_the_index_vocabulary() {
    let engine = SearchEngine::in_memory(Analysis::Bases).unwrap();
    engine
        .apply(
            &[
                article(1, "رواية جديدة", "فاز الكاتب خندقجي بالجائزة"),
                article(2, "جولة في المنطقة", "وصل الوفد لزرنوقة صباحاً"),
                article(3, "أخبار البلاد", "في بلاد بعيدة"),
            ],
            &[],
            1,
        )
        .unwrap();
    // The query's proclitic comes off a name only the index knows, and goes on one.
    assert_eq!(ranked(&engine, "لخندقجي"), [1]);
    assert_eq!(ranked(&engine, "زرنوقة"), [2]);
    // A listed word is not a proclitic and a made-up rest: لاد does not find بلاد.
    assert!(ranked(&engine, "لاد").is_empty());
}
