//! Text analysis for Persian search: tokenizing, folding and light stemming.
//!
//! Persian is written on Persian keyboards (ی ک) and Arabic ones (ي ك), with three
//! digit sets, and the affixes of a word (the verb prefix می, the plural ها, the
//! comparative تر) joined to it, set apart by a zero-width non-joiner (ZWNJ,
//! U+200C) or by a space: `می‌روم`, `میروم` and `می روم` are one word. The tokenizer
//! joins the affixes, so the three spellings give the same term, and remembers
//! where they met, so the stemmer can take off a suffix after a ZWNJ that it would
//! not dare take off a joined word (`گل‌ها` → گل, but `تنها`, "alone", stays).
//! Between the parts of a compound a ZWNJ is read as the space others type there
//! (`ریاست‌جمهوری` is `ریاست جمهوری`, two words).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::text::{TATWEEL, is_invisible_format};

/// The zero-width non-joiner between the parts of a Persian word.
pub const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';

/// One word of a text: its byte range in the original, its normalized form, and
/// where the parts it was written in meet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Folded ([`fold_char`]), lowercased, its parts joined; never empty.
    pub normalized: String,
    /// Byte offsets in `normalized` where a part begins that was set apart by a
    /// ZWNJ or (a detached prefix or suffix, [`tokenize`]) by a space.
    pub joins: Vec<usize>,
}

/// Arabic harakat, the hamza and madda marks above and below (خانهٔ), and the
/// superscript alef.
fn is_persian_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Other combining marks (Quranic annotation signs, Latin accents).
fn is_other_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}')
}

/// Folds one character the Persian way; `None` for one that is dropped (marks,
/// tatweel, invisible formatting). The ZWNJ is the tokenizer's business: it is
/// dropped here too.
///
/// - `ي ى` → `ی`, `ك ڪ` → `ک` (Arabic keyboards),
/// - `ة ۀ ە ہ ھ` → `ه`, `أ إ آ ٱ` → `ا`,
/// - Persian `۰-۹` and Arabic-Indic `٠-٩` digits → `0-9`.
pub fn fold_char(c: char) -> Option<char> {
    if is_persian_mark(c) || is_other_mark(c) || c == TATWEEL || is_invisible_format(c) {
        return None;
    }
    Some(match c {
        'ي' | 'ى' => 'ی',
        'ك' | 'ڪ' => 'ک',
        'ة' | 'ۀ' | 'ە' | 'ہ' | 'ھ' => 'ه',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        _ => c,
    })
}

/// A string folded with [`fold_char`] and lowercased, ZWNJs and spaces kept.
pub fn fold_persian(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ZWNJ || c.is_whitespace() {
            out.push(c);
        } else if let Some(c) = fold_char(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Normalizes one part of a word: NFKC, [`fold_char`], lowercase; only letters
/// and digits are kept.
fn normalize_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let mut push = |c: char| {
        if let Some(c) = fold_char(c) {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                }
            } else if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            }
        }
    };
    if is_nfkc_quick(part.chars()) == IsNormalized::Yes {
        part.chars().for_each(&mut push);
    } else {
        part.nfkc().for_each(&mut push);
    }
    out
}

/// Normalizes a word as [`tokenize`] does, its parts joined.
pub fn normalize_word(word: &str) -> String {
    word.split(ZWNJ).map(normalize_part).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || is_persian_mark(c)
        || is_other_mark(c)
        || c == TATWEEL
        || c == ZWNJ
        || c == ZWJ
}

/// Suffixes a ZWNJ may set apart: they stay with their word, where another part
/// after a ZWNJ (of a compound) is a word of its own.
const SUFFIX_PARTS: [&str; 22] = [
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "ترین",
    "تر",
    "ی",
    "ای",
    "ام",
    "ات",
    "اش",
    "اند",
    "ایم",
    "اید",
    "مان",
    "تان",
    "شان",
];

/// Verb prefixes that may be written apart: `می روم` is `می‌روم`.
const DETACHED_PREFIXES: [&str; 2] = ["می", "نمی"];

/// Suffixes that may be written apart: `کتاب ها`, `بزرگ ترین`, `هسته ای`,
/// `رفته اند`. None of them is a word a news text uses alone.
const DETACHED_SUFFIXES: [&str; 8] = ["ها", "های", "هایی", "ترین", "تر", "ی", "ای", "اند"];

