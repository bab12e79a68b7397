//! How common an Arabic word is, from a word list compiled into the binary.
//!
//! Search asks it whether a split of a word is plausible: بمصر is ب + مصر because
//! مصر is far more common than بمصر, while بلاد is not ب + لاد. The list
//! (`data/arabic-words.txt`, made by `scripts/build-arabic-lexicon` from wordfreq's
//! Arabic data, CC BY-SA 4.0) holds 177,000 normalized words with their Zipf
//! frequency; it is searched in place, so it costs no start-up time and no heap.

static WORDS: &str = include_str!("../data/arabic-words.txt");

/// Ten times the Zipf frequency (log10 of uses per billion words) of a normalized
/// word: 60 for the commonest words, 20 for the rarest listed; `None` if unlisted.
pub fn zipf10(word: &str) -> Option<u8> {
    let words = WORDS.trim_end();
    let bytes = words.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    // Binary search over byte offsets, each probe widened to the line it falls in.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[mid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| mid + i);
        let line = &words[start..end];
        let (entry, zipf) = line.split_once('\t')?;
        match entry.as_bytes().cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return zipf.parse().ok(),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_found_and_made_up_ones_are_not() {
        let masr = zipf10("مصر").unwrap();
        assert!(masr > zipf10("بمصر").unwrap());
        assert!(zipf10("بلاد").unwrap() > zipf10("لاد").unwrap_or(0));
        assert!(zipf10("رئيس").unwrap() > zipf10("رييس").unwrap_or(0) + 10);
        assert_eq!(zipf10("قثغفقثغف"), None);
        assert_eq!(zipf10(""), None);
    }

    #[test]
    fn every_line_is_found_by_its_word() {
        let mut previous = "";
        for line in WORDS.lines() {
            let (word, zipf) = line.split_once('\t').unwrap();
            assert!(previous.as_bytes() < word.as_bytes(), "{word} out of order");
            assert_eq!(zipf10(word), zipf.parse().ok(), "{word}");
            previous = word;
        }
        assert!(WORDS.lines().count() > 100_000);
    }
}
