//! Passwords (argon2id) and random tokens (sessions, CSRF).

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use sha2::{Digest, Sha256};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (argon2 takes anything; this bounds the work per login).
pub const MAX_PASSWORD_CHARS: usize = 256;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes from the operating system, hex-encoded.
pub fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(hex(&bytes))
}

/// HMAC-SHA256 of `message` under `key`, hex-encoded.
pub fn sign(key: &str, message: &str) -> String {
    hex(&sign_bytes(key.as_bytes(), message.as_bytes()))
}

/// HMAC-SHA256 of `message` under `key`.
pub fn sign_bytes(key: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    // HMAC takes keys of any length; the error arm cannot happen.
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// What is stored of a session token: its SHA-256, so a leaked table opens nothing.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Equality that takes as long whatever the inputs share.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing the password: {e}"))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A URL fit for logs and error messages: `scheme://user:***@host/…`. A
/// password may itself hold `@`, so the host starts after the last one.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_string(),
    }
}

/// A password for a new account: 20 characters from an alphabet without look-alikes.
pub fn generate_password() -> Result<String, String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        for (url, shown) in [
            (
                "postgres://nashir:s3cret@db:5432/nashir",
                "postgres://nashir:***@db:5432/nashir",
            ),
            (
                "postgres://nashir@db:5432/nashir",
                "postgres://nashir@db:5432/nashir",
            ),
            ("postgres://db/nashir", "postgres://db/nashir"),
            (
                "smtps://me:p@ss:w0rd@mail.example:465",
                "smtps://me:***@mail.example:465",
            ),
            ("smtp://me:s3cret@mail/x?y=@z", "smtp://me:***@mail/x?y=@z"),
        ] {
            assert_eq!(without_password(url), shown);
        }
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("كلمة سر طويلة جداً").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("كلمة سر طويلة جداً", &hash));
        assert!(!verify_password("كلمة سر أخرى", &hash));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(hash, hash_password("كلمة سر طويلة جداً").unwrap(), "salted");
    }

    #[test]
    fn tokens_are_random_and_digested() {
        let a = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token().unwrap());
        assert_eq!(token_digest(&a).len(), 64);
        assert_ne!(token_digest(&a), a);
        assert!(same(&a, &a.clone()) && !same(&a, "x"));
        assert_eq!(generate_password().unwrap().len(), 20);
    }
}
