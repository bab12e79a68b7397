//! Nashir's use-cases and the ports they need.
//!
//! The web front and the CLI both call [`App`]; neither knows which database sits
//! behind the [`Store`] port.

mod app;
mod clock;
mod store;

pub use app::{App, ArticlePage, DEFAULT_SECTION, ImportFileError, Imported, SiteSettings};
pub use clock::{Clock, FixedClock, SystemClock};
pub use store::{ImportOutcome, Store, StoreError};
