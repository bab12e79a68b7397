// The word count and reading time under the editor, in Arabic:
// «٣٢٠ كلمة · دقيقتان للقراءة».

/** Words per minute of an average reader of Arabic news. */
export const WORDS_PER_MINUTE = 200;

/** Words in `text`: runs between whitespace holding a letter or a digit. */
export function countWords(text) {
  let n = 0;
  for (const token of String(text).split(/\s+/u)) {
    if (/[\p{L}\p{N}]/u.test(token)) n += 1;
  }
  return n;
}

const digits = new Intl.NumberFormat('ar-u-nu-arab');
const plural = new Intl.PluralRules('ar');

/**
 * `n` with its noun in the right Arabic form (CLDR's plural categories):
 * forms = { one, two, few, many, other }, `#` standing for the number.
 */
function counted(n, forms) {
  const form = forms[plural.select(n)] ?? forms.other;
  return form.replace('#', digits.format(n));
}

const WORDS = {
  zero: 'لا كلمات',
  one: 'كلمة واحدة',
  two: 'كلمتان',
  few: '# كلمات',
  many: '# كلمة',
  other: '# كلمة',
};

const MINUTES = {
  zero: 'أقل من دقيقة للقراءة',
  one: 'دقيقة للقراءة',
  two: 'دقيقتان للقراءة',
  few: '# دقائق للقراءة',
  many: '# دقيقة للقراءة',
  other: '# دقيقة للقراءة',
};

/** Minutes to read `words` words: at least one for any text. */
export function readingMinutes(words) {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** «٣٢٠ كلمة · دقيقتان للقراءة» for the text of a body. */
export function describeLength(text) {
  const words = countWords(text);
  if (words === 0) return WORDS.zero;
  return `${counted(words, WORDS)} · ${counted(readingMinutes(words), MINUTES)}`;
}
