//! E-mail address syntax, strict enough that an address can go into a mail header
//! and an SMTP envelope as it is: one `local@domain`, ASCII, no spaces, no
//! comments, no line breaks, no second recipient.

/// The address, its domain lowercased, or `None` when it is not one plain address.
pub fn parse(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() > 254 {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    if !valid_local(local) || !valid_domain(domain) {
        return None;
    }
    Some(format!("{local}@{}", domain.to_ascii_lowercase()))
}

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&*+-/=?^_{|}~.".contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
            || tld.to_ascii_lowercase().starts_with("xn--"))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_plain_addresses() {
        assert_eq!(
            parse(" Reader@Example.COM ").as_deref(),
            Some("Reader@example.com")
        );
        assert!(parse("a.b+news@mail.example.co").is_some());
        assert!(parse("x@xn--mgbh0fb.xn--kgbechtv").is_some());
    }

    #[test]
    fn refuses_everything_that_could_smuggle_a_header_or_a_recipient() {
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "a@@b.com",
            "a@b.com\r\nBcc: victim@evil.com",
            "a@b.com\nBcc:x@y.com",
            "a@b.com, c@d.com",
            "a@b.com;c@d.com",
            "Name <a@b.com>",
            "a b@c.com",
            "(comment)a@b.com",
            "\"quoted\"@b.com",
            ".a@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b.c",
            "a@b.123",
            "مستخدم@مثال.com",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(parse(&format!("{}@b.com", "a".repeat(65))), None);
    }
}
