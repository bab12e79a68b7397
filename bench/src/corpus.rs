//! A deterministic corpus of Arabic articles in the reference text format.
//!
//! Words come from the search test collection (real Arabic, real frequencies);
//! a seeded xorshift generator strings them into articles shaped like the
//! reference: date line, headline, lead, subheadings, paragraphs, a dash list and
//! a source line, about 6 KB each. The same `n` and seed give the same corpus.

use jiff::civil::Date;
use nashir_core::arabic_date::{MonthNames, format_date};

/// xorshift64*: tiny, fast, and reproducible everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Sections the corpus spreads articles over: (slug, Arabic name).
pub const SECTIONS: [(&str, &str); 6] = [
    ("politics", "سياسة"),
    ("economy", "اقتصاد"),
    ("sport", "رياضة"),
    ("society", "مجتمع"),
    ("technology", "علوم وتقنية"),
    ("culture", "ثقافة"),
];

pub struct Corpus {
    words: Vec<String>,
    outlets: Vec<String>,
}

const COLLECTION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/search/articles");

impl Corpus {
    /// Vocabulary from the test collection's articles, in text order, so frequent
    /// words stay frequent.
    pub fn load() -> std::io::Result<Corpus> {
        let mut words = Vec::new();
        let mut outlets = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(COLLECTION)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path)?;
            for line in text.lines().skip(1) {
                if let Some(outlet) = line.strip_prefix("المصدر / ") {
                    outlets.push(outlet.trim().to_string());
                    continue;
                }
                words.extend(
                    line.split_whitespace()
                        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
        }
        if outlets.is_empty() {
            outlets.push("ناشر".into());
        }
        Ok(Corpus { words, outlets })
    }

    /// Between `lo` and `hi` random words.
    fn sentence(&self, rng: &mut Rng, lo: usize, hi: usize) -> String {
        let words = rng.between(lo, hi);
        let mut s: Vec<&str> = Vec::with_capacity(words);
        for _ in 0..words {
            s.push(&self.words[rng.below(self.words.len())]);
        }
        s.join(" ")
    }

    /// Article `i` of a corpus: the same `i` and `seed` always give the same text.
    pub fn article(&self, seed: u64, i: u64) -> String {
        let mut rng = Rng::new(seed ^ (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // Dates spread over ten years.
        let start = Date::new(2015, 1, 1).unwrap_or_default();
        let date = start
            .checked_add(jiff::Span::new().days(rng.below(3650) as i64))
            .unwrap_or(start);
        let mut out = format!(
            "التحديث الاخير بتاريخ|{}\n\n{}\n\n{}.\n\n",
            format_date(date, MonthNames::Egyptian),
            self.sentence(&mut rng, 6, 12),
            self.sentence(&mut rng, 25, 45),
        );
        for section in 0..2 {
            out.push_str(&format!("{}:\n", self.sentence(&mut rng, 2, 4)));
            for _ in 0..rng.between(2, 4) {
                out.push_str(&self.sentence(&mut rng, 40, 80));
                out.push_str(".\n");
            }
            if section == 1 {
                out.push('\n');
                for _ in 0..3 {
                    out.push_str(&format!("– {}.\n", self.sentence(&mut rng, 20, 40)));
                }
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "{}.\nالمصدر / {}\n\nطباعة الخبر ارسال الخبر الى صديق\n\nاضافة تعليق",
            self.sentence(&mut rng, 40, 40),
            self.outlets[rng.below(self.outlets.len())]
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nashir_core::import::parse_reference_text;

    #[test]
    fn articles_parse_and_are_reproducible() {
        let corpus = Corpus::load().unwrap();
        for i in 0..50 {
            let text = corpus.article(7, i);
            assert_eq!(text, corpus.article(7, i));
            let parsed =
                parse_reference_text(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert!(parsed.body.len() >= 5);
            assert!(text.len() > 3000, "{}", text.len());
        }
        assert_ne!(corpus.article(7, 1), corpus.article(7, 2));
    }
}
