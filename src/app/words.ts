// Search tokens. The same tokenizer runs on saved pages and on what the user types, so a search
// term matches exactly the tokens stored in the multiEntry `words` index.

const SEPARATORS = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;
/** Tokens carried by almost every address; indexing them would only make the index bigger. */
const URL_NOISE = new Set(['http', 'https', 'www', 'html', 'htm', 'php', 'index']);
const MAX_WORDS = 64;
const MAX_WORD_LENGTH = 40;

/** Lowercased, accent-free words of `text`, in order of first appearance, without repeats. */
export function tokenize(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.normalize('NFKD').replace(MARKS, '').toLowerCase().split(SEPARATORS)) {
    if (part.length > 0 && part.length <= MAX_WORD_LENGTH) seen.add(part);
  }
  return [...seen];
}

/** The tokens of a page: its title's, then its address's (host and path, not the query). */
export function pageWords(title: string, url: string): string[] {
  let address = url;
  try {
    const parsed = new URL(url);
    address = `${parsed.hostname} ${decodeURIComponentSafe(parsed.pathname)}`;
  } catch {
    // An address that does not parse is still searchable by its text.
  }
  const words = new Set(tokenize(title));
  for (const word of tokenize(address)) if (!URL_NOISE.has(word)) words.add(word);
  return [...words].slice(0, MAX_WORDS);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
