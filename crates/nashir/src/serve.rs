//! `nashir serve`: the site, until SIGTERM or Ctrl-C.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use nashir_app::mail::{Smtp, run_outbox};
use nashir_app::webhooks::{HttpWebhooks, Retry, run_webhooks};
use nashir_app::{App, Store, SystemClock};
use nashir_search::{SearchEngine, TantivySearch};

use crate::config::Config;

pub async fn run(config: Config, demo: bool) -> anyhow::Result<ExitCode> {
    config.prepare_data_dir()?;
    let store = config.open_store().await?;
    let store_port: Arc<dyn Store> = Arc::new(store.clone());
    let clock = Arc::new(SystemClock);
    let (engine, opened) = SearchEngine::open(&config.search_dir()).with_context(|| {
        format!(
            "opening the search index in {}",
            config.search_dir().display()
        )
    })?;
    let search = TantivySearch::start(engine, opened, store_port.clone(), clock.clone());
    let media = config.media_files()?;
    let mut app = App::new(store_port, clock, config.site)
        .with_search(search)
        .with_media(media);
    let mut transport = None;
    if let Some((url, settings)) = config.mail {
        transport = Some(Arc::new(Smtp::from_url(&url).map_err(anyhow::Error::msg)?));
        app = app.with_mail(settings);
    }
    if demo {
        for imported in nashir_demo::load(&app)
            .await
            .context("loading the demo content")?
        {
            tracing::info!(id = %imported.id, path = %imported.path, "demo article loaded");
        }
    }
    // Know the change log's position before the first page is cached, so the first
    // poll does not throw that page away.
    app.observe_changes()
        .await
        .context("reading the change log")?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    let upkeep = tokio::spawn(app.clone().run_upkeep());
    let trim = tokio::spawn(crate::memory::return_freed_memory_regularly());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let outbox = transport.map(|t| tokio::spawn(run_outbox(app.clone(), t, stopped.clone())));
    let sender = HttpWebhooks::new(config.webhooks_allow_private).map_err(anyhow::Error::msg)?;
    let webhooks = tokio::spawn(run_webhooks(
        app.clone(),
        Arc::new(sender),
        Retry::default(),
        stopped,
    ));
    nashir_web::serve_with(listener, app.clone(), config.limits, shutdown_signal())
        .await
        .context("serving")?;
    tracing::info!("shutting down");
    upkeep.abort();
    trim.abort();
    // The outbox worker finishes the message in hand, so nothing is sent twice.
    let _ = stop.send(true);
    if let Some(outbox) = outbox
        && tokio::time::timeout(std::time::Duration::from_secs(35), outbox)
            .await
            .is_err()
    {
        tracing::warn!("the outbox worker did not stop in time");
    }
    if tokio::time::timeout(std::time::Duration::from_secs(15), webhooks)
        .await
        .is_err()
    {
        tracing::warn!("the webhook worker did not stop in time");
    }
    if let Err(e) = app.flush_views().await {
        tracing::warn!("writing the last view counts: {e}");
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM; in-flight requests then finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
