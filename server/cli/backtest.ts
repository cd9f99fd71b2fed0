/**
 * `npm run backtest -- --branch ID --from DATE --to DATE [--json]` — replays the branch's history day by
 * day, forecasting each day only from the days before it (shared/staffing/forecast.ts), and prints the
 * per-slot error (MAE and bias, in arrivals per slot) beside the naive baseline: the same slot one week
 * earlier. Reads YINGBIN_DB (or YINGBIN_DATABASE_URL) and YINGBIN_CONFIG like the server, running or not.
 * Exit status: 0 done, 2 cannot run.
 */
import { loadConfig } from '../config.ts';
import { configPath, databaseUrl, dbPath } from '../env.ts';
import { openStore } from '../store/db.ts';
import { readHistory } from '../staffing/history.ts';
import { HISTORY_DAYS } from '../staffing/service.ts';
import { backtest, type BacktestResult, type ErrorFigures } from '../../shared/staffing/backtest.ts';
import { addDays, daySlots, isDay } from '../../shared/staffing/slots.ts';
import { localDay } from '../../shared/time.ts';

const USAGE = 'usage: npm run backtest -- --branch ID --from YYYY-MM-DD --to YYYY-MM-DD [--json]';

function args(argv: string[]): { branch: string; from: string; to: string; json: boolean } {
  const got: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (/^--(branch|from|to)=/.test(a)) got[a.slice(2, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else if (/^--(branch|from|to)$/.test(a) && argv[i + 1] !== undefined) got[a.slice(2)] = argv[++i]!;
    else throw new Error(`unknown or incomplete option ${a}\n${USAGE}`);
  }
  const { branch, from, to } = got;
  if (!branch || !from || !to) throw new Error(USAGE);
  for (const [name, d] of [
    ['--from', from],
    ['--to', to],
  ] as const)
    if (!isDay(d)) throw new Error(`${name} "${d}" is not a date YYYY-MM-DD`);
  if (to < from) throw new Error(`--to ${to} is before --from ${from}`);
  return { branch, from, to, json };
}

const fig = (e: ErrorFigures | undefined) =>
  e ? `${e.mae.toFixed(2).padStart(7)} ${(e.bias >= 0 ? '+' : '') + e.bias.toFixed(2)}`.padEnd(16) : ''.padEnd(16);
const weekday = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });

function print(r: BacktestResult, branch: string, slotMinutes: number): void {
  const out: string[] = [
    `backtest: branch ${branch}, ${r.from} to ${r.to}, ${slotMinutes}-minute slots; error per slot in arrivals`,
    `day             arrivals   forecast MAE bias   naive MAE bias`,
  ];
  for (const d of r.days) {
    const head = `${d.day} ${weekday(d.day)}`;
    out.push(
      d.skipped
        ? `${head}  skipped: ${d.skipped}`
        : `${head} ${String(d.arrivals).padStart(8)}   ${fig(d.forecast)}   ${fig(d.naive)}`,
    );
  }
  const scored = r.days.filter((d) => !d.skipped).length;
  out.push(`all ${scored} scored day(s), ${r.slots} slots:  ${fig(r.forecast)}   ${fig(r.naive)}`);
  if (r.slots > 0) {
    const gain = (1 - r.forecast.mae / r.naive.mae) * 100;
    out.push(
      r.forecast.mae < r.naive.mae
        ? `forecast beats the naive baseline: MAE ${r.forecast.mae.toFixed(3)} vs ${r.naive.mae.toFixed(3)} (${gain.toFixed(1)} % lower)`
        : `forecast does NOT beat the naive baseline: MAE ${r.forecast.mae.toFixed(3)} vs ${r.naive.mae.toFixed(3)}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const { branch: id, from, to, json } = args(process.argv.slice(2));
  const config = loadConfig(configPath());
  const branch = config.branch(id);
  if (!branch) throw new Error(`no branch "${id}" in ${config.path}`);
  const { slotMinutes } = config.staffing;
  const sql = await openStore({ dbPath: dbPath(), databaseUrl: databaseUrl() });
  try {
    // The first day's forecast reaches HISTORY_DAYS back; the last day itself is needed to score it —
    // unless it is today or later, which has no whole day of history yet (such days are skipped).
    const today = localDay(Date.now(), branch.timeZone);
    const until = addDays(to, 1) < today ? addDays(to, 1) : today;
    const history = await readHistory(sql, id, branch, slotMinutes, addDays(from, -HISTORY_DAYS), until);
    const result = backtest(history.arrivals, from, to, daySlots(from, branch, slotMinutes).length);
    if (json) process.stdout.write(`${JSON.stringify({ branch: id, slotMinutes, ...result })}\n`);
    else print(result, id, slotMinutes);
  } finally {
    await sql.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`backtest: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
