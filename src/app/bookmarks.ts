// The bookmark file every browser imports and exports (NETSCAPE-Bookmark-file-1): HTML where each
// bookmark is `<DT><A HREF ADD_DATE LAST_MODIFIED TAGS>title</A>` and each folder a `<DT><H3>`
// followed by its `<DL>` list. Reading is left to the page's own HTML parser (DOMParser); the
// tree is then walked without recursion: the anchors in document order, and from each anchor
// up its ancestors (a bounded number) for the folders it sits in, which become tags.
import { checkCount, pageFromRecord, type ImportSource } from './records';
import type { Page } from './schema';
import { unixTime } from './unix-time';

/** Folders above a bookmark that become tags: the innermost, the most specific (a page keeps 20 tags). */
const MAX_FOLDER_DEPTH = 10;
/** The parser nests at most a few hundred elements; the walk up stops there in any case. */
const MAX_ANCESTORS = 1_024;

/** A parsed bookmark file as an import source. */
export function bookmarksSource(document: Document): ImportSource {
  const anchors = Array.from(document.querySelectorAll('a'));
  checkCount(anchors.length, 'bookmark');
  return {
    kind: 'a bookmarks file',
    count: anchors.length,
    label: (i) => `Bookmark ${i + 1}`,
    check(i, now) {
      const anchor = anchors[i];
      const createdAt = unixTime(anchor.getAttribute('add_date'));
      if (createdAt === null) return { ok: false, reason: `"ADD_DATE" is not a Unix time: ${JSON.stringify(anchor.getAttribute('add_date')?.slice(0, 40))}` };
      const updatedAt = unixTime(anchor.getAttribute('last_modified')) ?? undefined;
      const tags = anchor.getAttribute('tags');
      return pageFromRecord(
        {
          url: anchor.getAttribute('href') ?? undefined,
          title: anchor.textContent ?? '',
          tags: [...folders(anchor), ...(tags ? tags.split(',') : [])],
          createdAt,
          // A bookmark never changed since it was added has no LAST_MODIFIED, or an earlier one.
          ...(updatedAt !== undefined && (createdAt === undefined || updatedAt >= createdAt) ? { updatedAt } : {}),
        },
        now,
      );
    },
  };
}

/** The names of the folders around `anchor`, outermost first, without the browser's own top folders. */
function folders(anchor: Element): string[] {
  const names: string[] = [];
  let node = anchor.parentElement;
  for (let steps = 0; node !== null && steps < MAX_ANCESTORS && names.length < MAX_FOLDER_DEPTH; steps++, node = node.parentElement) {
    if (node.tagName !== 'DL') continue;
    const heading = node.previousElementSibling;
    if (heading?.tagName !== 'H3') continue;
    // The bookmarks bar (toolbar) and "Other bookmarks" hold everything: as tags they say nothing.
    if (heading.hasAttribute('personal_toolbar_folder') || heading.hasAttribute('unfiled_bookmarks_folder')) continue;
    const name = heading.textContent?.trim();
    if (name) names.push(name);
  }
  return names.reverse();
}

// Export: the same format, so any browser (or another reading list) imports the library. Every
// text and attribute is escaped; the status is not part of the format (JSON keeps everything).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function bookmarksStart(): string {
  return [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file.',
    '     It will be read and overwritten.',
    '     DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    '',
  ].join('\n');
}

export function bookmarkLine(page: Page): string {
  const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
  const tags = page.tags.length > 0 ? ` TAGS="${escapeHtml(page.tags.join(','))}"` : '';
  return `    <DT><A HREF="${escapeHtml(page.url)}" ADD_DATE="${seconds(page.createdAt)}" LAST_MODIFIED="${seconds(page.updatedAt)}"${tags}>${escapeHtml(page.title)}</A>\n`;
}

export const BOOKMARKS_END = '</DL><p>\n';
