//! What the catalog and guard tests read of the code: the reader-side templates
//! and sources, their string literals (outside comments and `#[cfg(test)]`
//! modules), and the message keys they name.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace's `crates/` folder.
pub fn crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crates/")
        .to_path_buf()
}

/// Rust sources whose interface text comes from the catalogs (relative to
/// `crates/`). The guard test keeps them free of Arabic literals.
pub const CONVERTED_SOURCES: &[&str] = &[
    "nashir-web/src/corrections.rs",
    "nashir-web/src/edition.rs",
    "nashir-web/src/errors.rs",
    "nashir-web/src/feeds.rs",
    "nashir-web/src/form.rs",
    "nashir-web/src/lists.rs",
    "nashir-web/src/live.rs",
    "nashir-web/src/pages.rs",
    "nashir-web/src/reader_forms.rs",
    "nashir-web/src/redirects.rs",
    "nashir-web/src/search.rs",
    "nashir-web/src/static_pages.rs",
    "nashir-web/src/views.rs",
    "nashir-web/src/admin/articles.rs",
    "nashir-web/src/admin/audit.rs",
    "nashir-web/src/admin/comments.rs",
    "nashir-web/src/admin/dashboard.rs",
    "nashir-web/src/admin/front.rs",
    "nashir-web/src/admin/live.rs",
    "nashir-web/src/admin/mail.rs",
    "nashir-web/src/admin/media.rs",
    "nashir-web/src/admin/mod.rs",
    "nashir-web/src/admin/redirects.rs",
    "nashir-web/src/admin/related.rs",
    "nashir-web/src/admin/rich_words.rs",
    "nashir-web/src/admin/sign_in.rs",
    "nashir-web/src/admin/static_pages.rs",
    "nashir-web/src/admin/taxonomy.rs",
    "nashir-web/src/admin/tokens.rs",
    "nashir-web/src/admin/users.rs",
    "nashir-web/src/admin/webhooks.rs",
    "nashir-web/src/api/admin.rs",
    "nashir-web/src/api/content.rs",
    "nashir-web/src/api/json.rs",
    "nashir-web/src/api/mod.rs",
    "nashir-web/src/api/problem.rs",
    "nashir-app/src/comments.rs",
    "nashir-app/src/editor.rs",
    "nashir-app/src/editor/presence.rs",
    "nashir-app/src/editor/reads.rs",
    "nashir-app/src/editor/review.rs",
    "nashir-app/src/forms.rs",
    "nashir-app/src/front.rs",
    "nashir-app/src/live.rs",
    "nashir-app/src/mail/compose.rs",
    "nashir-app/src/mail/friend.rs",
    "nashir-app/src/mail/mod.rs",
    "nashir-app/src/mail/notices.rs",
    "nashir-app/src/records.rs",
    "nashir-app/src/redirects.rs",
    "nashir-app/src/related.rs",
    "nashir-app/src/static_pages.rs",
    "nashir-app/src/taxonomy.rs",
    "nashir-app/src/translations.rs",
    "nashir-app/src/webhooks/http.rs",
    "nashir-app/src/webhooks/mod.rs",
];

/// Templates: every file in these folders, the reader's and the newsroom's.
pub const TEMPLATE_DIRS: &[&str] = &[
    "nashir-web/templates",
    "nashir-web/templates/admin",
    "nashir-app/templates/mail",
];

/// The templates under [`TEMPLATE_DIRS`], relative to `crates/`.
pub fn templates() -> Vec<String> {
    let mut found = Vec::new();
    for dir in TEMPLATE_DIRS {
        for entry in std::fs::read_dir(crates().join(dir)).expect("a template folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_file() {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                found.push(format!("{dir}/{name}"));
            }
        }
    }
    found.sort();
    found
}

pub fn read(relative: &str) -> String {
    std::fs::read_to_string(crates().join(relative))
        .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
}

