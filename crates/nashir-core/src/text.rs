//! Arabic text rules shared by the importer, slugs and (later) search.

/// Arabic harakat (U+064B–U+0652) and the superscript alef (U+0670).
pub fn is_haraka(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}')
}

/// Tatweel (kashida), a purely visual stretch.
pub const TATWEEL: char = '\u{0640}';

/// Invisible formatting characters that must never reach stored names or slugs:
/// bidi embeddings/overrides/isolates, marks, zero-width characters and the BOM.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}'
    )
}

/// Folds the spellings a reader may type for the same word onto one form:
/// drops harakat, tatweel and invisible marks, unifies alef forms, alef maksura,
/// ta marbuta, Persian letters and digits. Used for matching, never for display.
pub fn fold_arabic(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

/// [`fold_arabic`] for one character: `None` for a character that is dropped.
pub fn fold_char(c: char) -> Option<char> {
    if is_haraka(c) || c == TATWEEL || is_invisible_format(c) {
        return None;
    }
    Some(match c {
        'آ' | 'أ' | 'إ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        _ => c,
    })
}

/// Replaces every run of Unicode whitespace (including no-break spaces) with one
/// space and trims the ends.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_hamza_maksura_marbuta_and_marks() {
        assert_eq!(fold_arabic("أَحْمَدُ"), "احمد");
        assert_eq!(fold_arabic("إسلام آمنة ٱلله"), "اسلام امنه الله");
        assert_eq!(fold_arabic("مستشفى"), "مستشفي");
        assert_eq!(fold_arabic("العـــراق"), "العراق");
        assert_eq!(fold_arabic("کتاب ی"), "كتاب ي");
    }

    #[test]
    fn folds_digits() {
        assert_eq!(fold_arabic("٣٠٠ و ۴۵"), "300 و 45");
    }

    #[test]
    fn drops_bidi_controls() {
        assert_eq!(fold_arabic("a\u{202E}b\u{2067}c\u{200F}"), "abc");
    }

    #[test]
    fn collapses_no_break_spaces() {
        assert_eq!(collapse_spaces(" طباعة\u{a0}الخبر \t x "), "طباعة الخبر x");
    }
}
