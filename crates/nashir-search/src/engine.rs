//! The index: schema, writes, and the query built from a reader's search.

use std::hash::{Hash, Hasher};
use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;

use nashir_app::search::{SearchHits, SearchRequest, SortOrder};
use nashir_core::language::Language;
use nashir_core::search_query::{SearchQuery, Term as QueryTerm};
use nashir_core::{Article, ArticleId};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument,
};

use crate::analyzer::{Analysis, STEMMED, analyzer_names, edition_analyzers};

mod related;
mod spelling;
mod suggest;
mod vocabulary;

/// Bumped whenever the schema or the analysis changes: an index of another version
/// is rebuilt from the database (2: the stems of bases, headlines stored; 3: tags
/// and each document's fingerprint, for related articles; 4: the English and
/// Persian editions' fields).
const SCHEMA_VERSION: u32 = 4;
const WRITER_MEMORY: usize = 32 * 1024 * 1024;
/// Results per page and pages are bounded so no request can ask for a huge sort.
pub const MAX_LIMIT: usize = 100;
pub const MAX_OFFSET: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("the search index in {0} is in use by another process")]
    Busy(String),
}

/// Held for as long as an engine has an index folder open, so that no second
/// process (a `reindex` beside a running server) can wipe or write it.
const LOCK_FILE: &str = "nashir-index.lock";

/// (exact field, stemmed field, weight) of an edition's headline, lead and body.
type TextFields = [(Field, Field, f32); 3];

/// The indexed parts of an article. Headline and lead weigh more than the body,
/// and exact (unstemmed) matches more than stemmed ones. Each edition (language)
/// has its own text fields, analyzed its way: an article's text is in its
/// language's fields only, so a search in one edition cannot find another's.
#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    section: Field,
    published: Field,
    /// Stored only, for suggestions: the headline as written and the URL slug.
    headline: Field,
    slug: Field,
    /// The article's tag ids, as text (related articles share them); `en:12`
    /// outside the Arabic edition ([`tag_term`]).
    tags: Field,
    /// A hash of everything the document holds: an upsert that would store the
    /// same document is skipped, and only a real change recomputes related lists.
    fingerprint: Field,
    /// Per edition, in [`Language::ALL`] order: Arabic's are the fields Nashir had
    /// before editions (`title`, `title_stemmed`, …), the others `title_en`,
    /// `title_en_stemmed`, ….
    texts: [TextFields; 3],
}

fn slot(language: Language) -> usize {
    match language {
        Language::Arabic => 0,
        Language::English => 1,
        Language::Persian => 2,
    }
}

impl Fields {
    fn text(&self, language: Language) -> TextFields {
        self.texts[slot(language)]
    }

    /// The analyzer of a text field.
    fn analyzer_of(&self, field: Field) -> Option<&'static str> {
        Language::ALL.into_iter().find_map(|language| {
            let (exact, stemmed) = analyzer_names(language);
            self.text(language).iter().find_map(|&(e, s, _)| {
                (e == field)
                    .then_some(exact)
                    .or((s == field).then_some(stemmed))
            })
        })
    }
}

/// The tags field's term for a tag of an article in `language`: tags are shared
/// by the editions, related articles are not.
pub(crate) fn tag_term(language: Language, tag: i64) -> String {
    match language {
        Language::Arabic => tag.to_string(),
        other => format!("{}:{tag}", other.code()),
    }
}

