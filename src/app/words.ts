// Search tokens. The same tokenizer runs on saved pages and on what the user types, so a search
// term matches exactly the tokens stored in the multiEntry `words` index.
//
// Word boundaries come from `Intl.Segmenter`, which knows scripts written without spaces
// (Japanese, Chinese, Thai: "日本語のタイトル" is "日本語", "の", "タイトル"). Inside a word it
// finds, anything that is not a letter, digit or mark still separates ("go.dev" is "go" and
// "dev", as in addresses). Emoji are tokens too, so a search for "🦀" is a real search.

// Made on first use: making one loads the break rules, which a page that never tokenizes (the
// popup until its first search) should not wait for.
let segmenter: Intl.Segmenter | undefined;

/**
 * Accents of Latin, Greek and Cyrillic letters, Hebrew points and Arabic vowel marks: what a
 * search without them should still find. Other marks (Thai, Devanagari vowel signs...) are part
 * of the letter and stay.
 */
const ACCENTS = /[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
/** A run of letters and digits with the marks that follow them: a mark alone is no word. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
/**
 * Scripts whose words the segmenter finds with a dictionary, and emoji. Text without them is cut
 * by the separators alone, which gives the same tokens (a unit test checks it) several times
 * faster: the segmenter costs ~20 µs a title, and an import or an upgrade derives 100k of them.
 */
const NEEDS_SEGMENTER =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Hangul}\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const VARIATION_SELECTORS = /[\ufe0e\ufe0f]/g;
/** Tokens carried by almost every address; indexing them would only make the index bigger. */
const URL_NOISE = new Set(['http', 'https', 'www', 'html', 'htm', 'php', 'index']);
/** Only the start of a long text is read: a 100,000-character title costs no more than this. */
const MAX_TEXT_LENGTH = 2_000;
const MAX_WORD_LENGTH = 40;
/** Tokens kept per source: the title's, the tags', the address's. */
const MAX_TITLE_WORDS = 64;
const MAX_TAG_WORDS = 32;
const MAX_ADDRESS_WORDS = 32;

/** Lower-case, accents removed, compatibility forms folded ("ﬁ" → "fi", "Ａ" → "a"). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(ACCENTS, '').normalize('NFC').toLowerCase();
}

/** The words of `text` as search tokens, in order of first appearance, without repeats. */
export function tokenize(text: string, limit = MAX_TITLE_WORDS): string[] {
  const seen = new Set<string>();
  const add = (token: string) => {
    if (token.length > 0 && token.length <= MAX_WORD_LENGTH && seen.size < limit) seen.add(token);
  };
  const start = text.slice(0, MAX_TEXT_LENGTH);
  if (!NEEDS_SEGMENTER.test(start)) {
    for (const [part] of foldText(start).matchAll(WORD)) add(part);
    return [...seen];
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  for (const { segment, isWordLike } of segmenter.segment(start)) {
    if (seen.size >= limit) break;
    if (isWordLike) for (const [part] of foldText(segment).matchAll(WORD)) add(part);
    else if (EMOJI.test(segment)) add(segment.replace(VARIATION_SELECTORS, ''));
  }
  return [...seen];
}

/** The tokens of a page: its title's, its tags', then its address's (host and path, not the query). */
export function pageWords(title: string, url: string, tags: readonly string[] = []): string[] {
  let address = url;
  try {
    const parsed = new URL(url);
    address = `${parsed.hostname} ${decodeURIComponentSafe(parsed.pathname)}`;
  } catch {
    // An address that does not parse is still searchable by its text.
  }
  const words = new Set(tokenize(title, MAX_TITLE_WORDS));
  for (const word of tokenize(tags.join(' '), MAX_TAG_WORDS)) words.add(word);
  const addressWords = tokenize(address, MAX_ADDRESS_WORDS + URL_NOISE.size).filter((word) => !URL_NOISE.has(word));
  for (const word of addressWords.slice(0, MAX_ADDRESS_WORDS)) words.add(word);
  return [...words];
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
