// What the editor says comes from the page, in the newsroom user's language:
// a JSON block (<script type="application/json" id="editor-words">) the server
// renders from the catalogs (crates/nashir-web/src/admin/rich_words.rs):
//
//   { "messages": { key: "text with {name} placeholders" },
//     "counts": { key: { zero, one, two, few, many, other: "… {count} …" } } }
//
// A count changes as one types, so the server sends its message in every CLDR
// plural category and the language's rules (Intl.PluralRules) choose here.

/**
 * How each language writes the numbers it counts: Arabic in Arabic-Indic
 * digits, as the editor always has (Intl's own default for `ar` is now
 * Western digits); Persian's default is already Persian digits.
 */
const NUMBERING = { ar: 'ar-u-nu-arab' };

export class Words {
  /** `words`: the page's JSON; `lang`: the language it is in (`ar`, `en`, `fa`). */
  constructor(words = {}, lang = 'ar') {
    this.load(words, lang);
  }

  load({ messages = {}, counts = {} } = {}, lang = 'ar') {
    this.messages = messages;
    this.counts = counts;
    this.plural = new Intl.PluralRules(lang);
    this.digits = new Intl.NumberFormat(NUMBERING[lang] ?? lang);
  }

  /** Message `key` with its `{name}` placeholders filled from `args`. */
  say(key, args = {}) {
    return fill(this.messages[key] ?? key, args);
  }

  /** Count message `key` for `n`, in the form the language's plural rules choose. */
  count(key, n) {
    const forms = this.counts[key] ?? {};
    const form = forms[this.plural.select(n)] ?? forms.other ?? key;
    return fill(form, { count: this.digits.format(n) });
  }
}

function fill(text, args) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (args[name] === undefined ? whole : String(args[name])));
}

/** The editor's words: empty (each key said as itself) until `readPageWords`. */
export const words = new Words();

/** Loads the page's words (`#editor-words`) in the page's language. */
export function readPageWords(doc = document) {
  let json = {};
  try {
    json = JSON.parse(doc.getElementById('editor-words')?.textContent || '{}');
  } catch {
    // A page without the block: the keys show, nothing breaks.
  }
  words.load(json, doc.documentElement.lang || 'ar');
}
