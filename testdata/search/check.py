#!/usr/bin/env python3
"""Checks the Arabic search test collection against a simple boolean model.

The model: every article and every query goes through the same analysis
(NFKC, Arabic folding, tokenization, Lucene ArabicStemmer "light10"), then a
query matches an article when every positive term is present, every quoted
phrase occurs with its terms adjacent, and no excluded (`-word`) term or
phrase is present.  For every query in queries.json this script checks that

  * each article in `expect` matches,
  * no article in `reject` matches, yet each `reject` article contains all the
    positive terms (so it is the phrase or the exclusion that rules it out),
  * a query with an empty `expect` matches nothing, and none of its words
    occurs, in any form, in any article file,
  * a proclitic, pronoun or hamza-seat query does not match its expected
    articles, while its `gold` spelling (the words as the article has them) does,

and it checks that every article file follows the reference text format
(date line with the right weekday, headline, lead, ..., source line).
It prints one line per query and exits 1 if anything fails.

Usage:  python3 testdata/search/check.py [-v]
"""

from __future__ import annotations

import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
QUERIES = HERE / "queries.json"

# --------------------------------------------------------------------------
# Normalization (what Nashir's fold_arabic does, plus NFKC and lowercasing)
# --------------------------------------------------------------------------

TATWEEL = "\u0640"
INVISIBLE = set(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x206A)]
    + ["\uFEFF", "\u061C"]
)
CHAR_MAP = {
    "آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا",  # alef with madda / hamza above / below, alef wasla
    "ى": "ي",  # alef maksura
    "ی": "ي",  # Persian yeh U+06CC
    "ة": "ه",  # ta marbuta
    "ک": "ك",  # Persian keh U+06A9
}
for _i in range(10):
    CHAR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    CHAR_MAP[chr(0x06F0 + _i)] = str(_i)  # Persian (extended Arabic-Indic) digits


def is_haraka(c: str) -> bool:
    return "\u064B" <= c <= "\u0652" or c == "\u0670"


def normalize(text: str) -> str:
    out = []
    for c in unicodedata.normalize("NFKC", text):
        if c == TATWEEL or is_haraka(c) or c in INVISIBLE:
            continue
        out.append(CHAR_MAP.get(c, c))
    return "".join(out).lower()


# --------------------------------------------------------------------------
# Lucene ArabicStemmer (light10): at most one prefix, then each suffix in
# list order, once, against the current length.
# --------------------------------------------------------------------------

PREFIXES = ["ال", "وال", "بال", "كال", "فال", "لل", "و"]
SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"]


def stem(word: str) -> str:
    for p in PREFIXES:
        if len(p) == 1 and len(word) < 4:  # the wa- prefix needs a word of 4+ letters
            continue
        if len(word) < len(p) + 2:  # other prefixes leave at least 2 letters
            continue
        if word.startswith(p):
            word = word[len(p):]
            break
    for s in SUFFIXES:
        if len(word) >= len(s) + 2 and word.endswith(s):
            word = word[: -len(s)]
    return word


# Input/expected pairs from Lucene's TestArabicStemFilter (stemmer alone).
STEMMER_CASES = [
    ("الحسن", "حسن"), ("والحسن", "حسن"), ("بالحسن", "حسن"), ("كالحسن", "حسن"),
    ("فالحسن", "حسن"), ("للاخر", "اخر"), ("وحسن", "حسن"), ("زوجها", "زوج"),
    ("ساهدان", "ساهد"), ("ساهدات", "ساهد"), ("ساهدون", "ساهد"), ("ساهدين", "ساهد"),
    ("ساهديه", "ساهد"), ("ساهدية", "ساهد"), ("ساهده", "ساهد"), ("ساهدة", "ساهد"),
    ("ساهدي", "ساهد"), ("وساهدون", "ساهد"), ("ساهدهات", "ساهد"), ("الو", "الو"),
    ("English", "English"),
]
NORMALIZER_CASES = [
    ("أَحْمَدُ", "احمد"), ("إسلام آمنة ٱلله", "اسلام امنه الله"), ("مستشفى", "مستشفي"),
    ("العـــراق", "العراق"), ("کتاب ی", "كتاب ي"), ("٣٠٠ و ۴۵", "300 و 45"), ("OPEC", "opec"),
]


# --------------------------------------------------------------------------
# Tokenization and analysis
# --------------------------------------------------------------------------

