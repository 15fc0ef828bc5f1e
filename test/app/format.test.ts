import { describe, it, expect } from 'vitest';
import { badgeText, formatBytes, formatCount, relativeTime, shortDate } from '../../src/app/format';

describe('badgeText', () => {
  it('is empty for nothing', () => {
    expect(badgeText(0)).toBe('');
  });

  it('shows counts below 1000 as they are', () => {
    expect([badgeText(1), badgeText(999)]).toEqual(['1', '999']);
  });

  it('shortens thousands to fit the badge', () => {
    expect([badgeText(1000), badgeText(1250), badgeText(9999), badgeText(10_000), badgeText(123_456), badgeText(2_500_000)]).toEqual([
      '1k',
      '1.2k',
      '9.9k',
      '10k',
      '123k',
      '2M',
    ]);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect([formatBytes(512), formatBytes(1500), formatBytes(25_000_000), formatBytes(3e12)]).toEqual(['512 B', '1.5 kB', '25 MB', '3.0 TB']);
  });
});

describe('formatCount', () => {
  it('picks singular or plural and groups digits', () => {
    expect([formatCount(1, 'page', 'pages'), formatCount(12345, 'page', 'pages')]).toEqual(['1 page', '12,345 pages']);
  });
});

describe('relativeTime', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const ago = (ms: number) => relativeTime(new Date(now.getTime() - ms), now);

  it('says how long ago within a week', () => {
    expect([ago(10_000), ago(5 * 60_000), ago(3 * 3_600_000), ago(30 * 3_600_000), ago(4 * 86_400_000)]).toEqual([
      'just now',
      '5 min ago',
      '3 h ago',
      'yesterday',
      '4 days ago',
    ]);
  });

  it('gives the date after a week', () => {
    expect(relativeTime(new Date('2025-01-05T12:00:00Z'), now)).toBe('Jan 5, 2025');
  });
});

describe('shortDate', () => {
  it('writes every date as toLocaleDateString does in en-US, without Intl', () => {
    const dates = [
      ...Array.from({ length: 12 }, (_, month) => new Date(2024, month, month * 2 + 1)),
      new Date(999, 11, 31),
      new Date(1, 0, 1),
      new Date(9999, 11, 31),
      new Date(-5, 3, 2),
      new Date(12_000, 0, 1),
    ];
    for (const date of dates) expect(shortDate(date)).toBe(date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' }));
  });
});
