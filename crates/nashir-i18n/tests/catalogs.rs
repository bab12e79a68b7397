//! The catalogs are whole: every language has exactly Arabic's messages, with the
//! same arguments, each formats without errors whatever its numbers, and every
//! key the reader-side code names is in them. So no page can meet a missing
//! message at run time.

mod source;

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use nashir_i18n::{Arg, Language, Message, Texts, sources};

/// Key-shaped literals in the converted sources that are not message keys.
const NOT_KEYS: &[&str] = &[
    // nashir-app/src/mail/notices.rs: the outbox's kind of message.
    "comment-notice",
    // nashir-app/src/mail/friend.rs: a rate limit's key.
    "friend-site",
    // nashir-web/src/pages.rs: schema.org's SearchAction.
    "query-input",
    // nashir-web/src/views.rs: hreflang's default.
    "x-default",
    // HTTP header names.
    "accept-language",
    "content-type",
    "user-agent",
    "x-forwarded-for",
    "x-robots-tag",
    // nashir-app/src/webhooks/mod.rs: Standard Webhooks' headers.
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    // Audit log actions.
    "redirect-add",
    "redirect-delete",
    "review-return",
    "scheduled-publish",
    "urgent-add",
    "urgent-end",
    "user-add",
    "webhook-add",
    "webhook-disable",
];

/// Each message of a language and the variables it reads (through terms too).
fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
    let mut found = BTreeMap::new();
    for (file, text) in sources(language) {
        let resource = fluent_syntax::parser::parse(text)
            .unwrap_or_else(|(_, e)| panic!("locales/{language}/{file}: {e:?}"));
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    let key = m.id.name.to_string();
                    let pattern = m
                        .value
                        .as_ref()
                        .unwrap_or_else(|| panic!("locales/{language}/{file}: {key} has no value"));
                    assert!(
                        m.attributes.is_empty(),
                        "locales/{language}/{file}: {key}: attributes are not used"
                    );
                    let mut vars = BTreeSet::new();
                    pattern_vars(pattern, &mut vars);
                    assert!(
                        found.insert(key.clone(), vars).is_none(),
                        "locales/{language}: {key} twice"
                    );
                }
                Entry::Term(_) | Entry::Comment(_) | Entry::GroupComment(_) => {}
                Entry::ResourceComment(_) => {}
                Entry::Junk { content } => {
                    panic!("locales/{language}/{file}: cannot read {content:?}")
                }
            }
        }
    }
    found
}

fn pattern_vars(pattern: &Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        // A term's own variables are its arguments' names; what the message
        // passes them is what it reads.
        InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        }
        | InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
            for a in &arguments.named {
                inline_vars(&a.value, vars);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_language_has_exactly_the_arabic_messages_with_the_same_arguments() {
    let arabic = messages(Language::Arabic);
    assert!(arabic.len() > 100, "{} messages", arabic.len());
    for language in [Language::English, Language::Persian] {
        let other = messages(language);
        let missing: Vec<_> = arabic.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !arabic.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{language}: missing {missing:?}, not in Arabic {extra:?}"
        );
        for (key, vars) in &arabic {
            assert_eq!(&other[key], vars, "{language}: {key}'s arguments");
        }
    }
}

#[test]
fn every_catalog_file_is_compiled_in() {
    for language in Language::ALL {
        let dir = source::crates().join(format!("nashir-i18n/locales/{language}"));
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut compiled: Vec<String> = sources(language)
            .iter()
            .map(|(f, _)| f.to_string())
            .collect();
        compiled.sort();
        assert_eq!(on_disk, compiled, "locales/{language}");
    }
}

#[test]
fn every_message_formats_without_errors_whatever_its_numbers() {
    for language in Language::ALL {
        let t = Texts::of(language);
        for (key, vars) in messages(language) {
            assert!(t.has(&key));
            let samples: Vec<Vec<(&str, Arg)>> = [0, 1, 2, 3, 11, 80, 100, 300, 5000]
                .into_iter()
                .map(|n| vars.iter().map(|v| (v.as_str(), Arg::from(n))).collect())
                .chain(std::iter::once(
                    vars.iter().map(|v| (v.as_str(), Arg::from("نص"))).collect(),
                ))
                .collect();
            for args in samples {
                let text = t
                    .format_checked(&key, &args)
                    .unwrap_or_else(|e| panic!("{language}: {e}"));
                assert!(!text.trim().is_empty(), "{language}: {key} is empty");
                assert!(
                    !text.contains(['{', '}', '\u{2068}', '\u{2069}']),
                    "{language}: {key}: {text}"
                );
            }
        }
    }
}

#[test]
fn persian_is_written_with_persian_letters() {
    for (file, text) in sources(Language::Persian) {
        for (n, line) in text.lines().enumerate() {
            assert!(
                !line.contains(['ي', 'ك']),
                "locales/fa/{file}:{}: Arabic yeh or kaf: {line}",
                n + 1
            );
        }
    }
}

