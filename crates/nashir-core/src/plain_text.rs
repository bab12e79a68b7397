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

/// Where `http://`, `https://` and `www.` addresses start and end in `s`.
pub fn links(s: &str) -> Vec<Range<usize>> {
    let lower = s.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    while at < s.len() {
        let rest = &lower[at..];
        let start = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| at + i))
            .filter(|&i| {
                // A link starts a word: `awww.x` is not one.
                s[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
            .min();
        let Some(start) = start else { break };
        let len = s[start..].find(ends_link).unwrap_or(s.len() - start);
        let link = s[start..start + len].trim_end_matches(TRAILING);
        let scheme_only = ["https://", "http://", "www."]
            .iter()
            .any(|p| link.eq_ignore_ascii_case(p));
        if !scheme_only && !link.is_empty() {
            found.push(start..start + link.len());
        }
        at = start + len.max(1);
        while !s.is_char_boundary(at) {
            at += 1;
        }
    }
    found
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
