//! `nashir user add|list`: the first admin comes from here; the rest from /admin.
//! `nashir user password`: a password set by the machine's operator (an account
//! brought by `import-export` has none). `nashir token add`: an API token for an
//! account.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use nashir_app::accounts::{AccountError, normalize_email};
use nashir_app::secrets::{self, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use nashir_app::{AccountStore, App, Audit, NewsroomWrite, SystemClock};
use nashir_core::permissions::Role;
use nashir_store_sql::SqlStore;

use crate::config::Config;

async fn open(config: Config) -> anyhow::Result<(App, SqlStore)> {
    config.prepare_data_dir()?;
    let store = config.open_store().await?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), config.site);
    Ok((app, store))
}

pub async fn add(
    config: Config,
    email: &str,
    role: &str,
    name: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let role = Role::parse(role).ok_or_else(|| anyhow!("unknown role «{role}»"))?;
    let password = piped_password()?;
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    let (app, store) = open(config).await?;
    let (user, generated) = app
        .add_user(email, &name, role, password.as_deref())
        .await?;
    app.audit(
        None,
        "user-add",
        &format!("{} ({})", user.email, role.as_str()),
    )
    .await;
    store.close().await;
    println!("{}\t{}\t{}", user.id, user.email, user.role.as_str());
    if let Some(password) = generated {
        println!("password: {password}");
        eprintln!("nashir: this password is shown once; sign in at /admin and change it");
    }
    Ok(ExitCode::SUCCESS)
}

/// The first line of standard input when it is piped (none when it is a
/// terminal, or empty).
fn piped_password() -> anyhow::Result<Option<String>> {
    if std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let mut input = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut input)
        .context("reading the password from standard input")?;
    let line = input.lines().next().unwrap_or("").to_string();
    Ok((!line.is_empty()).then_some(line))
}

/// `nashir user password EMAIL`: the new hash, the end of the account's sessions
/// and the audit line in one transaction, as when its owner changes it.
pub async fn set_password(config: Config, email: &str) -> anyhow::Result<ExitCode> {
    if !config.has_database() {
        bail!("no site in {} (no nashir.db)", config.data_dir.display());
    }
    let email = normalize_email(email)?;
    let (password, generated) = match piped_password()? {
        Some(password) => (password, false),
        None => (
            secrets::generate_password().map_err(anyhow::Error::msg)?,
            true,
        ),
    };
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&password.chars().count()) {
        return Err(AccountError::WeakPassword.into());
    }
    // Generated, it is shown once; piped, the operator has it already.
    let shown = generated.then(|| password.clone());
    let (_, store) = open(config).await?;
    let Some((user, _)) = store.user_by_email(&email).await? else {
        store.close().await;
        bail!("no account with the e-mail address «{email}» (nashir user list shows them)");
    };
    let hash = tokio::task::spawn_blocking(move || secrets::hash_password(&password))
        .await
        .context("hashing the password")?
        .map_err(anyhow::Error::msg)?;
    let audit = Audit {
        by: None,
        action: "password-set".into(),
        target: format!("console: {email}"),
    };
    let write = NewsroomWrite::Password {
        user: user.id,
        hash,
    };
    let written = store
        .newsroom_write(&write, &audit, jiff::Timestamp::now())
        .await;
    store.close().await;
    written?;
    println!("{}\t{}\t{}", user.id, user.email, user.role.as_str());
    if let Some(password) = shown {
        println!("password: {password}");
        eprintln!("nashir: this password is shown once; sign in at /admin and change it");
    }
    if user.disabled {
        eprintln!("nashir: the account is disabled: an admin enables it in /admin/users");
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn list(config: Config) -> anyhow::Result<ExitCode> {
    let (app, store) = open(config).await?;
    for u in app.console_users().await? {
        let state = if u.disabled { "disabled" } else { "active" };
        println!(
            "{}\t{}\t{}\t{}\t{state}",
            u.id,
            u.email,
            u.role.as_str(),
            u.name
        );
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn add_token(config: Config, email: &str, name: &str) -> anyhow::Result<ExitCode> {
    let (app, store) = open(config).await?;
    let made = app.add_token(email, name).await;
    store.close().await;
    let (token, secret) = made.map_err(|e| match e {
        nashir_app::accounts::AccountError::InvalidCredentials => {
            anyhow!("no account with the e-mail address «{email}»")
        }
        other => anyhow!("{other}"),
    })?;
    println!("{}\t{}\t{}", token.id, token.user_name, token.name);
    println!("token: {secret}");
    eprintln!("nashir: this token is shown once; keep it secret (Authorization: Bearer …)");
    Ok(ExitCode::SUCCESS)
}