TOKEN_RE = re.compile(r"[^\W_]+")  # runs of letters/digits (any script)


def analyze(text: str) -> list[str]:
    return [stem(t) for t in TOKEN_RE.findall(normalize(text))]


def raw_words(text: str) -> set[str]:
    """Surface words with punctuation stripped but no normalization at all."""
    return set(re.findall(r"[^\s.,،؛:!?؟\"'«»()\[\]/+–—-]+", text))


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------

DATE_LABEL = "التحديث الاخير بتاريخ"
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
          "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
DATE_RE = re.compile(
    "^" + DATE_LABEL + r"\|(" + "|".join(WEEKDAYS) + r"), (" + "|".join(MONTHS)
    + r") ([1-9][0-9]?), (\d{4})$"
)
SOURCE_RE = re.compile(r"^المصدر / (\S.*)$")
NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$")
LINE_GAP = 1000  # position gap between lines, so phrases never span two lines


class Article:
    def __init__(self, path: Path):
        self.name = path.stem
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.problems: list[str] = []
        lines = [l.strip() for l in self.text.split("\n")]
        nonblank = [l for l in lines if l]
        self.date = None
        self.content_lines: list[str] = []
        if not NAME_RE.match(self.name):
            self.problems.append("file name is not NN-short-latin-name.txt")
        if not nonblank:
            self.problems.append("empty file")
            return
        m = DATE_RE.match(lines[0])
        if not m:
            self.problems.append(f"line 1 is not a date line: {lines[0]!r}")
        else:
            weekday, month, day, year = m.groups()
            try:
                self.date = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
            except ValueError as e:
                self.problems.append(f"bad date: {e}")
            else:
                actual = WEEKDAYS[self.date.weekday()]
                if actual != weekday:
                    self.problems.append(f"{self.date} is a {actual}, not a {weekday}")
                if not 2023 <= self.date.year <= 2025:
                    self.problems.append(f"date {self.date} outside 2023-2025")
        if not SOURCE_RE.match(nonblank[-1]):
            self.problems.append("last line is not «المصدر / <outlet>»")
        if sum(1 for l in nonblank if l.startswith("المصدر")) != 1:
            self.problems.append("exactly one source line expected")
        self.content_lines = nonblank[1:-1]
        if len(self.content_lines) < 3:
            self.problems.append("needs a headline, a lead and a body")
        else:
            headline, lead = self.content_lines[0], self.content_lines[1]
            for what, line in (("headline", headline), ("lead", lead)):
                if line.startswith(("– ", "- ")) or line.endswith(":"):
                    self.problems.append(f"{what} looks like a list item or subheading")
        for l in self.content_lines[2:]:
            if l.endswith(":") and (len(l) > 100 or len(l.split()) > 12):
                self.problems.append(f"long line ending in ':' is not a subheading: {l[:40]}…")
            if l.startswith("-") and not l.startswith("- "):
                self.problems.append(f"odd dash line: {l[:40]}…")
        words = sum(len([w for w in l.split() if w not in ("–", "-")]) for l in self.content_lines)
        self.word_count = words
        if not 150 <= words <= 400:
            self.problems.append(f"{words} words; 150-400 expected")

        # Index: headline, lead and body (not the date line, not the source line).
        self.positions: dict[str, list[int]] = {}
        pos = 0
        for line in self.content_lines:
            for term in analyze(line):
                self.positions.setdefault(term, []).append(pos)
                pos += 1
            pos += LINE_GAP
        # Every word of the file, date and source line included (for negative queries).
        self.all_terms = set(analyze(self.text))
        # Surface text of the indexed lines, for the "does it need normalization" check.
        self.raw = raw_words("\n".join(self.content_lines))
        self.raw_text = "\n".join(" ".join(l.split()) for l in self.content_lines)

    def has(self, term: str) -> bool:
        return term in self.positions

    def has_phrase(self, terms: list[str]) -> bool:
        if not terms:
            return False
        if len(terms) == 1:
            return self.has(terms[0])
        return any(
            all(p + i in self.positions.get(t, ()) for i, t in enumerate(terms[1:], 1))
            for p in self.positions.get(terms[0], ())
        )


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------

PHRASE_RE = re.compile(r'(-?)(?:"([^"]*)"|«([^»]*)»)')


