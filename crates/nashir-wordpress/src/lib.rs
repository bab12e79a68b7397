//! Moving a WordPress site to Nashir: [`wxr`] reads the export file entry by
//! entry, [`html`] turns a post's HTML into blocks, [`convert`] maps posts,
//! terms, authors and comments to what Nashir stores.

pub mod convert;
pub mod html;
pub mod marks;
pub mod wxr;