/// Splits `text` into words with their byte offsets. After a ZWNJ, a suffix
/// ([`SUFFIX_PARTS`]) or the word after a verb prefix (`می‌روم`) is joined to what
/// came before, another part (of a compound) is a word of its own. A detached
/// verb prefix (`می`, `نمی`) is joined to the next word and a detached suffix
/// ([`DETACHED_SUFFIXES`]) to the previous one when only spaces stand between them.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut raw = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                word_tokens(&mut raw, s, &text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    join_detached(text, raw)
}

/// The tokens of one word (a run of word characters, ZWNJs included) at `start`.
fn word_tokens(tokens: &mut Vec<Token>, start: usize, word: &str) {
    let first = tokens.len();
    let mut offset = start;
    let mut after_prefix = false;
    for raw in word.split(ZWNJ) {
        let (from, to) = (offset, offset + raw.len());
        offset = to + ZWNJ.len_utf8();
        let part = normalize_part(raw);
        if part.is_empty() {
            continue;
        }
        let attach =
            tokens.len() > first && (after_prefix || SUFFIX_PARTS.contains(&part.as_str()));
        match tokens.last_mut() {
            Some(last) if attach => {
                last.joins.push(last.normalized.len());
                last.normalized.push_str(&part);
                last.end = to;
                after_prefix = false;
            }
            _ => {
                after_prefix = is_detached_prefix(&part);
                tokens.push(Token {
                    start: from,
                    end: to,
                    normalized: part,
                    joins: Vec::new(),
                });
            }
        }
    }
}

/// `a` then `b`, as one word.
fn joined(a: Token, b: Token) -> Token {
    let mut joins = a.joins;
    joins.push(a.normalized.len());
    joins.extend(b.joins.iter().map(|j| j + a.normalized.len()));
    Token {
        start: a.start,
        end: b.end,
        normalized: a.normalized + &b.normalized,
        joins,
    }
}

fn join_detached(text: &str, raw: Vec<Token>) -> Vec<Token> {
    let only_spaces = |from: usize, to: usize| {
        text.get(from..to)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
    };
    let mut out: Vec<Token> = Vec::with_capacity(raw.len());
    let mut prefix: Option<Token> = None;
    for mut token in raw {
        if let Some(p) = prefix.take() {
            if only_spaces(p.end, token.start) && !is_detached_suffix(&token.normalized) {
                token = joined(p, token);
            } else {
                out.push(p);
            }
        }
        if is_detached_prefix(&token.normalized) {
            prefix = Some(token);
            continue;
        }
        if is_detached_suffix(&token.normalized)
            && let Some(last) = out.last_mut()
            && only_spaces(last.end, token.start)
            && !is_detached_suffix(&last.normalized)
            && !is_detached_prefix(&last.normalized)
        {
            *last = joined(std::mem::take(last), token);
            continue;
        }
        out.push(token);
    }
    out.extend(prefix);
    out
}

/// Whether a normalized word is a verb prefix that may be written apart (`می`).
pub fn is_detached_prefix(word: &str) -> bool {
    DETACHED_PREFIXES.contains(&word)
}

/// Whether a normalized word is a suffix that may be written apart (`ها`, `ترین`).
pub fn is_detached_suffix(word: &str) -> bool {
    DETACHED_SUFFIXES.contains(&word)
}

/// Common function words (normalized: آن is ان), left out of the stemmed field
/// (the exact field keeps them, so a quoted phrase still finds them).
pub const STOP_WORDS: [&str; 30] = [
    "و",
    "در",
    "به",
    "از",
    "که",
    "این",
    "ان",
    "با",
    "را",
    "برای",
    "تا",
    "است",
    "بود",
    "شد",
    "هم",
    "نیز",
    "بر",
    "یا",
    "اما",
    "اگر",
    "وی",
    "او",
    "خود",
    "انها",
    "اینها",
    "ای",
    "ها",
    "های",
    "می",
    "شود",
];

/// Whether a normalized word is a stop word.
pub fn is_stop_word(normalized: &str) -> bool {
    STOP_WORDS.contains(&normalized)
}

