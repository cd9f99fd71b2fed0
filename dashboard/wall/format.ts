/** Times as the hall reads them: durations m:ss, clock times HH:mm:ss in the branch's zone. */

/** 75 s → "1:15"; an hour or more → "1:02:05". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as HH:mm:ss on the branch's wall clock. */
export function clockTime(ms: number, timeZone: string): string {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    clockFormats.set(timeZone, f);
  }
  return f.format(ms);
}