const EXACT_BONUS: f32 = 3.0;
/// A word found through a base (مصر for بمصر) weighs less than the word's own stem.
const BASE_WEIGHT: f32 = 0.5;

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let id = b.add_u64_field("id", INDEXED | FAST);
    let section = b.add_text_field("section", STRING);
    let published = b.add_i64_field("published", INDEXED | FAST);
    let headline = b.add_text_field("headline", STORED);
    let slug = b.add_text_field("slug", STORED);
    let tags = b.add_text_field("tags", STRING);
    let fingerprint = b.add_u64_field("fingerprint", FAST);
    let mut texts = Vec::with_capacity(3);
    for language in Language::ALL {
        let (exact, stemmed) = analyzer_names(language);
        let suffix = match language {
            Language::Arabic => String::new(),
            other => format!("_{}", other.code()),
        };
        let mut pair = |name: &str, weight: f32| {
            (
                b.add_text_field(&format!("{name}{suffix}"), text(exact)),
                b.add_text_field(&format!("{name}{suffix}_stemmed"), text(stemmed)),
                weight,
            )
        };
        texts.push([pair("title", 3.0), pair("lead", 2.0), pair("body", 1.0)]);
    }
    let texts: [TextFields; 3] = [texts[0], texts[1], texts[2]];
    (
        b.build(),
        Fields {
            id,
            section,
            published,
            headline,
            slug,
            tags,
            fingerprint,
            texts,
        },
    )
}

/// What opening an index folder found.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    /// A usable index that has applied the change log up to this position.
    Current(i64),
    /// A new, empty index (the folder was empty, damaged or of another version):
    /// rebuild it from the database.
    NeedsRebuild,
}

pub struct SearchEngine {
    analysis: Analysis,
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// What keeping related lists current remembers between catch-ups.
    pub(crate) related: crate::related::Bookkeeping,
    _lock: Option<std::fs::File>,
}