/// Plurals in ان the rules below would not dare take apart (they cannot tell
/// مردان, "men", from تهران): the common ones in news, by hand.
const ANIMATE_PLURALS: [(&str, &str); 18] = [
    ("زنان", "زن"),
    ("مردان", "مرد"),
    ("کودکان", "کودک"),
    ("دختران", "دختر"),
    ("پسران", "پسر"),
    ("رهبران", "رهبر"),
    ("مدیران", "مدیر"),
    ("وزیران", "وزیر"),
    ("معلمان", "معلم"),
    ("مسافران", "مسافر"),
    ("کشاورزان", "کشاورز"),
    ("معترضان", "معترض"),
    ("مسئولان", "مسئول"),
    ("فعالان", "فعال"),
    ("کارشناسان", "کارشناس"),
    ("دوستان", "دوست"),
    ("پزشکان", "پزشک"),
    ("شاگردان", "شاگرد"),
];

/// Words that end like a comparative but are not one (loanwords mostly).
const NOT_COMPARATIVES: [&str; 9] = [
    "فیلتر",
    "تئاتر",
    "کامپیوتر",
    "توییتر",
    "کیلومتر",
    "سانتیمتر",
    "میلیمتر",
    "پوستر",
    "کاراکتر",
];

/// Endings of agent nouns whose plural in ان is safe to take off (کارگران,
/// شهروندان, بازیکنان, خبرنگاران); other words in ان are mostly not plurals
/// (ایران، تهران، زبان، باران، سازمان).
const AGENT_ENDINGS: [&str; 4] = ["گر", "ند", "کن", "ار"];

