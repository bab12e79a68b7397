//! Nashir's domain: pure types and rules, no I/O.
//!
//! Everything here is deterministic and cheap to test: the article model, Arabic text
//! rules, Arabic calendar formatting and the parser for the reference text format.

pub mod analysis;
pub mod arabic_date;
pub mod article;
pub mod calendars;
pub mod clitics;
pub mod diff;
pub mod email_address;
pub mod english;
pub mod english_date;
pub mod highlight;
pub mod import;
pub mod inline;
pub mod language;
pub mod lexicon;
pub mod live;
pub mod markdown;
pub mod permissions;
pub mod persian;
pub mod persian_date;
pub mod plain_text;
pub mod publishing;
pub mod search_query;
pub mod slug;
pub mod text;

pub use article::{
    Article, ArticleId, ArticleSummary, Author, Block, Correction, Cursor, Media, NewArticle,
    Section, Source, Status, Tag,
};
pub use publishing::Publishing;
