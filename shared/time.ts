/** Branch-local calendar days: a report day is the branch's day, not the server's (docs/rules.md §3). */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** The branch-local date (YYYY-MM-DD) of an instant. */
export function localDay(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), 'yyyy-MM-dd');
}

/** The instant a branch-local wall-clock time ("HH:mm", "24:00" = next midnight) happens on a local date. */
export function localInstant(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new TZDate(y, m - 1, d, hh, mm, 0, 0, timeZone).getTime();
}

/** The local hour (0–23) of an instant in a branch's zone. */
export function localHour(ms: number, timeZone: string): number {
  return new TZDate(ms, timeZone).getHours();
}
