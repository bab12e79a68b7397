//! `nashir section SLUG NAME`: create or rename a section.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use nashir_app::{App, SystemClock};

use crate::config::Config;

pub async fn run(config: Config, slug: &str, name: &str) -> anyhow::Result<ExitCode> {
    let valid = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        bail!("section slug «{slug}» must be 1–64 lowercase Latin letters, digits or dashes");
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        bail!("section name must be 1–80 characters");
    }
    config.prepare_data_dir()?;
    let store = config.open_store().await?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), config.site);
    let section = app.console_save_section(slug, name).await?;
    store.close().await;
    println!("{}\t{}\t{}", section.id, section.slug, section.name);
    Ok(ExitCode::SUCCESS)
}