class Query:
    def __init__(self, obj: dict):
        self.id = obj["id"]
        self.text = obj["query"]
        self.expect = list(obj["expect"])
        self.reject = list(obj.get("reject", []))
        self.covers = obj["covers"]
        self.gold = obj.get("gold")
        m = re.match(r"^\[([^\]]*)\]\s*(.*)$", self.covers)
        self.tags = [t.strip() for t in m.group(1).split(",")] if m else []
        self.terms: list[str] = []  # positive single terms
        self.phrases: list[list[str]] = []  # positive phrases (adjacent terms)
        self.excluded: list[list[str]] = []  # excluded terms/phrases
        self.raw_terms: list[str] = []  # positive surface words, unnormalized
        self.raw_phrases: list[str] = []  # positive surface phrases, unnormalized
        rest = self.text
        for neg, a, b in PHRASE_RE.findall(self.text):
            body = a or b
            terms = analyze(body)
            (self.excluded if neg else self.phrases).append(terms)
            if not neg:
                self.raw_phrases.append(" ".join(body.split()))
        rest = PHRASE_RE.sub(" ", rest)
        for chunk in rest.split():
            if chunk.startswith("-") and len(chunk) > 1:
                terms = analyze(chunk[1:])
                if terms:
                    self.excluded.append(terms)
                continue
            terms = analyze(chunk)
            if len(terms) == 1:
                self.terms.append(terms[0])
            elif terms:
                self.phrases.append(terms)
            self.raw_terms += sorted(raw_words(chunk))

    def positive_terms(self) -> list[str]:
        return self.terms + [t for p in self.phrases for t in p]

    def matches(self, art: Article) -> bool:
        if not self.terms and not self.phrases:
            return False
        if not all(art.has(t) for t in self.terms):
            return False
        if not all(art.has_phrase(p) for p in self.phrases):
            return False
        return not any(art.has_phrase(x) for x in self.excluded)


# Phenomena and how many queries must cover each.
REQUIRED = {
    "hamza": 3, "alef-wasla": 1, "ta-marbuta": 3, "alef-maksura": 3, "harakat": 3,
    "tatweel": 3, "suffix": 3, "digits": 3, "latin": 3, "persian": 3, "phrase": 3,
    "exclusion": 3, "negative": 6, "topical": 3,
    "prefix:و": 1, "prefix:ف": 1, "prefix:ب": 1, "prefix:ك": 1, "prefix:ل": 1,
    "prefix:ال": 1, "prefix:وال": 1, "prefix:بال": 1, "prefix:لل": 1,
    # Beyond light10: the query and the article differ by a one-letter proclitic, an
    # attached pronoun or a hamza seat (these queries carry a "gold" spelling).
    "proclitic": 10, "pronoun": 10, "hamza-seat": 10, "negative-clitic": 5,
}
# Tags of queries light10 cannot answer: their "gold" form (the words as the
# article spells them) must match instead, and the query itself must not.
BEYOND_LIGHT10 = {"proclitic", "pronoun", "hamza-seat"}
# Tags whose queries must need normalization/stemming (not match on raw words).
NORMALIZING = {"hamza", "alef-wasla", "ta-marbuta", "alef-maksura", "harakat", "tatweel",
               "suffix", "digits", "persian"} | {t for t in REQUIRED if t.startswith("prefix:")}


