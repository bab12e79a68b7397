//! The rich editor's words (`editor/src/words.js`), rendered from the
//! catalogs in the user's language into the editor page as a JSON block
//! (`<script type="application/json" id="editor-words">`): the script says
//! nothing of its own.
//!
//! A message's arguments come as `{name}` for the script to fill in. A count
//! the script says (words, minutes) changes as one types, so Fluent cannot
//! format its number here: each count message comes in every CLDR plural
//! category (`$form`), and the script picks one with `Intl.PluralRules` (the
//! same CLDR rules) and puts the number in. So each language's catalog keeps
//! one ordinary plural message with its own categories.

use nashir_i18n::{Arg, Texts};
use serde_json::{Map, Value};

/// The messages the editor says, each with the names of its arguments.
const MESSAGES: &[(&str, &[&str])] = &[
    ("nr-cancel", &[]),
    ("nr-rich-toolbar", &[]),
    ("nr-rich-heading", &[]),
    ("nr-rich-list", &[]),
    ("nr-rich-quote", &[]),
    ("nr-rich-bold", &[]),
    ("nr-rich-italic", &[]),
    ("nr-rich-link", &[]),
    ("nr-rich-image", &[]),
    ("nr-rich-embed", &[]),
    ("nr-rich-help", &["bold", "italic", "link", "newline"]),
    ("nr-rich-body-hint", &[]),
    ("nr-rich-caption-hint", &[]),
    ("nr-rich-missing-image", &["id"]),
    ("nr-rich-embedded", &[]),
    ("nr-rich-embed-title", &[]),
    ("nr-rich-embed-label", &[]),
    ("nr-rich-embed-hint", &["https"]),
    ("nr-rich-embed-invalid", &["https", "http"]),
    ("nr-rich-link-add", &[]),
    ("nr-rich-link-edit", &[]),
    ("nr-rich-link-label", &[]),
    ("nr-rich-link-hint", &["https", "http", "slash", "example"]),
    ("nr-rich-link-save", &[]),
    ("nr-rich-link-remove", &[]),
    ("nr-rich-link-invalid", &["https", "http", "slash"]),
    ("nr-rich-alt-title", &[]),
    ("nr-rich-alt-label", &[]),
    ("nr-rich-alt-hint", &[]),
    ("nr-rich-alt-upload", &[]),
    ("nr-rich-alt-required", &[]),
    ("nr-rich-not-image", &["name"]),
    ("nr-rich-drop-images-only", &[]),
    ("nr-rich-uploading", &[]),
    ("nr-rich-upload-expired", &[]),
    ("nr-rich-upload-too-large", &[]),
    ("nr-rich-upload-failed", &["status"]),
    ("nr-rich-upload-offline", &[]),
    ("nr-rich-length", &["words", "minutes"]),
];

/// The counts the editor says: messages selecting on `$form`, showing `$count`.
const COUNTS: &[&str] = &["nr-rich-words", "nr-rich-minutes"];

/// CLDR's plural categories, every one `Intl.PluralRules` may answer.
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `{name}`, the placeholder the script replaces.
fn placeholder(name: &str) -> Arg<'static> {
    Arg::from(format!("{{{name}}}"))
}

/// The editor's words in `t`'s language, as the page's JSON block holds them:
/// `{"messages": {key: text}, "counts": {key: {category: text}}}`.
pub fn json(t: &Texts) -> String {
    let messages: Map<String, Value> = MESSAGES
        .iter()
        .map(|(key, names)| {
            let args: Vec<(&str, Arg)> = names.iter().map(|n| (*n, placeholder(n))).collect();
            (key.to_string(), t.args(key, &args).into())
        })
        .collect();
    let counts: Map<String, Value> = COUNTS
        .iter()
        .map(|key| {
            let forms: Map<String, Value> = PLURAL_FORMS
                .iter()
                .map(|form| {
                    let args = [("form", Arg::from(*form)), ("count", placeholder("count"))];
                    (form.to_string(), t.args(key, &args).into())
                })
                .collect();
            (key.to_string(), forms.into())
        })
        .collect();
    let words = serde_json::json!({ "messages": messages, "counts": counts });
    crate::views::script_json(&words)
}

#[cfg(test)]
mod tests {
    use nashir_i18n::{Language, Speaks as _};

    use super::*;

    fn words(language: Language) -> Value {
        serde_json::from_str(&json(language.texts())).unwrap()
    }

    #[test]
    fn every_message_is_there_with_its_arguments_as_placeholders() {
        for language in Language::ALL {
            let words = words(language);
            for (key, names) in MESSAGES {
                let text = words["messages"][key].as_str().unwrap();
                assert_ne!(text, *key, "{language}: {key} is in the catalog");
                for name in *names {
                    assert!(text.contains(&format!("{{{name}}}")), "{language}: {text}");
                }
            }
        }
        let english = words(Language::English);
        assert_eq!(english["messages"]["nr-rich-bold"], "Bold");
        assert_eq!(
            english["messages"]["nr-rich-upload-failed"],
            "The picture could not be uploaded ({status})."
        );
    }

    #[test]
    fn counts_come_in_every_plural_category() {
        let arabic = words(Language::Arabic);
        let forms = &arabic["counts"]["nr-rich-words"];
        assert_eq!(forms["zero"], "لا كلمات");
        assert_eq!(forms["two"], "كلمتان");
        assert_eq!(forms["few"], "{count} كلمات");
        assert_eq!(forms["many"], "{count} كلمة");
        assert_eq!(
            arabic["counts"]["nr-rich-minutes"]["two"],
            "دقيقتان للقراءة"
        );
        let english = words(Language::English);
        assert_eq!(english["counts"]["nr-rich-words"]["one"], "{count} word");
        assert_eq!(english["counts"]["nr-rich-words"]["few"], "{count} words");
        let persian = words(Language::Persian);
        assert_eq!(
            persian["counts"]["nr-rich-minutes"]["one"],
            "{count} دقیقه مطالعه"
        );
    }
}
