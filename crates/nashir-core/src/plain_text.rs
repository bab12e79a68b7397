//! Readers' plain text (comments, notes, names): cleaned before it is stored and
//! turned into safe HTML when it is shown.
//!
//! Nothing a reader types is ever HTML: on output every character is escaped, line
//! breaks become `<br>`, and `http(s)://` or `www.` addresses become links that
//! search engines are told not to follow.

use std::ops::Range;

use crate::text::is_invisible_format;

/// Characters dropped from readers' text: bidi controls and other invisible
/// formatting (they could reorder the page or hide text), and control characters
/// other than line breaks and tabs.
fn is_dropped(c: char) -> bool {
    is_invisible_format(c)
        || matches!(c, '\u{00AD}' | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
        || (c.is_control() && c != '\n' && c != '\t')
}

/// Multi-line text as stored: `\r\n` and `\r` become `\n`, tabs spaces, invisible
/// and control characters go, trailing spaces and more than one blank line in a
/// row go, and the ends are trimmed.
pub fn clean_multiline(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(unified.len());
    let mut blank_run = 0;
    for line in unified.split('\n') {
        let line: String = line
            .chars()
            .filter(|&c| !is_dropped(c))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// One-line text (a name): [`clean_multiline`] with every run of white space,
/// line breaks included, made one space.
pub fn clean_line(s: &str) -> String {
    crate::text::collapse_spaces(&clean_multiline(s))
}

/// Characters that end a web address; trailing punctuation is trimmed after.
fn ends_link(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '«' | '»')
}

const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '،', '؛', '؟', '.',
];

const SCHEMES: [&str; 2] = ["https://", "http://"];

/// Where a link may start: every `http://` or `https://` (mail clients find one
/// glued to a word, so we do too), and every `www.` that starts a word (`awww.x`
/// is not one).
fn link_starts(s: &str) -> Vec<usize> {
    let lower = s.to_ascii_lowercase();
    let mut starts: Vec<usize> = SCHEMES
        .iter()
        .flat_map(|p| lower.match_indices(p).map(|(i, _)| i))
        .collect();
    starts.extend(lower.match_indices("www.").map(|(i, _)| i).filter(|&i| {
        s[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    }));
    starts.sort_unstable();
    // `https://` also holds no `http://`, but `www.` can sit inside a link found
    // already: starts within an earlier link are skipped below.
    starts.dedup();
    starts
}

/// Where `http://`, `https://` and `www.` addresses start and end in `s`: every
/// one of them, not only the first of each kind.
pub fn links(s: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut covered = 0;
    for start in link_starts(s) {
        if start < covered {
            continue;
        }
        let len = s[start..].find(ends_link).unwrap_or(s.len() - start);
        covered = start + len;
        let link = s[start..start + len].trim_end_matches(TRAILING);
        let scheme_only = SCHEMES
            .iter()
            .chain(&["www."])
            .any(|p| link.eq_ignore_ascii_case(p));
        if !scheme_only && !link.is_empty() {
            found.push(start..start + link.len());
        }
    }
    found
}

/// Whether `s` names a web address in any form a mail program would make a
/// link of: a link as [`links`] finds them, or a bare domain such as
/// `evil-login.example/reset` (labels of Latin letters, digits and hyphens, the
/// last one letters only). Text mailed from the site's address carries none.
pub fn mentions_address(s: &str) -> bool {
    if !links(s).is_empty() {
        return true;
    }
    let is_label =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .any(|word| {
            let word = word.trim_matches(|c| c == '.' || c == '-');
            let labels: Vec<&str> = word.split('.').collect();
            labels.len() >= 2
                && labels.iter().all(|l| is_label(l))
                && labels.last().is_some_and(|tld| {
                    tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
                })
        })
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Stored plain text as HTML: escaped, line breaks kept, addresses made links
/// with `rel="nofollow ugc"`.
pub fn to_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 5 / 4);
    let mut last = 0;
    for link in links(s) {
        out.push_str(&escape_html(&s[last..link.start]));
        let text = &s[link.clone()];
        let href = if text.to_ascii_lowercase().starts_with("www.") {
            format!("https://{text}")
        } else {
            text.to_string()
        };
        out.push_str(&format!(
            "<a href=\"{}\" rel=\"nofollow ugc noopener\">{}</a>",
            escape_html(&href),
            escape_html(text)
        ));
        last = link.end;
    }
    out.push_str(&escape_html(&s[last..]));
    out.replace('\n', "<br>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bidi_controls_and_invisible_formatting() {
        let hostile = "مرحبا\u{202E}txt.exe\u{202C} \u{2066}x\u{2069}\u{200B}\u{FEFF}\u{0007}";
        assert_eq!(clean_multiline(hostile), "مرحباtxt.exe x");
        assert_eq!(clean_line("  أحمد\u{202B}\r\n  علي\t "), "أحمد علي");
    }

    #[test]
    fn keeps_line_breaks_but_not_runs_of_blank_lines() {
        assert_eq!(
            clean_multiline("\n\nسطر أول  \r\nسطر ثان\r\r\r\n\n\nفقرة\n\n"),
            "سطر أول\nسطر ثان\n\nفقرة"
        );
    }

    #[test]
    fn finds_links_and_leaves_trailing_punctuation_out() {
        let s =
            "انظر https://example.com/a?b=1، و www.test.org. وليس javascript:alert(1) ولا awww.x";
        let found: Vec<&str> = links(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(found, ["https://example.com/a?b=1", "www.test.org"]);
        assert!(links("http:// وحدها").is_empty());
    }

    #[test]
    fn finds_every_link_not_only_the_first_of_each_kind() {
        // The attacks from the security review: a decoy first, the link after it.
        let found = |s: &'static str| -> Vec<&'static str> {
            links(s).into_iter().map(|r| &s[r]).collect()
        };
        assert_eq!(
            found("xwww.y Your account is locked www.evil-login.example"),
            ["www.evil-login.example"]
        );
        assert_eq!(
            found("ahttps://a verify now at https://evil-login.example/reset"),
            ["https://a", "https://evil-login.example/reset"]
        );
        assert_eq!(
            found("xwww.y ahttps://z ahttp://q http://a.b https://c.d www.e.f"),
            [
                "https://z",
                "http://q",
                "http://a.b",
                "https://c.d",
                "www.e.f"
            ]
        );
        // A `www.` inside a link is part of it, not a second one.
        assert_eq!(
            found("https://www.x.org/www.y"),
            ["https://www.x.org/www.y"]
        );
    }

    #[test]
    fn bare_domains_count_as_addresses_for_mail() {
        for s in [
            "evil-login.example/reset",
            "زوروا Evil-Login.COM الآن",
            "a.b.co",
            "xwww.y https://z",
        ] {
            assert!(mentions_address(s), "{s}");
        }
        for s in ["مرحباً، اقرأ هذا الخبر.", "e.g", "3.14", "سارة. علي", "v1.2"]
        {
            assert!(!mentions_address(s), "{s}");
        }
    }

    #[test]
    fn html_is_escaped_with_links_and_breaks() {
        let html = to_html("<script>alert(1)</script>\nزوروا https://a.example/\"x");
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt;<br>\nزوروا \
             <a href=\"https://a.example/\" rel=\"nofollow ugc noopener\">https://a.example/</a>&quot;x"
        );
        assert!(to_html("www.x.org").contains("href=\"https://www.x.org\""));
        assert!(!to_html("javascript:alert(1)").contains("<a"));
    }
}
