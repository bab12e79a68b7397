//! The word under a proclitic, an attached pronoun or a hamza typed without its seat.
//!
//! Readers write بمصر، لبيروت، حكومتها، مسوول where an article has مصر، بيروت، الحكومة،
//! مسؤول, and the other way round. Light stemming cannot strip these safely (بلاد is
//! not ب + لاد, كانت is not ك + انت), so a split is kept only when the word it leaves
//! is a listed word and clearly more common than the whole ([`crate::lexicon`]).
//! Search indexes and queries both the word and its bases.

use crate::lexicon::zipf10;

/// Every proclitic and pair of them, for words the list lacks (search's fallback).
pub const PROCLITICS: [&str; 11] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];

/// One-letter proclitics: و and ف may come before ب، ل or ك.
const CONJUNCTIONS: [char; 2] = ['و', 'ف'];
const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];
/// Attached pronouns, longest first.
const PRONOUNS: [&str; 10] = ["هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ي"];
/// A split or a restored seat must leave at least this many letters.
const MIN_LETTERS: usize = 3;
/// How much more common (Zipf × 10) the base must be than each form it came from:
/// a proclitic split needs about three times the frequency (بنود is not ب + نود),
/// a pronoun split as common (بلادنا → بلاد; a pronoun is an ending few words
/// have by chance), a restored hamza four times.
const PROCLITIC_MARGIN: u8 = 5;
const PRONOUN_MARGIN: u8 = 0;
const SEAT_MARGIN: u8 = 6;
/// An unlisted word counts as this common (the list stops at 20).
const UNLISTED: u8 = 19;

/// The plausible bases of a normalized word, most common first; empty for most words.
pub fn bases(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    if letters.len() <= MIN_LETTERS || !letters.iter().all(|c| is_arabic_letter(*c)) {
        return Vec::new();
    }
    let mut found: Vec<(u8, String)> = Vec::new();
    // Each proclitic taken off must leave a word more common than what it came
    // from (وكانت → كانت, but not on to انت); an unlisted step is passed through
    // (وبدارفور → بدارفور → دارفور).
    let mut floor = 0;
    for (i, form) in without_proclitics(&letters).into_iter().enumerate() {
        let z = zipf(form);
        if i > 0 && form.len() >= MIN_LETTERS {
            consider(&mut found, form.to_vec(), z, floor + PROCLITIC_MARGIN);
        }
        floor = floor.max(z);
        for (core, split) in without_pronouns(form) {
            let core_floor = if split {
                let z = zipf(&core);
                consider(&mut found, core.clone(), z, floor + PRONOUN_MARGIN);
                floor.max(z)
            } else {
                floor
            };
            for seated in with_seats(&core) {
                let z = zipf(&seated);
                consider(&mut found, seated, z, core_floor + SEAT_MARGIN);
            }
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.into_iter().map(|(_, w)| w).collect()
}

fn zipf(letters: &[char]) -> u8 {
    zipf10(&letters.iter().collect::<String>()).unwrap_or(UNLISTED)
}

fn consider(found: &mut Vec<(u8, String)>, candidate: Vec<char>, z: u8, needed: u8) {
    let candidate: String = candidate.into_iter().collect();
    if z > UNLISTED && z >= needed && !found.iter().any(|(_, w)| *w == candidate) {
        found.push((z, candidate));
    }
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// The word, then the word without a leading و/ف or ب/ل/ك, then without both.
fn without_proclitics(letters: &[char]) -> Vec<&[char]> {
    let mut out = vec![letters];
    let first_is = |set: &[char], s: &[char]| s.first().is_some_and(|c| set.contains(c));
    let mut rest = letters;
    if first_is(&CONJUNCTIONS, rest) {
        rest = &rest[1..];
        out.push(rest);
    }
    if first_is(&PREPOSITIONS, rest) {
        out.push(&rest[1..]);
    }
    out.retain(|s| s.len() >= MIN_LETTERS);
    out
}

/// The letters (`false`), and the letters without an attached pronoun (`true`): a
/// ta marbuta written ت before the pronoun (حكومتها) and an alef maqsura written ا
/// (مستشفاه) come back.
fn without_pronouns(letters: &[char]) -> Vec<(Vec<char>, bool)> {
    let mut out = vec![(letters.to_vec(), false)];
    for pronoun in PRONOUNS {
        let p: Vec<char> = pronoun.chars().collect();
        if letters.len() >= p.len() + MIN_LETTERS && letters.ends_with(&p) {
            let stem = &letters[..letters.len() - p.len()];
            out.push((stem.to_vec(), true));
            let last = stem.len() - 1;
            let restored = match stem[last] {
                'ت' => Some('ه'),
                'ا' => Some('ي'),
                _ => None,
            };
            if let Some(c) = restored {
                let mut s = stem.to_vec();
                s[last] = c;
                out.push((s, true));
            }
            break;
        }
    }
    out
}

/// The letters with a و written ؤ or a ي written ئ (never the first letter): each
/// one alone, and all of them (اللولو → اللؤلؤ).
fn with_seats(letters: &[char]) -> Vec<Vec<char>> {
    let seat = |c: char| match c {
        'و' => Some('ؤ'),
        'ي' => Some('ئ'),
        _ => None,
    };
    let mut out: Vec<Vec<char>> = Vec::new();
    let mut all = letters.to_vec();
    for (i, c) in letters.iter().enumerate().skip(1) {
        if let Some(s) = seat(*c) {
            let mut one = letters.to_vec();
            one[i] = s;
            out.push(one);
            all[i] = s;
        }
    }
    if out.len() > 1 {
        out.push(all);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, base: &str) -> bool {
        bases(word).iter().any(|b| b == base)
    }

    #[test]
    fn proclitics_come_off_names_and_nouns() {
        assert!(has("بمصر", "مصر"));
        assert!(has("لبيروت", "بيروت"));
        assert!(has("وبغداد", "بغداد"));
        assert!(has("لترامب", "ترامب"));
    }

    #[test]
    fn letters_of_a_word_are_not_proclitics() {
        for word in [
            "بلاد",
            "كانت",
            "لبنان",
            "بيروت",
            "كلام",
            "وزاره",
            "فلسطين",
            "لجنه",
        ] {
            assert_eq!(bases(word), Vec::<String>::new(), "{word}");
        }
    }

    #[test]
    fn each_proclitic_must_leave_a_commoner_word() {
        assert!(has("وكانت", "كانت"));
        assert!(!has("وكانت", "انت"));
        assert!(!has("وبلاد", "لاد"));
        assert!(has("وبدارفور", "دارفور"));
    }

    #[test]
    fn pronouns_come_off_with_the_ta_marbuta_back() {
        assert!(has("حكومتها", "حكومه"));
        assert!(has("حكومتنا", "حكومه"));
        assert!(has("اقتصادهم", "اقتصاد"));
        assert!(has("بلادنا", "بلاد"));
        assert!(has("وبلادهم", "بلاد"));
    }

    #[test]
    fn a_missing_hamza_seat_comes_back() {
        assert!(has("مسوول", "مسؤول"));
        assert!(has("رييس", "رئيس"));
        assert!(has("موتمر", "مؤتمر"));
        assert!(has("اللولو", "اللؤلؤ"));
        assert!(has("المواني", "الموانئ"));
        // A real word is not "corrected" into a rarer one: فيه is not فئة.
        assert!(!has("فيه", "فئه"));
    }

    #[test]
    fn short_latin_and_empty_words_have_no_bases() {
        for word in ["", "مصر", "opec", "2025", "بها"] {
            assert!(bases(word).is_empty(), "{word}");
        }
    }
}
