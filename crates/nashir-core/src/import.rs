//! Parser for the reference text format: the plain text of an article page.
//!
//! ```text
//! التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025
//! <headline>
//! <lead paragraph>
//! <body: paragraphs, short lines ending in ':' (subheadings), runs of '– ' lines (lists)>
//! المصدر / <outlet>
//! <page furniture: print / send to a friend / add comment labels, dropped>
//! ```
//! Blank lines separate nothing and are ignored. The parser is total: any byte
//! string yields an article or an error naming the line, never a panic.

use jiff::civil::Date;

use crate::arabic_date::{DateError, LAST_UPDATED_LABEL, parse_date};
use crate::article::{Block, Source};
use crate::text::{collapse_spaces, fold_arabic};

/// Larger than any real article (the reference is 6 KB) yet small enough that a
/// stray dump or binary never reaches the database.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// A subheading is a short line ending in ':'; longer lines ending in ':' are
/// paragraphs that introduce what follows (the reference has both).
const MAX_HEADING_CHARS: usize = 100;
const MAX_HEADING_WORDS: usize = 12;

/// The labels under the reference article: print, send to a friend, add a comment.
pub const FURNITURE_LABELS: [&str; 3] = ["طباعة الخبر", "ارسال الخبر الى صديق", "اضافة تعليق"];