/// Suffixes taken off only where a ZWNJ (or a space) sets them apart: joined to a
/// word they are too often its own letters.
const JOINED_ONLY: [&str; 10] = [
    "ای", "ی", "اند", "ام", "اش", "ایم", "اید", "مان", "تان", "شان",
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The light stem of a normalized word, and at most one other form it may stand
/// for (`مذاکرات` → مذاکر and مذاکره). `joins` are where its parts met
/// ([`Token::joins`]). The rules, the first that fits:
///
/// 1. a handful of animate plurals in ان ([`ANIMATE_PLURALS`]);
/// 2. `هایی های ها` (plural, also with a possessive: `هایش`, `هایشان`, …),
///    `ترین تر` (superlative, comparative, but not in [`NOT_COMPARATIVES`]): off
///    when at least three letters stay, or two after a ZWNJ;
/// 3. `یان`: `دانشجویان` → دانشجو (after ا or و, three letters staying),
///    `ایرانیان` → ایرانی (five letters staying, ی included);
/// 4. `گان` → `ه` with four letters staying (`نمایندگان` → نماینده);
/// 5. `ان` after an agent ending ([`AGENT_ENDINGS`]) with four letters staying;
/// 6. `ات` with three letters staying, the singular in ه as the other form;
/// 7. after a ZWNJ only, the ezafe and indefinite `ی ای` and the personal endings
///    of [`JOINED_ONLY`]; joined, the ezafe `ی` after ا or و (`آقای` → آقا).
pub fn stems(word: &str, joins: &[usize]) -> (String, Option<String>) {
    if let Some((_, singular)) = ANIMATE_PLURALS.iter().find(|(p, _)| *p == word) {
        return (singular.to_string(), None);
    }
    let at_join = |suffix: &str| {
        word.len()
            .checked_sub(suffix.len())
            .is_some_and(|at| joins.contains(&at))
    };
    // A suffix that a ZWNJ cuts in two is not one: خانه‌ای ends in ای, not های.
    let cut = |suffix: &str| {
        let at = word.len().saturating_sub(suffix.len());
        joins.iter().any(|&j| j > at && j < word.len())
    };
    // The rest once `suffix` is off, if `min` letters stay (two after a ZWNJ).
    let off = |suffix: &str, min: usize| -> Option<&str> {
        if cut(suffix) {
            return None;
        }
        let rest = word.strip_suffix(suffix)?;
        let min = if at_join(suffix) { min.min(2) } else { min };
        (chars(rest) >= min).then_some(rest)
    };
    for suffix in [
        "هایشان",
        "هایتان",
        "هایمان",
        "هایش",
        "هایم",
        "هایت",
        "هایی",
        "های",
        "ها",
    ] {
        if let Some(rest) = off(suffix, 3) {
            return (rest.to_string(), None);
        }
    }
    if !NOT_COMPARATIVES.contains(&word) {
        for suffix in ["ترین", "تر"] {
            if let Some(rest) = off(suffix, 3) {
                return (rest.to_string(), None);
            }
        }
    }
    if let Some(rest) = word.strip_suffix("یان")
        && !cut("یان")
    {
        if (rest.ends_with('ا') || rest.ends_with('و')) && chars(rest) >= 3 {
            return (rest.to_string(), None);
        }
        if chars(rest) + 1 >= 5 {
            return (format!("{rest}ی"), None);
        }
    }
    if let Some(rest) = off("گان", 4) {
        return (format!("{rest}ه"), None);
    }
    if let Some(rest) = off("ان", 4)
        && AGENT_ENDINGS.iter().any(|e| rest.ends_with(e))
    {
        return (rest.to_string(), None);
    }
    if let Some(rest) = off("ات", 3) {
        return (rest.to_string(), Some(format!("{rest}ه")));
    }
    for suffix in JOINED_ONLY {
        if at_join(suffix)
            && let Some(rest) = off(suffix, 2)
        {
            return (rest.to_string(), None);
        }
    }
    if let Some(rest) = word.strip_suffix('ی')
        && (rest.ends_with('ا') || rest.ends_with('و'))
        && chars(rest) >= 3
    {
        return (rest.to_string(), None);
    }
    (word.to_string(), None)
}

/// [`stems`]' first form.
pub fn stem(word: &str, joins: &[usize]) -> String {
    stems(word, joins).0
}

/// The stemmed field's terms for a normalized word: none for a stop word, else
/// its [`stems`]. The index and the highlighter both call this, so a marked word
/// is always one that matched.
pub fn stemmed_terms(word: &str, joins: &[usize]) -> impl Iterator<Item = String> + use<> {
    (!is_stop_word(word))
        .then(|| stems(word, joins))
        .into_iter()
        .flat_map(|(stem, other)| std::iter::once(stem).chain(other))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.normalized).collect()
    }

    fn stemmed(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter(|t| !is_stop_word(&t.normalized))
            .map(|t| stem(&t.normalized, &t.joins))
            .collect()
    }

    #[test]
    fn folds_arabic_keyboards_marks_and_digits() {
        assert_eq!(fold_char('ي'), Some('ی'));
        assert_eq!(fold_char('ك'), Some('ک'));
        assert_eq!(fold_char('ة'), Some('ه'));
        assert_eq!(fold_char('ۀ'), Some('ه'));
        assert_eq!(fold_char('آ'), Some('ا'));
        assert_eq!(fold_char('\u{064E}'), None);
        assert_eq!(fold_char('\u{0654}'), None);
        assert_eq!(fold_char(TATWEEL), None);
        assert_eq!(
            words("كتاب يك ۱۴۰۳ ١٤٠٣ خانهٔ آزادي شـــهر"),
            ["کتاب", "یک", "1403", "1403", "خانه", "ازادی", "شهر"]
        );
        assert_eq!(words("OPEC مَدرِسه"), ["opec", "مدرسه"]);
        assert_eq!(fold_persian("كي‌ ۲"), "کی\u{200C} 2");
    }

    #[test]
    fn zwnj_joined_and_spaced_spellings_are_one_word() {
        for spelling in ["می‌روم", "میروم", "می روم", "مي\u{200C}روم"] {
            assert_eq!(words(spelling), ["میروم"], "{spelling}");
        }
        for spelling in ["کتاب‌ها", "کتابها", "کتاب ها", "كتاب‌ها"] {
            assert_eq!(words(spelling), ["کتابها"], "{spelling}");
            assert_eq!(stemmed(spelling), ["کتاب"], "{spelling}");
        }
        assert_eq!(words("نمی خواهد"), ["نمیخواهد"]);
        assert_eq!(words("بزرگ ترین"), ["بزرگترین"]);
        assert_eq!(stemmed("هسته ای"), ["هسته"]);
        assert_eq!(stemmed("هسته‌ای"), ["هسته"]);
        assert_eq!(stemmed("رفته اند"), ["رفته"]);
        // Punctuation between them keeps them apart.
        assert_eq!(words("می، روم"), ["می", "روم"]);
        assert_eq!(words("ها"), ["ها"]);
        assert_eq!(words("\u{200C}کتاب\u{200C}"), ["کتاب"]);
        // Between the parts of a compound a ZWNJ is a space.
        for spelling in ["ریاست‌جمهوری", "ریاست جمهوری"] {
            assert_eq!(words(spelling), ["ریاست", "جمهوری"], "{spelling}");
        }
        assert_eq!(words("بین‌المللی‌ترین"), ["بین", "المللیترین"]);
        assert_eq!(words("نمی‌خواهند"), ["نمیخواهند"]);
        assert_eq!(stemmed("کتاب‌هایشان"), ["کتاب"]);
        assert_eq!(stemmed("کتابهایش"), ["کتاب"]);
        assert_eq!(stemmed("نهایت"), ["نهایت"]);
    }

    #[test]
    fn offsets_cover_the_joined_parts() {
        let text = "او می روم.";
        let t = tokenize(text);
        assert_eq!(t.len(), 2);
        assert_eq!(&text[t[1].start..t[1].end], "می روم");
        assert_eq!(t[1].joins, ["می".len()]);
    }

    #[test]
    fn light_stems() {
        for (word, stem) in [
            ("کشورها", "کشور"),
            ("کشورهای", "کشور"),
            ("شرکت‌هایی", "شرکت"),
            ("گل‌ها", "گل"),
            ("تنها", "تنها"),
            ("بزرگترین", "بزرگ"),
            ("بزرگ‌تر", "بزرگ"),
            ("کم‌ترین", "کم"),
            ("دفتر", "دفتر"),
            ("فیلتر", "فیلتر"),
            ("دانشجویان", "دانشجو"),
            ("دانشجوی", "دانشجو"),
            ("ایرانیان", "ایرانی"),
            ("جریان", "جریان"),
            ("پایان", "پایان"),
            ("نمایندگان", "نماینده"),
            ("گروگان", "گروگان"),
            ("کارگران", "کارگر"),
            ("شهروندان", "شهروند"),
            ("بازیکنان", "بازیکن"),
            ("خبرنگاران", "خبرنگار"),
            ("ایران", "ایران"),
            ("تهران", "تهران"),
            ("باران", "باران"),
            ("سازمان", "سازمان"),
            ("زنان", "زن"),
            ("انتخابات", "انتخاب"),
            ("نجات", "نجات"),
            ("خانه‌ای", "خانه"),
            ("نامه‌اش", "نامه"),
            ("آقای", "اقا"),
            ("ایرانی", "ایرانی"),
            ("بازی", "بازی"),
            ("زمینه", "زمینه"),
            ("opec", "opec"),
            ("1403", "1403"),
        ] {
            let t = &tokenize(word)[0];
            assert_eq!(super::stem(&t.normalized, &t.joins), stem, "{word}");
        }
        assert_eq!(
            stems("مذاکرات", &[]),
            ("مذاکر".to_string(), Some("مذاکره".to_string()))
        );
    }

    #[test]
    fn stemmed_terms_leave_stop_words_out() {
        let terms = |text: &str| -> Vec<String> {
            tokenize(text)
                .iter()
                .flat_map(|t| stemmed_terms(&t.normalized, &t.joins))
                .collect()
        };
        assert_eq!(terms("در مذاکرات"), ["مذاکر", "مذاکره"]);
        assert_eq!(terms("كتاب‌هاي"), ["کتاب"]);
    }

    #[test]
    fn stop_words_are_dropped_from_stems_only() {
        assert_eq!(words("در تهران و اصفهان"), ["در", "تهران", "و", "اصفهان"]);
        assert_eq!(stemmed("در تهران و اصفهان"), ["تهران", "اصفهان"]);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "",
            "\u{200C}",
            "می",
            "می ",
            " ها",
            "می ها",
            "ها ها",
            "ـ",
            "\u{064E}",
            "ﷺ",
            "a\u{200C}b",
            "می\u{200C}\u{200C}ها",
            "\u{200C}ها",
            "ها\u{200C}می\u{200C}",
        ] {
            for t in tokenize(s) {
                assert!(!t.normalized.is_empty());
                let _ = stems(&t.normalized, &t.joins);
            }
        }
    }
}
