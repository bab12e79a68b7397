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
//!
//! The English and Persian editions write the same format in their language
//! ([`parse_reference_text_in`]):
//!
//! ```text
//! Last update|Wednesday, January 8, 2025          آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳
//! …                                               …
//! Source / <outlet>                               منبع / <outlet>
//! Print  Send to friend  Add comment              چاپ خبر  ارسال به دوستان  افزودن دیدگاه
//! ```

use jiff::civil::Date;

use crate::arabic_date::{DateError, LAST_UPDATED_LABEL, parse_date};
use crate::article::{Block, Source};
use crate::english_date::{EnglishDateError, LAST_UPDATE_LABEL, parse_english};
use crate::language::Language;
use crate::persian::fold_persian;
use crate::persian_date::{PersianDateError, parse_persian};
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

/// The English edition's labels under an article (matched in any case; "send to
/// a friend" too).
pub const ENGLISH_FURNITURE_LABELS: [&str; 4] =
    ["send to a friend", "send to friend", "add comment", "print"];
const ENGLISH_SOURCE_LABEL: &str = "Source";

/// The Persian edition's date label (also written به‌روزرسانی), source label and
/// the labels under an article.
pub const PERSIAN_LAST_UPDATE_LABEL: &str = "آخرین بروزرسانی";
const PERSIAN_LAST_UPDATE_SPELLINGS: [&str; 2] = ["آخرین بروزرسانی", "آخرین به‌روزرسانی"];
const PERSIAN_SOURCE_LABEL: &str = "منبع";
pub const PERSIAN_FURNITURE_LABELS: [&str; 3] = ["چاپ خبر", "ارسال به دوستان", "افزودن دیدگاه"];

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
    /// The English or Persian date line is missing: its label and shape.
    #[error("expected the date line «{label}|{shape}»")]
    MissingDateLineIn {
        label: &'static str,
        shape: &'static str,
    },
    #[error("bad date: {0}")]
    BadEnglishDate(EnglishDateError),
    #[error("bad date: {0}")]
    BadPersianDate(PersianDateError),
    #[error("the article has no headline")]
    MissingHeadline,
    #[error("the article has no text after its headline")]
    MissingLead,
    #[error("the source line «{SOURCE_LABEL} / …» names no outlet")]
    EmptySource,
    /// An English or Persian source line with no outlet: its label.
    #[error("the source line «{0} / …» names no outlet")]
    EmptySourceIn(&'static str),
    #[error("unexpected text after the source line")]
    TextAfterSource,
}

fn err(line: usize, kind: ImportErrorKind) -> ImportError {
    ImportError {
        line: Some(line),
        kind,
    }
}

/// Parses one article in the reference format (the Arabic edition's).
pub fn parse_reference_text(input: &[u8]) -> Result<ImportedArticle, ImportError> {
    parse_reference_text_in(input, Language::Arabic)
}