const SOURCE_LABEL: &str = "المصدر";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedArticle {
    /// The date of the "last updated" line.
    pub updated_on: Date,
    pub title: String,
    pub lead: String,
    pub body: Vec<Block>,
    pub source: Option<Source>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{kind}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ImportError {
    /// 1-based line number, where the problem has one.
    pub line: Option<usize>,
    pub kind: ImportErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportErrorKind {
    #[error("file is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("not valid UTF-8 text")]
    InvalidUtf8,
    #[error("the file is empty")]
    Empty,
    #[error("expected the date line «{LAST_UPDATED_LABEL}|<weekday>, <month> <day>, <year>»")]
    MissingDateLine,
    #[error("bad date: {0}")]
    BadDate(DateError),
    #[error("the article has no headline")]
    MissingHeadline,
    #[error("the article has no text after its headline")]
    MissingLead,
    #[error("the source line «{SOURCE_LABEL} / …» names no outlet")]
    EmptySource,
    #[error("unexpected text after the source line")]
    TextAfterSource,
}

fn err(line: usize, kind: ImportErrorKind) -> ImportError {
    ImportError {
        line: Some(line),
        kind,
    }
}

/// Parses one article in the reference format.
pub fn parse_reference_text(input: &[u8]) -> Result<ImportedArticle, ImportError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(ImportError {
            line: None,
            kind: ImportErrorKind::TooLarge {
                size: input.len(),
                limit: MAX_INPUT_BYTES,
            },
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| {
        let line = input[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        err(line, ImportErrorKind::InvalidUtf8)
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(1, ImportErrorKind::Empty));
    }
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| (i + 1, clean_line(raw)))
        .filter(|(_, l)| !l.is_empty());

    let first_line = text.split('\n').next().map(clean_line).unwrap_or_default();
    let updated_on = parse_date_line(&first_line)?;
    lines.next(); // the date line, known to be line 1 and non-empty

    let (title_no, title) = lines
        .next()
        .ok_or(err(2, ImportErrorKind::MissingHeadline))?;
    if is_source_line(&title).is_some() || is_furniture(&title) {
        return Err(err(title_no, ImportErrorKind::MissingHeadline));
    }
    let (lead_no, lead) = lines
        .next()
        .ok_or(err(title_no + 1, ImportErrorKind::MissingLead))?;
    if is_source_line(&lead).is_some() || is_furniture(&lead) {
        return Err(err(lead_no, ImportErrorKind::MissingLead));
    }

    let mut body = Vec::new();
    let mut source = None;
    let mut list: Vec<String> = Vec::new();
    let mut previous_line = lead_no;
    for (no, line) in lines {
        let item = list_item(&line);
        // A list is a run of consecutive dash lines; a blank line or any other line ends it.
        if !list.is_empty() && (item.is_none() || no != previous_line + 1) {
            body.push(Block::list(std::mem::take(&mut list)));
        }
        previous_line = no;
        if is_furniture(&line) {
            continue;
        }
        if source.is_some() {
            return Err(err(no, ImportErrorKind::TextAfterSource));
        }
        if let Some(outlet) = is_source_line(&line) {
            if outlet.is_empty() {
                return Err(err(no, ImportErrorKind::EmptySource));
            }
            source = Some(Source {
                name: outlet.to_string(),
                url: None,
            });
        } else if let Some(item) = item {
            list.push(item.to_string());
        } else if is_subheading(&line) {
            body.push(Block::heading(line));
        } else {
            body.push(Block::paragraph(line));
        }
    }
    if !list.is_empty() {
        body.push(Block::list(list));
    }
    Ok(ImportedArticle {
        updated_on,
        title,
        lead,
        body,
        source,
    })
}

/// Drops control characters (CR of CRLF files among them) and trims.
fn clean_line(raw: &str) -> String {
    let unwanted = |c: char| (c.is_control() && c != '\t') || c == '\u{FEFF}';
    if !raw.chars().any(unwanted) {
        return raw.trim().to_string();
    }
    raw.chars()
        .filter(|&c| !unwanted(c))
        .collect::<String>()
        .trim()
        .to_string()
}

fn parse_date_line(line: &str) -> Result<Date, ImportError> {
    let (label, date) = line
        .split_once(['|', '｜'])
        .filter(|(label, _)| {
            fold_arabic(&collapse_spaces(label)) == fold_arabic(LAST_UPDATED_LABEL)
        })
        .ok_or(err(1, ImportErrorKind::MissingDateLine))?;
    let _ = label;
    parse_date(date).map_err(|e| err(1, ImportErrorKind::BadDate(e)))
}

/// `– item` or `- item` (en dash or hyphen, then a space).
fn list_item(line: &str) -> Option<&str> {
    ["– ", "- ", "—\u{a0}", "–\u{a0}", "-\u{a0}"]
        .iter()
        .find_map(|dash| line.strip_prefix(dash))
        .map(str::trim)
        .filter(|rest| !rest.is_empty())
}

fn is_subheading(line: &str) -> bool {
    line.ends_with(':')
        && line.chars().count() <= MAX_HEADING_CHARS
        && line.split_whitespace().count() <= MAX_HEADING_WORDS
}

/// `المصدر / الوقت` → `Some("الوقت")`; also accepts `المصدر: الوقت`.
fn is_source_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(SOURCE_LABEL)?.trim_start();
    let rest = rest.strip_prefix(['/', ':', '：'])?;
    Some(rest.trim())
}

/// Longer lines are text, however they start: furniture is a few short labels.
const MAX_FURNITURE_CHARS: usize = 400;

/// A line made only of the page's action labels, in any repetition and spacing.
pub fn is_furniture(line: &str) -> bool {
    static FOLDED: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| FURNITURE_LABELS.iter().map(|l| fold_arabic(l)).collect());
    if line.len() > MAX_FURNITURE_CHARS * 4 || line.chars().count() > MAX_FURNITURE_CHARS {
        return false;
    }
    let mut rest = fold_arabic(&collapse_spaces(line));
    let mut found = false;
    for label in FOLDED.iter() {
        if rest.contains(label.as_str()) {
            found = true;
            rest = rest.replace(label.as_str(), " ");
        }
    }
    found && rest.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const DATE_LINE: &str = "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025";

    fn parse(s: &str) -> Result<ImportedArticle, ImportError> {
        parse_reference_text(s.as_bytes())
    }

    fn doc(lines: &[&str]) -> String {
        lines.join("\n")
    }

    #[test]
    fn parses_all_block_kinds() {
        let a = parse(&doc(&[
            DATE_LINE,
            "",
            "عنوان الخبر ",
            "",
            "المقدمة.",
            "",
            "عنوان فرعي:",
            "فقرة أولى تنتهي بنقطتين لكنها طويلة بما يكفي لتكون فقرة وليست عنواناً فرعياً كما نرى هنا:",
            "– بند أول",
            "- بند ثان",
            "",
            "فقرة أخيرة.",
            "المصدر / الوقت",
            "",
            "طباعة الخبر طباعة الخبر ارسال الخبر الى صديق",
            "",
            "اضافة تعليق",
        ]))
        .unwrap();
        assert_eq!(a.updated_on, date(2025, 1, 8));
        assert_eq!(a.title, "عنوان الخبر");
        assert_eq!(a.lead, "المقدمة.");
        assert_eq!(
            a.body,
            vec![
                Block::heading("عنوان فرعي:"),
                Block::paragraph(
                    "فقرة أولى تنتهي بنقطتين لكنها طويلة بما يكفي لتكون فقرة وليست عنواناً فرعياً كما نرى هنا:"
                ),
                Block::list(vec!["بند أول".into(), "بند ثان".into()]),
                Block::paragraph("فقرة أخيرة."),
            ]
        );
        assert_eq!(a.source.unwrap().name, "الوقت");
    }

    #[test]
    fn blank_line_splits_lists() {
        let a = parse(&doc(&[DATE_LINE, "ع", "م", "– أ", "", "– ب"])).unwrap();
        assert_eq!(a.body.len(), 2);
    }

    #[test]
    fn furniture_with_no_break_spaces_and_hamza() {
        assert!(is_furniture(
            "طباعة\u{a0}الخبر\u{a0}طباعة الخبر إرسال الخبر إلى صديق"
        ));
        assert!(is_furniture("إضافة تعليق"));
        assert!(!is_furniture("طباعة الخبر عن روسيا"));
        assert!(!is_furniture(""));
    }

    #[test]
    fn crlf_and_bom_are_fine() {
        let text = format!("\u{FEFF}{DATE_LINE}\r\nعنوان\r\nمقدمة\r\n");
        let a = parse(&text).unwrap();
        assert_eq!(a.title, "عنوان");
        assert_eq!(a.lead, "مقدمة");
    }

    fn error_of(s: &str) -> ImportError {
        parse(s).unwrap_err()
    }

    #[test]
    fn errors_name_the_line() {
        let e = error_of("عنوان\nمقدمة");
        assert_eq!(
            (e.line, e.kind),
            (Some(1), ImportErrorKind::MissingDateLine)
        );

        let e = error_of("التحديث الاخير بتاريخ|الخميس, يناير 8, 2025\nع\nم");
        assert_eq!(e.line, Some(1));
        assert!(e.to_string().contains("الأربعاء"), "{e}");

        let e = error_of("التحديث الاخير بتاريخ|الأربعاء, يناير 40, 2025\nع\nم");
        assert!(matches!(e.kind, ImportErrorKind::BadDate(_)), "{e}");

        let e = error_of(&format!("{DATE_LINE}\n\n   \n"));
        assert_eq!(
            (e.line, e.kind),
            (Some(2), ImportErrorKind::MissingHeadline)
        );

        let e = error_of(&format!("{DATE_LINE}\n\nالمصدر / الوقت\n"));
        assert_eq!(
            (e.line, e.kind),
            (Some(3), ImportErrorKind::MissingHeadline)
        );

        let e = error_of(&format!("{DATE_LINE}\nعنوان\n"));
        assert_eq!((e.line, e.kind), (Some(3), ImportErrorKind::MissingLead));

        let e = error_of(&format!("{DATE_LINE}\nع\nم\nالمصدر / الوقت\nنص غريب"));
        assert_eq!(
            (e.line, e.kind),
            (Some(5), ImportErrorKind::TextAfterSource)
        );

        let e = error_of(&format!("{DATE_LINE}\nع\nم\nالمصدر / "));
        assert_eq!((e.line, e.kind), (Some(4), ImportErrorKind::EmptySource));

        let e = error_of("");
        assert_eq!(e.kind, ImportErrorKind::Empty);
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let mut bytes = format!("{DATE_LINE}\nعنوان\n").into_bytes();
        bytes.extend_from_slice(b"ok \xff\xfe bad\n");
        let e = parse_reference_text(&bytes).unwrap_err();
        assert_eq!(e.to_string(), "line 3: not valid UTF-8 text");
        assert_eq!((e.line, e.kind), (Some(3), ImportErrorKind::InvalidUtf8));
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let big = vec![b'a'; MAX_INPUT_BYTES + 1];
        let e = parse_reference_text(&big).unwrap_err();
        assert!(matches!(e.kind, ImportErrorKind::TooLarge { .. }));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "|",
            "\n\n\n",
            "التحديث الاخير بتاريخ|",
            "التحديث الاخير بتاريخ",
            "– ",
            "-",
            ":",
            "\u{0}\u{1}\u{2}",
            "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025\n– \n:\n",
        ] {
            let _ = parse(s);
        }
    }
}
