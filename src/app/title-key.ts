// The sort key of a title. Sorting by title means a human order, the one `Intl.Collator` gives
// with `numeric: true`: case and accents do not count, and "Chapter 2" comes before "Chapter 10".
// A collator cannot drive an index, so every page stores this key and the table sorts by its
// index: one indexed walk with offset and limit, whatever the size of the library.
import { foldText } from './words';

const DIGITS = /[0-9]+/g;
/** Only the start of a title decides its place; ties are broken by id, as for every sort. */
const KEY_SOURCE_LENGTH = 200;

/**
 * The title folded as search folds it (lower case, no accents, compatibility forms: full-width
 * digits are digits), each run of digits written as its length (two digits) then the number
 * without leading zeros: numbers compare by value however long they are, and still as digits
 * against letters and spaces.
 */
export function titleKey(title: string): string {
  return foldText(title.slice(0, KEY_SOURCE_LENGTH)).replace(DIGITS, (run) => {
    const number = run.replace(/^0+(?=.)/, '');
    return String(Math.min(number.length, 99)).padStart(2, '0') + number;
  });
}
