// Dates in import files are Unix times: Pocket's time_added, Instapaper's Timestamp and the
// bookmark file's ADD_DATE are seconds; a few tools write milliseconds or microseconds instead.

/** Milliseconds since 1970; `undefined` for no date (empty or 0), `null` for text that is no time. */
export function unixTime(text: string | null | undefined): number | undefined | null {
  const value = text?.trim();
  if (!value || /^0+$/.test(value)) return undefined;
  if (!/^\d{1,17}$/.test(value)) return null;
  const number = Number(value);
  // 10^11 seconds is the year 5138 and 10^11 ms is 1973: the magnitude tells the unit.
  if (number < 1e11) return number * 1000;
  if (number < 1e14) return number;
  return Math.floor(number / 1000);
}