/// Whether `c` is in the Arabic script's blocks (Arabic, its supplement and
/// extended blocks, and its presentation forms): Arabic and Persian letters,
/// digits and punctuation.
pub fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// A string or character literal of Rust code and the line it starts on.
pub struct Literal {
    pub line: usize,
    pub text: String,
}

/// The string and character literals of Rust source `code`, leaving out
/// comments and `#[cfg(test)]` items (a test module with its braces).
pub fn rust_literals(code: &str) -> Vec<Literal> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    // Brace depth, and the depth a skipped `#[cfg(test)]` item opened at.
    let mut depth = 0usize;
    let mut skipping: Option<usize> = None;
    let mut test_attribute = false;
    let starts = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        // Comments.
        if starts(i, "//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if starts(i, "/*") {
            let mut nested = 0;
            while i < chars.len() {
                if starts(i, "/*") {
                    nested += 1;
                    i += 2;
                } else if starts(i, "*/") {
                    nested -= 1;
                    i += 2;
                    if nested == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            continue;
        }
        if starts(i, "#[cfg(test)]") {
            test_attribute = true;
            i += "#[cfg(test)]".len();
            continue;
        }
        // Raw strings: r"…", r#"…"#, br"…".
        let raw_start = if starts(i, "br") {
            Some(i + 2)
        } else if c == 'r'
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            Some(i + 1)
        } else {
            None
        };
        if let Some(mut j) = raw_start {
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let start_line = line;
                let mut text = String::new();
                j += 1;
                while j < chars.len() && !starts(j, &close) {
                    if chars[j] == '\n' {
                        line += 1;
                    }
                    text.push(chars[j]);
                    j += 1;
                }
                if skipping.is_none() {
                    out.push(Literal {
                        line: start_line,
                        text,
                    });
                }
                i = j + close.chars().count();
                continue;
            }
        }
        if c == '"' {
            let start_line = line;
            let mut text = String::new();
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    text.push(chars[j]);
                    j += 1;
                }
                if chars[j] == '\n' {
                    line += 1;
                }
                text.push(chars[j]);
                j += 1;
            }
            if skipping.is_none() {
                out.push(Literal {
                    line: start_line,
                    text,
                });
            }
            i = j + 1;
            continue;
        }
        // A character literal ('x', '\n', '\u{202E}'), not a lifetime ('a).
        if c == '\'' {
            let close = if chars.get(i + 1) == Some(&'\\') {
                (i + 3..chars.len().min(i + 12)).find(|&k| chars[k] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = close {
                if skipping.is_none() {
                    out.push(Literal {
                        line,
                        text: chars[i + 1..end].iter().collect(),
                    });
                }
                i = end + 1;
                continue;
            }
        }
        match c {
            '{' => {
                if test_attribute && skipping.is_none() {
                    skipping = Some(depth);
                }
                test_attribute = false;
                depth += 1;
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if skipping == Some(depth) {
                    skipping = None;
                }
            }
            // `#[cfg(test)] use …;` or `fn f();`: the attribute's item ends.
            ';' if test_attribute => test_attribute = false,
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether `s` is shaped like a message key: lowercase words joined by dashes.
pub fn is_key_shaped(s: &str) -> bool {
    let mut words = s.split('-');
    let first_ok = words.next().is_some_and(|w| {
        w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    let rest: Vec<&str> = words.collect();
    first_ok
        && !rest.is_empty()
        && rest.iter().all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The string literals inside a template's `{{ … }}` and `{% … %}` tags: what
/// its code says, not its markup.
pub fn template_literals(template: &str) -> Vec<Literal> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = template[at..].find('{') {
        let open = at + found;
        let close = match template[open..].chars().nth(1) {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let Some(length) = template[open..].find(close) else {
            break;
        };
        let tag = &template[open + 2..open + length];
        let line = 1 + template[..open].matches('\n').count();
        // Between the 1st and 2nd quote, the 3rd and 4th…
        for (k, piece) in tag.split('"').enumerate() {
            if k % 2 == 1 {
                out.push(Literal {
                    line,
                    text: piece.to_string(),
                });
            }
        }
        at = open + length + close.len();
    }
    out
}
