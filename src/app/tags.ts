// Tags as the user types them: comma-separated, trimmed, lowercased, without repeats.

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

export function parseTags(input: string): string[] {
  return normalizeTags(input.split(','));
}

export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, MAX_TAG_LENGTH);
    if (tag) seen.add(tag);
    if (seen.size === MAX_TAGS) break;
  }
  return [...seen];
}

export function addTag(tags: readonly string[], tag: string): string[] {
  return normalizeTags([...tags, tag]);
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  const gone = normalizeTags([tag])[0];
  return tags.filter((t) => t !== gone);
}
