import { describe, it, expect } from 'vitest';
import { titleKey } from '../../src/app/title-key';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byKey = (titles: readonly string[]) => [...titles].sort((a, b) => (titleKey(a) < titleKey(b) ? -1 : titleKey(a) > titleKey(b) ? 1 : 0));

describe('titleKey', () => {
  it('puts numbers in numeric order: Chapter 2 before Chapter 10', () => {
    expect(byKey(['Chapter 10', 'Chapter 2', 'Chapter 1', 'Chapter 100', 'Chapter 9'])).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 9', 'Chapter 10', 'Chapter 100']);
  });

  it('ignores case and accents', () => {
    expect(titleKey('Émile ZOLA')).toBe(titleKey('emile zola'));
    expect(byKey(['zebra', 'Éclair', 'apple', 'Banana', 'éclat'])).toEqual(['apple', 'Banana', 'Éclair', 'éclat', 'zebra']);
  });

  it('orders numbers by value however long, and leading zeros do not count', () => {
    expect(byKey(['n 123456789012345678901', 'n 99999999999999999999', 'n 007', 'n 8'])).toEqual(['n 007', 'n 8', 'n 99999999999999999999', 'n 123456789012345678901']);
    expect(titleKey('Part 007')).toBe(titleKey('part 7'));
  });

  it('sorts digits before letters and after spaces, as the collator does', () => {
    expect(byKey(['file b', 'file10', 'file 2', 'file1a', 'file'])).toEqual(['file', 'file 2', 'file b', 'file1a', 'file10']);
  });

  it('agrees with Intl.Collator (numeric, base sensitivity) on realistic titles', () => {
    const titles = [
      'The case for boring technology', 'the Case for Boring Technology (part 2)', 'the case for boring technology (part 10)',
      'Async Rust in 3 easy steps', 'async rust in 12 easy steps', 'Ärger im Büro', 'Arger im Buro 2', 'Zürich travel notes',
      'zurich travel notes 2019', 'Zurich travel notes 2020', '10 things about IndexedDB', '9 things about IndexedDB',
      'Über alles', 'uber eats review', 'Résumé tips', 'resume tips 2', 'Chapter 1.5', 'Chapter 1.10', 'naïve Bayes', 'Naive bayes 101',
      'Привет мир', 'привет мир 2', 'Ωmega', 'ωmega 10', 'ωmega 9', 'ＦＵＬＬ width 5', 'full width 40',
    ];
    const actual = byKey(titles);
    // Ties under the collator may come in either order; every other pair must agree.
    const disagreements = actual.slice(1).filter((title, i) => collator.compare(actual[i], title) > 0);
    expect(disagreements).toEqual([]);
  });

  it('reads only the start of a very long title', () => {
    expect(titleKey('x'.repeat(100_000)).length).toBe(200);
  });
});