/// Parses one article in the reference format as the edition in `language`
/// writes it: its date line, source line and page furniture; the rest is alike.
pub fn parse_reference_text_in(
    input: &[u8],
    language: Language,
) -> Result<ImportedArticle, ImportError> {
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
    let updated_on = match language {
        Language::Arabic => parse_date_line(&first_line)?,
        Language::English => parse_english_date_line(&first_line)?,
        Language::Persian => parse_persian_date_line(&first_line)?,
    };
    let source_of = |line: &str| -> Option<String> {
        match language {
            Language::Arabic => is_source_line(line),
            Language::English => english_source_line(line),
            Language::Persian => persian_source_line(line),
        }
        .map(str::to_string)
    };
    let furniture = |line: &str| is_furniture_in(line, language);
    let empty_source = match language {
        Language::Arabic => ImportErrorKind::EmptySource,
        Language::English => ImportErrorKind::EmptySourceIn(ENGLISH_SOURCE_LABEL),
        Language::Persian => ImportErrorKind::EmptySourceIn(PERSIAN_SOURCE_LABEL),
    };
    lines.next(); // the date line, known to be line 1 and non-empty

    let (title_no, title) = lines
        .next()
        .ok_or(err(2, ImportErrorKind::MissingHeadline))?;
    if source_of(&title).is_some() || furniture(&title) {
        return Err(err(title_no, ImportErrorKind::MissingHeadline));
    }
    let (lead_no, lead) = lines
        .next()
        .ok_or(err(title_no + 1, ImportErrorKind::MissingLead))?;
    if source_of(&lead).is_some() || furniture(&lead) {
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
        if furniture(&line) {
            continue;
        }
        if source.is_some() {
            return Err(err(no, ImportErrorKind::TextAfterSource));
        }
        if let Some(outlet) = source_of(&line) {
            if outlet.is_empty() {
                return Err(err(no, empty_source.clone()));
            }
            source = Some(Source {
                name: outlet,
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

/// `Last update|Wednesday, January 8, 2025` (`Last updated` too, any case).
fn parse_english_date_line(line: &str) -> Result<Date, ImportError> {
    let missing = || {
        err(
            1,
            ImportErrorKind::MissingDateLineIn {
                label: LAST_UPDATE_LABEL,
                shape: "<weekday>, <month> <day>, <year>",
            },
        )
    };
    let (_, date) = line
        .split_once(['|', '｜'])
        .filter(|(label, _)| {
            let label = collapse_spaces(label).to_ascii_lowercase();
            label == "last update" || label == "last updated"
        })
        .ok_or_else(missing)?;
    parse_english(date).map_err(|e| err(1, ImportErrorKind::BadEnglishDate(e)))
}

/// Persian text compared whatever the keyboard, ZWNJs and spaces: `آخرین
/// به‌روزرسانی` is `اخرین به روزرسانی`.
fn persian_key(s: &str) -> String {
    fold_persian(s)
        .chars()
        .filter(|&c| c != crate::persian::ZWNJ && !c.is_whitespace())
        .collect()
}

/// `آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳` (any digits, either keyboard).
fn parse_persian_date_line(line: &str) -> Result<Date, ImportError> {
    let missing = || {
        err(
            1,
            ImportErrorKind::MissingDateLineIn {
                label: PERSIAN_LAST_UPDATE_LABEL,
                shape: "<روز هفته> <روز> <ماه> <سال>",
            },
        )
    };
    let (_, date) = line
        .split_once(['|', '｜'])
        .filter(|(label, _)| {
            let label = persian_key(label);
            PERSIAN_LAST_UPDATE_SPELLINGS
                .iter()
                .any(|l| persian_key(l) == label)
        })
        .ok_or_else(missing)?;
    parse_persian(date).map_err(|e| err(1, ImportErrorKind::BadPersianDate(e)))
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

/// `Source / Reuters` → `Some("Reuters")`; also `Source: Reuters`, any case.
fn english_source_line(line: &str) -> Option<&str> {
    let label = line.get(..ENGLISH_SOURCE_LABEL.len())?;
    if !label.eq_ignore_ascii_case(ENGLISH_SOURCE_LABEL) {
        return None;
    }
    let rest = line[ENGLISH_SOURCE_LABEL.len()..].trim_start();
    let rest = rest.strip_prefix(['/', ':', '：'])?;
    Some(rest.trim())
}

/// `منبع / ایرنا` → `Some("ایرنا")`; also `منبع: ایرنا`.
fn persian_source_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(PERSIAN_SOURCE_LABEL)?.trim_start();
    let rest = rest.strip_prefix(['/', ':', '：'])?;
    Some(rest.trim())
}

/// [`is_furniture`] for the edition in `language`: English labels in any case,
/// Persian ones whatever the keyboard, ZWNJs and spacing; whole words only
/// («Printing costs» is text).
pub fn is_furniture_in(line: &str, language: Language) -> bool {
    static ENGLISH: std::sync::LazyLock<Vec<Vec<String>>> = std::sync::LazyLock::new(|| {
        ENGLISH_FURNITURE_LABELS
            .iter()
            .map(|l| l.split(' ').map(str::to_string).collect())
            .collect()
    });
    static PERSIAN: std::sync::LazyLock<Vec<Vec<String>>> = std::sync::LazyLock::new(|| {
        PERSIAN_FURNITURE_LABELS
            .iter()
            .map(|l| persian_spaced(l).split(' ').map(str::to_string).collect())
            .collect()
    });
    if line.len() > MAX_FURNITURE_CHARS * 4 || line.chars().count() > MAX_FURNITURE_CHARS {
        return false;
    }
    let (labels, folded) = match language {
        Language::Arabic => return is_furniture(line),
        Language::English => (&*ENGLISH, line.to_lowercase()),
        Language::Persian => (&*PERSIAN, persian_spaced(line)),
    };
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut rest = words.as_slice();
    while !rest.is_empty() {
        let Some(label) = labels
            .iter()
            .find(|label| rest.len() >= label.len() && rest[..label.len()] == label[..])
        else {
            return false;
        };
        rest = &rest[label.len()..];
    }
    !words.is_empty()
}

/// Persian folded, ZWNJs as spaces, spaces collapsed.
fn persian_spaced(s: &str) -> String {
    collapse_spaces(&fold_persian(s).replace(crate::persian::ZWNJ, " "))
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
    fn english_edition_format() {
        let text = doc(&[
            "Last update|Wednesday, January 8, 2025",
            "",
            "Headline of the story",
            "The lead.",
            "What happened:",
            "– first",
            "– second",
            "A paragraph.",
            "Source / Reuters",
            "",
            "Print  Send to friend  Add comment",
        ]);
        let a = parse_reference_text_in(text.as_bytes(), Language::English).unwrap();
        assert_eq!(a.updated_on, date(2025, 1, 8));
        assert_eq!(a.title, "Headline of the story");
        assert_eq!(a.lead, "The lead.");
        assert_eq!(
            a.body,
            vec![
                Block::heading("What happened:"),
                Block::list(vec!["first".into(), "second".into()]),
                Block::paragraph("A paragraph."),
            ]
        );
        assert_eq!(a.source.unwrap().name, "Reuters");
        // The Arabic parser does not read it, nor the English one Arabic.
        let e = parse_reference_text(text.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ImportErrorKind::MissingDateLine);
        let e = parse_reference_text_in(doc(&[DATE_LINE, "ع", "م"]).as_bytes(), Language::English)
            .unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.to_string().contains("«Last update|"), "{e}");
    }

    #[test]
    fn english_furniture_and_errors() {
        for line in [
            "Print  Send to friend  Add comment",
            "PRINT print send to a friend",
            "Add\u{a0}comment",
        ] {
            assert!(is_furniture_in(line, Language::English), "{line}");
        }
        for line in ["Printing costs rose", "Print the news", ""] {
            assert!(!is_furniture_in(line, Language::English), "{line}");
        }
        let en = |lines: &[&str]| {
            parse_reference_text_in(doc(lines).as_bytes(), Language::English).unwrap_err()
        };
        let e = en(&["Last update|Thursday, January 8, 2025", "h", "l"]);
        assert_eq!(e.line, Some(1));
        assert!(matches!(e.kind, ImportErrorKind::BadEnglishDate(_)), "{e}");
        assert!(e.to_string().contains("Wednesday"), "{e}");
        let e = en(&["last updated | Wed, Jan 8, 2025", "h", "l", "Source:  "]);
        assert_eq!(
            (e.line, e.kind),
            (Some(4), ImportErrorKind::EmptySourceIn("Source"))
        );
        let e = en(&["Last update|Wednesday, January 8, 2025", "Source / AP"]);
        assert_eq!(
            (e.line, e.kind),
            (Some(2), ImportErrorKind::MissingHeadline)
        );
        let e = en(&[
            "Last update|Wednesday, January 8, 2025",
            "h",
            "l",
            "source / AP",
            "more",
        ]);
        assert_eq!(
            (e.line, e.kind),
            (Some(5), ImportErrorKind::TextAfterSource)
        );
    }

    #[test]
    fn persian_edition_format() {
        let text = doc(&[
            "آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳",
            "",
            "عنوان خبر",
            "لید خبر.",
            "جزئیات:",
            "– بند اول",
            "پاراگراف.",
            "منبع / ایرنا",
            "چاپ خبر  ارسال به دوستان  افزودن دیدگاه",
        ]);
        let a = parse_reference_text_in(text.as_bytes(), Language::Persian).unwrap();
        assert_eq!(a.updated_on, date(2025, 1, 8));
        assert_eq!(a.title, "عنوان خبر");
        assert_eq!(
            a.body,
            vec![
                Block::heading("جزئیات:"),
                Block::list(vec!["بند اول".into()]),
                Block::paragraph("پاراگراف."),
            ]
        );
        assert_eq!(a.source.unwrap().name, "ایرنا");
        // Western digits, an Arabic keyboard and the other spelling of the label.
        let a = parse_reference_text_in(
            "آخرين به‌روزرساني|چهارشنبه 19 دي 1403\nع\nل\n".as_bytes(),
            Language::Persian,
        )
        .unwrap();
        assert_eq!(a.updated_on, date(2025, 1, 8));
    }

    #[test]
    fn persian_furniture_and_errors() {
        for line in [
            "چاپ خبر  ارسال به دوستان  افزودن دیدگاه",
            "چاپ\u{200C}خبر چاپ خبر",
            "افزودن ديدگاه",
        ] {
            assert!(is_furniture_in(line, Language::Persian), "{line}");
        }
        assert!(!is_furniture_in("چاپ خبر دروغ", Language::Persian));
        let fa = |lines: &[&str]| {
            parse_reference_text_in(doc(lines).as_bytes(), Language::Persian).unwrap_err()
        };
        let e = fa(&["آخرین بروزرسانی|پنجشنبه ۱۹ دی ۱۴۰۳", "ع", "ل"]);
        assert_eq!(e.line, Some(1));
        assert!(matches!(e.kind, ImportErrorKind::BadPersianDate(_)), "{e}");
        let e = fa(&[DATE_LINE, "ع", "ل"]);
        assert_eq!(e.line, Some(1));
        assert!(e.to_string().contains("«آخرین بروزرسانی|"), "{e}");
        let e = fa(&["آخرین بروزرسانی|چهارشنبه ۱۹ دی ۱۴۰۳", "ع", "ل", "منبع /"]);
        assert_eq!(
            (e.line, e.kind),
            (Some(4), ImportErrorKind::EmptySourceIn("منبع"))
        );
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
            "Last update|",
            "آخرین بروزرسانی|",
            "Last update|Wednesday, January 8, 2025\nSource\nS",
        ] {
            for language in Language::ALL {
                let _ = parse_reference_text_in(s.as_bytes(), language);
            }
        }
    }
}