def main() -> int:
    verbose = "-v" in sys.argv[1:]
    failures = 0

    for word, want in STEMMER_CASES:
        if stem(word) != want:
            print(f"FAIL stemmer: {word} -> {stem(word)}, expected {want}")
            failures += 1
    for text, want in NORMALIZER_CASES:
        if normalize(text) != want:
            print(f"FAIL normalizer: {text} -> {normalize(text)}, expected {want}")
            failures += 1

    articles = {a.name: a for a in (Article(p) for p in sorted(ARTICLES.glob("*.txt")))}
    for a in articles.values():
        for p in a.problems:
            print(f"FAIL article {a.name}: {p}")
            failures += 1
    bad_articles = sum(1 for a in articles.values() if a.problems)
    print(f"articles: {len(articles)} ({len(articles) - bad_articles} well-formed), "
          f"{min(a.word_count for a in articles.values())}-{max(a.word_count for a in articles.values())} words, "
          f"dates {min(a.date for a in articles.values() if a.date)} .. "
          f"{max(a.date for a in articles.values() if a.date)}")

    raw = json.loads(QUERIES.read_text(encoding="utf-8"))
    queries = [Query(o) for o in raw]
    raw_by_id = {o["id"]: o for o in raw}
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        print("FAIL queries: duplicate ids")
        failures += 1

    coverage: dict[str, list[str]] = {}
    failed_queries = 0
    warnings = 0
    for q in queries:
        problems: list[str] = []
        for t in q.tags:
            coverage.setdefault(t, []).append(q.id)
            if t not in REQUIRED:
                problems.append(f"unknown tag {t!r}")
        if not q.tags:
            problems.append("covers does not start with [tags]")
        for name in q.expect + q.reject:
            if name not in articles:
                problems.append(f"no article {name}")
        if set(q.expect) & set(q.reject):
            problems.append("an article is both expected and rejected")
        matched = [n for n, a in articles.items() if q.matches(a)]
        beyond = bool(set(q.tags) & BEYOND_LIGHT10)
        if beyond != (q.gold is not None):
            problems.append("a proclitic, pronoun or hamza-seat query needs a gold spelling, and only those")
        if beyond and q.gold is not None:
            for name in q.expect:
                if name in matched:
                    problems.append(f"{name} matches the query under light10, so it tests nothing beyond it")
            gold = Query({**raw_by_id[q.id], "query": q.gold})
            matched = [n for n, a in articles.items() if gold.matches(a)]
        for name in q.expect:
            if name in articles and name not in matched:
                a = articles[name]
                missing = [t for t in q.terms if not a.has(t)]
                missing += [" ".join(p) for p in q.phrases if not a.has_phrase(p)]
                present = [" ".join(x) for x in q.excluded if a.has_phrase(x)]
                why = []
                if missing:
                    why.append("missing " + ", ".join(missing))
                if present:
                    why.append("contains excluded " + ", ".join(present))
                problems.append(f"expected {name} does not match ({'; '.join(why) or '?'})")
        for name in q.reject:
            if name in matched:
                problems.append(f"rejected {name} matches")
            elif "negative-clitic" in q.tags:
                # The word is only inside a longer one there (بلاد for لاد).
                pass
            elif name in articles and not all(articles[name].has(t) for t in q.positive_terms()):
                problems.append(f"rejected {name} lacks some query terms, so the phrase/exclusion is not what rules it out")
        if not q.expect:
            if matched:
                problems.append("negative query matches " + ", ".join(matched))
            for t in q.positive_terms():
                hits = [n for n, a in articles.items() if t in a.all_terms]
                if hits:
                    problems.append(f"term {t!r} occurs in " + ", ".join(hits))
            if not q.positive_terms():
                problems.append("negative query has no terms")
        # Does the query really exercise normalization/stemming?
        if q.expect and set(q.tags) & NORMALIZING:
            trivial = [n for n in q.expect if n in articles
                       and all(w in articles[n].raw for w in q.raw_terms)
                       and all(p in articles[n].raw_text for p in q.raw_phrases)]
            if trivial:
                warnings += 1
                print(f"WARN {q.id}: every raw query word already occurs verbatim in {', '.join(trivial)}")
        status = "FAIL" if problems else "PASS"
        if problems:
            failed_queries += 1
        analyzed = " ".join(q.terms + ['"' + " ".join(p) + '"' for p in q.phrases]
                            + ["-" + " ".join(x) for x in q.excluded])
        print(f"{status} {q.id} [{', '.join(q.tags)}] {q.text}  =>  {analyzed}  "
              f"| expect {len(q.expect)}, reject {len(q.reject)}, matched {len(matched)}"
              + (f": {' '.join(matched)}" if verbose else ""))
        for p in problems:
            print(f"     {p}")

    print()
    print("coverage:")
    for tag, need in REQUIRED.items():
        got = coverage.get(tag, [])
        ok = len(got) >= need
        if not ok:
            failures += 1
        print(f"  {'ok  ' if ok else 'FAIL'} {tag:13} {len(got):2} (need {need}): {' '.join(got)}")
    n_neg = sum(1 for q in queries if not q.expect)
    print()
    print(f"{len(articles)} articles, {len(queries)} queries ({n_neg} negative): "
          f"{len(queries) - failed_queries} passed, {failed_queries} failed; {warnings} warnings")
    failures += failed_queries
    if len(articles) < 60 or len(queries) < 150 or n_neg < 6:
        print("FAIL collection too small (need 60 articles, 150 queries, 6 negative)")
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
