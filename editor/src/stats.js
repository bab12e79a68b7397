// The word count and reading time under the editor, in the user's language:
// «٣٢٠ كلمة · دقيقتان للقراءة», «320 words · 2 minutes to read».

/** Words per minute of an average reader of news. */
export const WORDS_PER_MINUTE = 200;

/** Words in `text`: runs between whitespace holding a letter or a digit. */
export function countWords(text) {
  let n = 0;
  for (const token of String(text).split(/\s+/u)) {
    if (/[\p{L}\p{N}]/u.test(token)) n += 1;
  }
  return n;
}

/** Minutes to read `words` words: at least one for any text. */
export function readingMinutes(words) {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** The length of a body's text, said with `words` (a Words, words.js). */
export function describeLength(text, words) {
  const n = countWords(text);
  if (n === 0) return words.count('nr-rich-words', 0);
  return words.say('nr-rich-length', {
    words: words.count('nr-rich-words', n),
    minutes: words.count('nr-rich-minutes', readingMinutes(n)),
  });
}