/// Every message key the reader-side code names: in templates, the literals in
/// their tags; in Rust, every literal shaped like a key (so a key kept in a
/// constant counts too).
fn keys_in_code() -> Vec<(String, usize, String)> {
    let mut keys = Vec::new();
    for path in source::templates() {
        for lit in source::template_literals(&source::read(&path)) {
            if source::is_key_shaped(&lit.text) {
                keys.push((path.clone(), lit.line, lit.text));
            }
        }
    }
    for path in source::CONVERTED_SOURCES {
        for lit in source::rust_literals(&source::read(path)) {
            if source::is_key_shaped(&lit.text) && !NOT_KEYS.contains(&lit.text.as_str()) {
                keys.push((path.to_string(), lit.line, lit.text));
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_names_is_in_the_catalogs() {
    let keys = keys_in_code();
    assert!(keys.len() > 100, "found only {} keys", keys.len());
    let arabic = messages(Language::Arabic);
    let unknown: Vec<String> = keys
        .iter()
        .filter(|(_, _, key)| !arabic.contains_key(key))
        .map(|(path, line, key)| format!("{path}:{line}: {key}"))
        .collect();
    assert!(unknown.is_empty(), "not in the catalogs: {unknown:#?}");
}

#[test]
fn every_key_is_shaped_so_the_code_scan_finds_it() {
    for key in messages(Language::Arabic).into_keys() {
        assert!(
            source::is_key_shaped(&key),
            "{key}: lowercase words joined by dashes"
        );
    }
}

#[test]
fn every_message_is_used() {
    let used: BTreeSet<String> = keys_in_code().into_iter().map(|(_, _, k)| k).collect();
    // Messages only other messages name.
    let referenced = ["article-send"];
    let unused: Vec<String> = messages(Language::Arabic)
        .into_keys()
        .filter(|k| !used.contains(k) && !referenced.contains(&k.as_str()))
        .collect();
    assert!(unused.is_empty(), "messages no code names: {unused:?}");
}

#[test]
fn the_scanner_reads_literals_not_comments_or_tests() {
    let code = r##"
// "comment-key" in a comment
/// "doc-key"
fn f<'a>(x: &'a str) -> char { let _ = "real-key"; let _ = r#"raw-key"#; '"' }
/* "block-key" */
#[cfg(test)]
mod tests {
    fn g() { let _ = "test-key"; let _ = "{"; }
}
fn h() { let _ = "after-key"; let _ = '\''; let _ = "after-quote"; }
"##;
    let found: Vec<String> = source::rust_literals(code)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(
        found,
        [
            "real-key",
            "raw-key",
            "\"",
            "after-key",
            "\\'",
            "after-quote"
        ]
    );
    let template = r#"<p class="a-b">{{ t.get("x-y") }}</p>{% if a %}{{ t.arg("k-l", "name", n) }}{% endif %}"#;
    let found: Vec<String> = source::template_literals(template)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(found, ["x-y", "k-l", "name"]);
}

/// The Arabic catalog says what the code said before it moved there, where the
/// code built the sentence (arguments, plural forms, a message in a message).
#[test]
fn arabic_formats_the_sentences_the_code_used_to_build() {
    let t = Texts::of(Language::Arabic);
    let say = |key: &'static str, args: &[(&'static str, i64)]| {
        let mut m = Message::new(key);
        for (name, n) in args {
            m = m.with(name, *n);
        }
        t.message(&m).into_owned()
    };
    assert_eq!(
        say("name-too-long", &[("max", 80)]),
        "الاسم أطول من 80 حرفاً."
    );
    assert_eq!(
        say("comment-text-long", &[("max", 5000)]),
        "التعليق أطول من 5000 حرف. اختصره ثم أرسله."
    );
    assert_eq!(
        say("comment-text-links", &[("max", 2)]),
        "في التعليق روابط كثيرة؛ الحد رابطان."
    );
    assert_eq!(
        say("friend-note-long", &[("max", 300)]),
        "الملاحظة أطول من 300 حرف."
    );
    assert_eq!(
        say("comment-form-text-help", &[("max", 5000), ("links", 2)]),
        "نص عادي حتى 5000 حرف، ورابطان على الأكثر."
    );
    assert_eq!(
        say("friend-form-note-help", &[("max", 300)]),
        "نص عادي حتى 300 حرف، بلا روابط."
    );
    assert_eq!(
        t.arg("mail-friend-footer", "site", "ناشر"),
        "وصلتك هذه الرسالة لأن أحد قراء ناشر كتب عنوانك في نموذج «ارسال الخبر الى صديق». لم نحفظ عنوانك لغير إرسالها."
    );
    assert_eq!(
        t.arg2("mail-friend-subject", "name", "منى", "title", "عنوان"),
        "منى يرسل إليك خبراً: عنوان"
    );
    assert_eq!(
        t.arg("most-read-about-week", "site", "ناشر"),
        "الأخبار الأكثر قراءة هذا الأسبوع في ناشر"
    );
    assert_eq!(
        t.arg2("list-archive-month", "month", "يناير", "year", "2025"),
        "أرشيف يناير 2025"
    );
    assert_eq!(t.get("article-authors-separator"), "، ");
    assert_eq!(t.get("share-x"), "شارك عبر إكس");
    assert_eq!(
        t.arg("search-count", "count", 1234567usize),
        "عدد النتائج: 1234567"
    );
}
