//! The reference article page, parsed as a whole.

use nashir_core::Block;
use nashir_core::import::parse_reference_text;

const REFERENCE: &[u8] = include_bytes!("../../../demo/000_a879635638002103.txt");

#[test]
fn reference_page_parses_into_its_parts() {
    let a = parse_reference_text(REFERENCE).expect("the reference parses");
    assert_eq!(a.updated_on, jiff::civil::date(2025, 1, 8));
    assert!(a.title.starts_with("العراق والتعاون العسكري مع روسيا:"));
    assert!(a.lead.starts_with("في ظل سعيها لتعزيز حربها على الإرهاب"));
    let headings: Vec<_> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(headings, ["زيارة الوفد العراقي:", "دلالات التعاون العسكري:"]);
    let lists: Vec<_> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::List { items, .. } => Some(items),
            _ => None,
        })
        .collect();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].len(), 3);
    assert!(lists[0][0].starts_with("بعد النجاح"));
    let paragraphs = a
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    assert_eq!(paragraphs, 5);
    assert_eq!(a.source.map(|s| s.name).as_deref(), Some("الوقت"));
}
