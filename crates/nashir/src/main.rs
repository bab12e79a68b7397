//! `nashir`: the whole platform in one binary.

mod archive;
mod backup;
mod config;
mod export;
mod import;
mod import_wordpress;
mod memory;
mod migrate_db;
mod reindex;
mod sections;
mod serve;
mod users;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "nashir",
    version,
    about = "Nashir — an Arabic-first news publishing platform"
)]
struct Cli {
    /// Data folder: database, search index, media and nashir.toml.
    #[arg(
        long,
        global = true,
        env = "NASHIR_DATA",
        default_value = "nashir-data"
    )]
    data: PathBuf,

    /// Address to serve on, e.g. 127.0.0.1:8080 (overrides nashir.toml and NASHIR_LISTEN).
    #[arg(long, global = true)]
    listen: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site.
    Serve {
        /// Load the demo articles into an empty site first.
        #[arg(long)]
        demo: bool,
    },
    /// Import articles written in the reference text format; prints `<id>\t<url path>` per article.
    Import {
        /// Section (slug) the articles go to.
        #[arg(long, default_value = nashir_app::DEFAULT_SECTION)]
        section: String,
        /// The edition the files are written for (ar, en or fa): its date, source
        /// and furniture lines are read, and the articles are in its language.
        #[arg(long, default_value = "ar")]
        edition: nashir_core::language::Language,
        /// Links the imported article as a translation of this one (by id): each
        /// page then points to the other. Takes one file.
        #[arg(long)]
        translation_of: Option<i64>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Import a WordPress export (WXR 1.1/1.2, from Tools → Export or `wp export`):
    /// posts, categories, tags, authors, images and comments, and a redirect from
    /// every old address. Prints `<id>\t<new path>\t<old link>` per post, then a
    /// summary; running it again updates in place.
    ImportWordpress {
        file: PathBuf,
        /// A copy of the site's `wp-content/uploads`, where its images are found.
        #[arg(long)]
        media: Option<PathBuf>,
        /// Lines of `category section-slug`: the section each top-level category
        /// becomes (needed for categories whose slug is not Latin).
        #[arg(long)]
        section_map: Option<PathBuf>,
        /// The section of posts with no category.
        #[arg(long, default_value = nashir_app::DEFAULT_SECTION)]
        section: String,
    },
    /// Rebuild the search index from the database (run it while the server is stopped).
    Reindex,
    /// Newsroom accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Tokens of the JSON API (each acts as its account).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copy this SQLite site into an empty PostgreSQL database and check the copy
    /// (stop the server first).
    MigrateDb {
        /// The PostgreSQL database, e.g. `postgres://nashir:secret@db.internal/nashir`.
        #[arg(long)]
        to: String,
    },
    /// Write the whole site (a snapshot of the database, the images, nashir.toml) to
    /// one archive while the server runs (SQLite sites; PostgreSQL: see docs/DEPLOY.md).
    Backup {
        /// The archive to write, e.g. `/backups/nashir-2025-01-08.tar.gz`.
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore an archive made by `nashir backup` into the data folder, which must be
    /// empty or missing.
    Restore {
        /// The archive.
        file: PathBuf,
    },
    /// Write everything the site holds (articles with their revisions, pages, sections,
    /// tags, authors, comments, media records, redirects, accounts without passwords,
    /// settings) to one archive other software can read (docs/EXPORT.md), while the
    /// server runs.
    Export {
        /// The archive to write, e.g. `/backups/nashir-export.tar.gz`.
        #[arg(long)]
        to: PathBuf,
        /// Include the images' files too.
        #[arg(long)]
        media: bool,
    },
    /// Load an archive made by `nashir export` into an empty site (a new data folder
    /// or an empty PostgreSQL database), keeping ids, addresses and dates.
    ImportExport {
        /// The archive.
        file: PathBuf,
    },
    /// Create or rename a section: `nashir section SLUG NAME`.
    Section {
        /// Latin letters, digits and dashes, e.g. `economy`.
        slug: String,
        /// The name readers see, e.g. `اقتصاد`.
        name: String,
        /// Its name in another edition (en, fa), which then lists it; an empty
        /// name takes it out of that edition.
        #[arg(long)]
        edition: Option<nashir_core::language::Language>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input when it is piped,
    /// else generated and printed once.
    Add {
        email: String,
        #[arg(long, value_parser = ["contributor", "author", "editor", "admin"])]
        role: String,
        /// Display name (default: the part of the address before @).
        #[arg(long)]
        name: Option<String>,
    },
    /// List accounts.
    List,
    /// Set an account's password (ending its sessions): read from standard input
    /// when it is piped, else generated and printed once.
    Password { email: String },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make a token for the account with this e-mail; it is printed once.
    Add {
        email: String,
        /// What it is for, e.g. `mobile app`.
        #[arg(long)]
        name: String,
    },
}

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NASHIR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

fn main() -> ExitCode {
    memory::tune_allocator();
    let cli = Cli::parse();
    init_logging(match cli.command {
        Command::Serve { .. } => "info,sqlx=warn",
        _ => "warn",
    });
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nashir: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let config = config::Config::load(&cli.data, cli.listen.as_deref())?;
        match cli.command {
            Command::Serve { demo } => serve::run(config, demo).await,
            Command::Import {
                section,
                edition,
                translation_of,
                files,
            } => {
                let of = translation_of.map(nashir_core::ArticleId);
                import::run(config, &section, edition, of, &files).await
            }
            Command::ImportWordpress {
                file,
                media,
                section_map,
                section,
            } => {
                let args = import_wordpress::Args {
                    file,
                    media,
                    section_map,
                    default_section: section,
                };
                import_wordpress::run(config, args).await
            }
            Command::Reindex => reindex::run(config).await,
            Command::MigrateDb { to } => migrate_db::run(config, &to).await,
            Command::Section {
                slug,
                name,
                edition,
            } => sections::run(config, &slug, &name, edition).await,
            Command::Backup { to } => backup::backup(config, &to).await,
            Command::Restore { file } => backup::restore(config, &file).await,
            Command::Export { to, media } => export::export(config, &to, media).await,
            Command::ImportExport { file } => export::import_export(config, &file).await,
            Command::User(UserCommand::Add { email, role, name }) => {
                users::add(config, &email, &role, name.as_deref()).await
            }
            Command::User(UserCommand::List) => users::list(config).await,
            Command::User(UserCommand::Password { email }) => {
                users::set_password(config, &email).await
            }
            Command::Token(TokenCommand::Add { email, name }) => {
                users::add_token(config, &email, &name).await
            }
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nashir: {e:#}");
            ExitCode::FAILURE
        }
    }
}
