//! Nashir's Arabic full-text search: a tantivy index on local disk.
//!
//! The database is the source of truth. The index records the change-log position it
//! has applied (in its commit payload), catches up from the store's change log, and is
//! rebuilt from the database whenever it is missing, damaged or of an older schema.

mod analyzer;
mod engine;
pub mod evaluation;
mod indexer;
mod related;

pub use analyzer::{Analysis, ArabicTokenizer};
pub use engine::{EngineError, Opened, SearchEngine};
pub use indexer::{TantivySearch, catch_up, rebuild};
pub use related::fill_related;
