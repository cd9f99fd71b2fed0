/** Instants as ISO 8601 text, fast: a range's breach list has tens of thousands of them. */

const DAY_MS = 86_400_000;
const DIGIT = 48;
let isoDay = NaN;
const isoDate: number[] = [];

/**
 * `new Date(ms).toISOString()`, several times faster and with a quarter of the garbage: a range's breach
 * list has tens of thousands of instants, mostly on the same few days, so the date's characters are
 * kept and the string is made in one piece from character codes.
 */
export function isoInstant(ms: number): string {
  // Outside 1970..9999 or not a whole millisecond: leave it to Date.
  if (!Number.isInteger(ms) || ms < 0 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    const date = new Date(day * DAY_MS).toISOString(); // "YYYY-MM-DDT"
    for (let i = 0; i < 11; i++) isoDate[i] = date.charCodeAt(i);
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  const s = seconds % 60;
  const f = inDay % 1000;
  const d = isoDate as [number, number, number, number, number, number, number, number, number, number, number];
  return String.fromCharCode(
    d[0],
    d[1],
    d[2],
    d[3],
    d[4],
    d[5],
    d[6],
    d[7],
    d[8],
    d[9],
    d[10],
    DIGIT + Math.floor(h / 10),
    DIGIT + (h % 10),
    58, // ':'
    DIGIT + Math.floor(m / 10),
    DIGIT + (m % 10),
    58,
    DIGIT + Math.floor(s / 10),
    DIGIT + (s % 10),
    46, // '.'
    DIGIT + Math.floor(f / 100),
    DIGIT + (Math.floor(f / 10) % 10),
    DIGIT + (f % 10),
    90, // 'Z'
  );
}
