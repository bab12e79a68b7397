//! Writes a deterministic corpus of Arabic articles in the reference format, one
//! folder per section, for `nashir import` to load (the real import path).
//!
//! `corpus N OUT_DIR [SEED]` → OUT_DIR/<section>/gen-<i>.txt

use std::path::PathBuf;

use nashir_bench::corpus::{Corpus, SECTIONS};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: corpus N OUT_DIR [SEED]";
    let n: u64 = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;
    let out = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!(usage))?);
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2025);
    let corpus = Corpus::load()?;
    for (slug, _) in SECTIONS {
        std::fs::create_dir_all(out.join(slug))?;
    }
    let mut bytes = 0;
    for i in 0..n {
        let (slug, _) = SECTIONS[(i % SECTIONS.len() as u64) as usize];
        let text = corpus.article(seed, i);
        bytes += text.len();
        std::fs::write(out.join(slug).join(format!("gen-{i:07}.txt")), text)?;
    }
    eprintln!(
        "corpus: {n} articles, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
