/**
 * Past visits for staffing advice: the same arrivals every day for five weeks, so the forecast of any day
 * is that day itself (docs/staffing.md, Forecast), imported through the real import route.
 */
import { addDays } from '../../shared/staffing/slots.ts';

const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';

const p2 = (n: number) => String(n).padStart(2, '0');
/** A local wall-clock instant of a day as ISO 8601 with the hall's offset. */
const at = (day: string, seconds: number, offset: string) =>
  `${day}T${p2(Math.floor(seconds / 3600))}:${p2(Math.floor(seconds / 60) % 60)}:${p2(seconds % 60)}${offset}`;

/**
 * `perSlot` arrivals evenly spread in each 15-minute slot starting at the given local minutes of the day, on
 * each of the `days` days before `today`; each is greeted 30 s after arriving by g01 and served for 10 minutes.
 */
export function repeatingHistoryCsv(
  today: string,
  slotStarts: number[],
  perSlot: number,
  offset = '+08:00',
  days = 35,
): string {
  const lines = [HEADER];
  for (let d = days; d >= 1; d--) {
    const day = addDays(today, -d);
    for (const m of slotStarts)
      for (let k = 0; k < perSlot; k++) {
        const t = m * 60 + Math.floor((k * 900) / perSlot);
        if (t + 30 + 600 >= 86_400) continue;
        const greeted = at(day, t + 30, offset);
        lines.push(
          [
            `${day}-${m}-${k}`,
            'life',
            at(day, t, offset),
            '',
            greeted,
            'g01',
            'greeter',
            '',
            greeted,
            at(day, t + 630, offset),
            '',
            '',
          ].join(','),
        );
      }
  }
  return lines.join('\n');
}

/** Posts the CSV to the import route that answers when it has finished. */
export async function importHistory(baseUrl: string, branch: string, manager: string, csv: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/branches/${branch}/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
    body: csv,
  });
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
}
