//! `nashir section SLUG NAME [--edition en|fa]`: create or rename a section, or
//! name it in another edition (which then lists it in its menu).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use nashir_app::{App, SystemClock};
use nashir_core::language::Language;

use crate::config::Config;

pub async fn run(
    config: Config,
    slug: &str,
    name: &str,
    edition: Option<Language>,
) -> anyhow::Result<ExitCode> {
    let valid = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        bail!("section slug «{slug}» must be 1–64 lowercase Latin letters, digits or dashes");
    }
    let name = name.trim();
    let in_other_edition = edition.filter(|e| *e != config.site.default_edition());
    // In another edition an empty name takes the section out of its menu.
    if (name.is_empty() && in_other_edition.is_none()) || name.chars().count() > 80 {
        bail!("section name must be 1–80 characters");
    }
    if let Some(e) = in_other_edition
        && !config.site.publishes(e)
    {
        bail!("the site does not publish the {e} edition (see the editions setting)");
    }
    config.prepare_data_dir()?;
    let store = config.open_store().await?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), config.site);
    let section = match in_other_edition {
        None => app.console_save_section(slug, name).await?,
        Some(e) => match app.console_name_section(slug, e, name).await? {
            Some(section) => section,
            None => {
                store.close().await;
                bail!("no section «{slug}»: create it first, without --edition");
            }
        },
    };
    store.close().await;
    println!("{}\t{}\t{}", section.id, section.slug, section.name);
    Ok(ExitCode::SUCCESS)
}
