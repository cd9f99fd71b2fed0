/**
 * A known month for the report's staffing section (tests/integration/report-staffing.test.ts,
 * tests/e2e/report-staffing.spec.ts): four weeks of the same day imported through the import route, then a
 * busier day on which a greeter left at 10:30 and the next came at 11:30, with its duty log.
 */
import { openStore } from '../../server/store/db.ts';
import { DutyStore } from '../../server/store/duty.ts';
import { addDays } from '../../shared/staffing/slots.ts';
import { localInstant } from '../../shared/time.ts';
import { testConfig } from './config.ts';
import type { RunningServer } from './server.ts';

const TZ = 'Asia/Shanghai';
export const DAY = '2025-03-14';
const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';

/** A visit: arrived at `arrived`, greeted at `greeted` (local HH:MM or HH:MM:SS) by `by`. */
type Visit = [arrived: string, greeted: string, by: string];
const plus30 = (hhmm: string) => `${hhmm}:30`;

/** Every day of the four weeks: 09:00 one a slot, 10:00 two a slot, 11:00 six in the first slot; greeted in 30 s. */
export const USUAL: Visit[] = [
  ...['09:00', '09:15', '09:30', '09:45'],
  ...['10:00', '10:05', '10:15', '10:20', '10:30', '10:35', '10:45', '10:50'],
  ...['11:00', '11:01', '11:02', '11:03', '11:04', '11:05'],
].map((t) => [t, plus30(t), 'g01']);

/**
 * The day: ten in the 10:00 hour, the last four (after g01 left at 10:30) greeted at 10:58 — four breaches;
 * the six of 11:00 greeted at 11:35 when g02 had come — six breaches.
 */
export const BUSY: Visit[] = [
  ...['09:00', '09:15', '09:30', '09:45'].map((t): Visit => [t, plus30(t), 'g01']),
  ...['10:00', '10:05', '10:10', '10:15', '10:20', '10:25'].map((t): Visit => [t, plus30(t), 'g01']),
  ...['10:30', '10:35', '10:40', '10:45'].map((t): Visit => [t, '10:58', 'v01']),
  ...['11:00', '11:01', '11:02', '11:03', '11:04', '11:05'].map((t): Visit => [t, '11:35', 'g02']),
];

const iso = (day: string, time: string) => `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;

function csv(days: [string, Visit[]][]): string {
  const lines = [HEADER];
  for (const [day, visits] of days)
    visits.forEach(([arrived, greeted, by], i) => {
      const g = iso(day, greeted);
      lines.push([`${day}-${i}`, 'life', iso(day, arrived), '', g, by, 'greeter', '', g, g, '', ''].join(','));
    });
  return lines.join('\n');
}

/** The test configuration in Shanghai with handle times fixed (120 s greeting, 300 s VIP), 15-minute slots. */
export function staffingConfig() {
  const config = testConfig({ timeZone: TZ });
  Object.assign(config, { staffing: { greetHandleSeconds: 120, vipHandleSeconds: 300 } });
  return config;
}

/** Imports the month as `manager` (a token) and writes the day's duty log into the server's store. */
export async function seedStaffingMonth(server: RunningServer, manager: string): Promise<void> {
  const history: [string, Visit[]][] = Array.from({ length: 28 }, (_, i) => [addDays(DAY, i - 28), USUAL]);
  // A week to a request: the whole month is larger than a request body may be.
  const days: [string, Visit[]][] = [...history, [DAY, BUSY]];
  for (let i = 0; i < days.length; i += 7) {
    const res = await fetch(`${server.url}/api/v1/branches/t1/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
      body: csv(days.slice(i, i + 7)),
    });
    const body = (await res.json()) as { written?: boolean };
    if (!body.written) throw new Error(`import refused: ${JSON.stringify(body)}`);
  }
  // The day's duty board: g01 and v01 (greeter and VIP host) from 08:50; g01 left at 10:30, g02 came at 11:30,
  // v01 left at 12:00.
  const sql = await openStore({ dbPath: server.dbPath, databaseUrl: server.databaseUrl });
  const duty = new DutyStore(sql);
  const at = (t: string) => localInstant(DAY, t, TZ);
  await duty.set('t1', 'g01', 'on-duty', at('08:50'), 'm01');
  await duty.set('t1', 'v01', 'on-duty', at('08:50'), 'm01');
  await duty.set('t1', 'g01', 'off-duty', at('10:30'), 'm01');
  await duty.set('t1', 'g02', 'on-duty', at('11:30'), 'm01');
  await duty.set('t1', 'v01', 'off-duty', at('12:00'), 'm01');
  await sql.close();
}
