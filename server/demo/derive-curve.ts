/**
 * Derives the demo's hourly arrival curve from the Technion SEE Lab "Anonymous Bank" call-centre data
 * (February 1999; Brown et al., JASA 2005 — cite the Technion SEE Lab). Run once by a developer:
 *   npx tsx server/demo/derive-curve.ts /path/to/anonymous_bank_1999-02.tsv > server/demo/arrival-curve.json
 * The shipped demo reads only the small JSON it writes, never the data set itself.
 */
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: derive-curve.ts anonymous_bank_1999-02.tsv\n');
  process.exit(1);
}
const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
const cols = header!.split('\t');
const at = (name: string) => cols.indexOf(name);
const [Q_START, DATE, PRIORITY] = [at('q_start'), at('date'), at('priority')];
const days = new Set<string>();
const arrivals = new Array<number>(24).fill(0);
const vip = new Array<number>(24).fill(0);
for (const line of lines) {
  const f = line.split('\t');
  // Read as a hall: joining the queue for an agent is the arrival ("0:00:00" = never queued).
  if (f[Q_START] === '0:00:00') continue;
  const hour = Number(f[Q_START]!.split(':')[0]);
  days.add(f[DATE]!);
  arrivals[hour]!++;
  if (f[PRIORITY] === '2') vip[hour]!++;
}
const hours = arrivals.map((n, hour) => ({
  hour,
  arrivalsPerDay: Math.round((n / days.size) * 10) / 10,
  vipShare: n === 0 ? 0 : Math.round((vip[hour]! / n) * 100) / 100,
}));
process.stdout.write(
  JSON.stringify(
    {
      source:
        'Technion SEE Lab (Service Enterprise Engineering), "Anonymous Bank" call centre, February 1999 (Brown et al., JASA 2005): queue arrivals per local hour averaged over the month\'s days; vipShare = share of priority-2 customers. Derived by server/demo/derive-curve.ts.',
      days: days.size,
      hours,
    },
    null,
    2,
  ) + '\n',
);