/// An article's body as the index reads it: its blocks' plain text, a line each.
fn body_text(a: &Article) -> String {
    a.body
        .iter()
        .map(|b| b.plain_text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Two of the reader's units as one (`می` and `روم`).
fn joined_units(a: QueryTerm, b: QueryTerm) -> QueryTerm {
    QueryTerm {
        raw: format!("{} {}", a.raw, b.raw),
        words: a.words.into_iter().chain(b.words).collect(),
    }
}

fn payload(seq: i64) -> String {
    format!("v{SCHEMA_VERSION}:{seq}")
}

fn parse_payload(p: &str) -> Option<i64> {
    p.strip_prefix(&format!("v{SCHEMA_VERSION}:"))?.parse().ok()
}

impl SearchEngine {
    fn with_index(index: Index, analysis: Analysis, fields: Fields) -> Result<Self, EngineError> {
        for (name, analyzer) in analysis.analyzers().into_iter().chain(edition_analyzers()) {
            index.tokenizers().register(name, analyzer);
        }
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchEngine {
            analysis,
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            related: Default::default(),
            _lock: None,
        })
    }

    /// An index in memory, for tests and benchmarks.
    pub fn in_memory(analysis: Analysis) -> Result<Self, EngineError> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), analysis, fields)
    }

    /// Opens the index in `dir`, or starts an empty one there when it is missing,
    /// damaged or of another schema version.
    pub fn open(dir: &Path) -> Result<(Self, Opened), EngineError> {
        std::fs::create_dir_all(dir)?;
        let lock = std::fs::File::create(dir.join(LOCK_FILE))?;
        if lock.try_lock().is_err() {
            return Err(EngineError::Busy(dir.display().to_string()));
        }
        let (schema, fields) = schema();
        let (mut engine, opened) = match Self::open_existing(dir, fields) {
            Ok(Some((engine, seq))) => (engine, Opened::Current(seq)),
            found => {
                if let Err(e) = found {
                    tracing::warn!(
                        "search index in {} is unusable ({e}); rebuilding",
                        dir.display()
                    );
                }
                Self::wipe(dir)?;
                let index = Index::create_in_dir(dir, schema)?;
                let engine = Self::with_index(index, Analysis::Bases, fields)?;
                (engine, Opened::NeedsRebuild)
            }
        };
        engine._lock = Some(lock);
        Ok((engine, opened))
    }

    /// Removes everything in an index folder but our lock.
    fn wipe(dir: &Path) -> Result<(), EngineError> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.file_name().is_some_and(|n| n == LOCK_FILE) {
                continue;
            }
            if path.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
        Ok(())
    }

    /// `Ok(None)`: nothing there yet, or an index from another schema version.
    fn open_existing(dir: &Path, fields: Fields) -> Result<Option<(Self, i64)>, EngineError> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        let Some(seq) = index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(parse_payload)
        else {
            return Ok(None);
        };
        if index.schema() != schema().0 {
            return Ok(None);
        }
        let engine = Self::with_index(index, Analysis::Bases, fields)?;
        // Touch every segment now, so damage shows here and not in a reader's search.
        let searcher = engine.reader.searcher();
        for segment in searcher.segment_readers() {
            segment.fast_fields().u64("id")?;
        }
        Ok(Some((engine, seq)))
    }

    /// The change-log position this index has applied.
    pub fn applied_seq(&self) -> Result<i64, EngineError> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(parse_payload)
            .unwrap_or(0))
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An article's document and its fingerprint.
    fn document(&self, a: &Article) -> (TantivyDocument, u64) {
        let f = &self.fields;
        let language = a.language;
        let published = a.published_at.unwrap_or(a.updated_at).as_second();
        let body = body_text(a);
        let tags: Vec<String> = a.tags.iter().map(|t| tag_term(language, t.id)).collect();
        // Everything below goes into the document. The std hasher may change between
        // Rust releases: then every article changed looks changed once, which is safe.
        let mut hash = std::hash::DefaultHasher::new();
        (a.id, &a.section.slug, &a.title, &a.slug, published).hash(&mut hash);
        (&tags, &a.lead, &body, language).hash(&mut hash);
        let fingerprint = hash.finish();

        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, a.id.0 as u64);
        doc.add_text(f.section, &a.section.slug);
        doc.add_text(f.headline, &a.title);
        doc.add_text(f.slug, &a.slug);
        doc.add_i64(f.published, published);
        for tag in &tags {
            doc.add_text(f.tags, tag);
        }
        doc.add_u64(f.fingerprint, fingerprint);
        for (text, (exact, stemmed, _)) in
            [&a.title, &a.lead, &body].into_iter().zip(f.text(language))
        {
            doc.add_text(exact, text);
            doc.add_text(stemmed, text);
        }
        (doc, fingerprint)
    }

    /// The fingerprint of the document the index holds for `id`, if any.
    fn stored_fingerprint(
        &self,
        searcher: &tantivy::Searcher,
        id: ArticleId,
    ) -> Result<Option<u64>, EngineError> {
        let term = tantivy::Term::from_field_u64(self.fields.id, id.0 as u64);
        for segment in searcher.segment_readers() {
            let Some(mut postings) = segment
                .inverted_index(self.fields.id)?
                .read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let column = segment.fast_fields().u64("fingerprint")?;
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if segment
                    .alive_bitset()
                    .is_none_or(|alive| alive.is_alive(doc))
                {
                    return Ok(column.first(doc));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }

    /// Replaces the `upserts` whose document changed, removes `removals`, and
    /// commits with the change-log position now applied; searches see the result
    /// when this returns. Returns the upserts whose document changed (new ones
    /// included): a comment approved or a related list rewritten changes nothing here.
    pub fn apply(
        &self,
        upserts: &[Article],
        removals: &[ArticleId],
        seq: i64,
    ) -> Result<Vec<ArticleId>, EngineError> {
        let searcher = self.reader.searcher();
        let mut changed = Vec::new();
        let mut documents = Vec::new();
        for a in upserts {
            let (document, fingerprint) = self.document(a);
            if self.stored_fingerprint(&searcher, a.id)? != Some(fingerprint) {
                changed.push(a.id);
                documents.push(document);
            }
        }
        {
            let writer = self.writer();
            for id in removals.iter().chain(&changed) {
                writer.delete_term(tantivy::Term::from_field_u64(self.fields.id, id.0 as u64));
            }
            for document in documents {
                writer.add_document(document)?;
            }
        }
        // Only the indexing task writes, so nothing slips in between add and commit.
        self.commit(seq)?;
        Ok(changed)
    }

    /// Empties the index (uncommitted until the next [`SearchEngine::add`] batch
    /// is committed by [`SearchEngine::commit`]).
    pub fn clear(&self) -> Result<(), EngineError> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Adds articles without committing (bulk rebuilds).
    pub fn add(&self, articles: &[Article]) -> Result<(), EngineError> {
        let writer = self.writer();
        for a in articles {
            writer.add_document(self.document(a).0)?;
        }
        Ok(())
    }

    /// Commits what was added with the change-log position now applied; searches
    /// see it when this returns.
    pub fn commit(&self, seq: i64) -> Result<(), EngineError> {
        let mut writer = self.writer();
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload(seq));
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The terms one field's analyzer makes of `text`, one list per word: the
    /// word's own term first, then the stems of its bases, if any.
    fn analyze(&self, field: Field, text: &str) -> Vec<Vec<tantivy::Term>> {
        self.analyze_at(field, text)
            .into_iter()
            .map(|(_, word)| word)
            .collect()
    }

    /// [`SearchEngine::analyze`] with each word's position (a stop word left out
    /// of a stemmed field leaves a gap).
    fn analyze_at(&self, field: Field, text: &str) -> Vec<(usize, Vec<tantivy::Term>)> {
        let name = self.fields.analyzer_of(field).unwrap_or(STEMMED);
        let Some(mut analyzer) = self.index.tokenizers().get(name) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut words: Vec<(usize, Vec<tantivy::Term>)> = Vec::new();
        while let Some(token) = stream.next() {
            let term = tantivy::Term::from_field_text(field, &token.text);
            match words.last_mut() {
                Some((position, word)) if *position == token.position => word.push(term),
                _ => words.push((token.position, vec![term])),
            }
        }
        words
    }

    /// The reader's words as the edition reads them: in Persian, a verb prefix or
    /// a suffix typed apart (`می روم`, `کتاب ها`) is one word with its neighbour.
    pub(crate) fn units(&self, units: &[QueryTerm], language: Language) -> Vec<QueryTerm> {
        if language != Language::Persian {
            return units.to_vec();
        }
        let mut out: Vec<QueryTerm> = Vec::with_capacity(units.len());
        let mut prefix: Option<QueryTerm> = None;
        for unit in units {
            let mut unit = unit.clone();
            if let Some(p) = prefix.take() {
                unit = joined_units(p, unit);
            }
            let word = nashir_core::persian::normalize_word(&unit.raw);
            if nashir_core::persian::is_detached_prefix(&word) {
                prefix = Some(unit);
            } else if nashir_core::persian::is_detached_suffix(&word)
                && let Some(last) = out.last_mut()
            {
                *last = joined_units(last.clone(), unit);
            } else {
                out.push(unit);
            }
        }
        out.extend(prefix);
        out
    }

    /// Whether a reader's word is a stop word of the edition (found through its
    /// exact spelling only; not required when other words are).
    fn is_stop_word(&self, unit: &QueryTerm, language: Language) -> bool {
        if language == Language::Arabic || unit.is_phrase() {
            return false;
        }
        let (exact, stemmed, _) = self.fields.text(language)[0];
        self.analyze(stemmed, &unit.raw).is_empty() && !self.analyze(exact, &unit.raw).is_empty()
    }

    /// A word or phrase found in any of the edition's text fields, weighted by
    /// field. A single word is also found through its bases; a phrase only
    /// through its words' own terms.
    fn unit_query(&self, unit: &QueryTerm, language: Language) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term = |t: tantivy::Term, boost: f32| -> (Occur, Box<dyn Query>) {
            let query = TermQuery::new(t, IndexRecordOption::WithFreqs);
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            )
        };
        let fields = self.fields.text(language);
        // A phrase of a stop word and one other word is one word in a stemmed field:
        // only the exact fields can tell it is a phrase.
        let exact_words = match language {
            Language::Arabic => 0,
            _ => self.analyze_at(fields[0].0, &unit.raw).len(),
        };
        for (exact, stemmed, weight) in fields {
            for (field, boost) in [(exact, weight * EXACT_BONUS), (stemmed, weight)] {
                let mut words = self.analyze_at(field, &unit.raw);
                if words.len() < exact_words.min(2) {
                    continue;
                }
                if words.len() > 1 {
                    let first = words[0].0;
                    let own = words
                        .into_iter()
                        .filter_map(|(at, w)| Some((at - first, w.into_iter().next()?)));
                    let phrase = PhraseQuery::new_with_offset(own.collect());
                    alternatives.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(phrase), boost)),
                    ));
                } else if let Some((_, word)) = words.pop() {
                    let mut terms = word.into_iter();
                    alternatives.extend(terms.next().map(|t| term(t, boost)));
                    alternatives.extend(terms.map(|t| term(t, boost * BASE_WEIGHT)));
                }
            }
        }
        if let [word] = unit.words.as_slice()
            && language == Language::Arabic
        {
            for form in self.vocabulary_forms(word) {
                for (exact, _, weight) in self.fields.text(language) {
                    let t = tantivy::Term::from_field_text(exact, &form);
                    alternatives.push(term(t, weight * BASE_WEIGHT));
                }
            }
        }
        (!alternatives.is_empty())
            .then(|| Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>)
    }

    /// The required and excluded units of a query as clauses: every word must
    /// match but an edition's stop words, which only count where other words do.
    fn text_clauses(
        &self,
        query: &SearchQuery,
        language: Language,
    ) -> Option<Vec<(Occur, Box<dyn Query>)>> {
        let required = self.units(&query.required, language);
        let stop: Vec<bool> = required
            .iter()
            .map(|u| self.is_stop_word(u, language))
            .collect();
        let all_stop = stop.iter().all(|&s| s);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (unit, stop) in required.iter().zip(stop) {
            let occur = if stop && !all_stop {
                Occur::Should
            } else {
                Occur::Must
            };
            clauses.push((occur, self.unit_query(unit, language)?));
        }
        for unit in &self.units(&query.excluded, language) {
            if let Some(q) = self.unit_query(unit, language) {
                clauses.push((Occur::MustNot, q));
            }
        }
        Some(clauses)
    }

    fn query(&self, request: &SearchRequest) -> Option<BooleanQuery> {
        let mut clauses = self.text_clauses(&request.query, request.edition)?;
        if let Some(section) = &request.section {
            let term = tantivy::Term::from_field_text(self.fields.section, section);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if request.from.is_some() || request.until.is_some() {
            let bound = |ts: Option<jiff::Timestamp>, inclusive: bool| match ts {
                None => Bound::Unbounded,
                Some(ts) => {
                    let term = tantivy::Term::from_field_i64(self.fields.published, ts.as_second());
                    if inclusive {
                        Bound::Included(term)
                    } else {
                        Bound::Excluded(term)
                    }
                }
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(request.from, true),
                    bound(request.until, false),
                )),
            ));
        }
        (!clauses.is_empty()).then(|| BooleanQuery::new(clauses))
    }

    /// Runs a search; a query with no usable word finds nothing.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchHits, EngineError> {
        if request.query.is_empty() {
            return Ok(SearchHits::default());
        }
        let Some(query) = self.query(request) else {
            return Ok(SearchHits::default());
        };
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let offset = request.offset.min(MAX_OFFSET);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, addresses): (usize, Vec<DocAddress>) = match request.sort {
            SortOrder::Relevance => {
                let (total, hits) = searcher.search(&query, &(Count, top.order_by_score()))?;
                (total, hits.into_iter().map(|(_, a)| a).collect())
            }
            SortOrder::Newest => {
                let (total, hits) = searcher.search(
                    &query,
                    &(
                        Count,
                        top.order_by_fast_field::<i64>("published", Order::Desc),
                    ),
                )?;
                (total, hits.into_iter().map(|(_, a)| a).collect())
            }
        };
        let mut ids = Vec::with_capacity(addresses.len());
        for address in addresses {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")?;
            if let Some(id) = column.first(address.doc_id) {
                ids.push(ArticleId(id as i64));
            }
        }
        Ok(SearchHits { total, ids })
    }
}
