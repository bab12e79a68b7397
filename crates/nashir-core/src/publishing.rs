//! What the newsroom may set on an article for its address, for search engines
//! and for shares, beside its text: each optional, each with a fallback readers
//! never notice (the slug from the headline, the lead, the headline).

use serde::{Deserialize, Serialize};

/// An article's publishing fields, as stored (cleaned) and kept by its revisions.
/// The share image is not here: like the featured image it is a picture the
/// article points at, not text a revision keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Publishing {
    /// The slug chosen by hand (already cleaned by [`crate::slug::custom`]);
    /// none: made from the headline at every save.
    pub slug: Option<String>,
    /// `<meta name="description">` and the shares' description; empty: the lead.
    pub meta_description: String,
    /// `og:title` and `twitter:title`; empty: the headline.
    pub social_title: String,
}
