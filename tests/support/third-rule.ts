/**
 * A third rule in the report: docs/rules.md §6's example `special-needs-help` (named, 120 s) with clocks on a
 * past day, written through the report's store the way the server writes a visit's summary — a day with
 * exact figures to check; tests/integration/third-rule.test.ts makes the same rule's clocks live, from the
 * configuration.
 */
import { openStore } from '../../server/store/db.ts';
import { SqlReportStore } from '../../server/reports/sql-store.ts';
import type { ClockSummary, VisitSummary } from '../../shared/report.ts';
import type { RunningServer } from './server.ts';

export const THIRD_RULE = {
  id: 'special-needs-help',
  name: { zh: '特殊客户2分钟内主动帮助', en: 'Special needs helped within 2 minutes' },
  targetSeconds: 120,
};

/** The same rule as configuration, with a target the test chooses (a few seconds for real-time tests). */
export function specialNeedsHelp(targetSeconds: number) {
  return {
    name: THIRD_RULE.name,
    appliesTo: 'special-needs' as const,
    startsOn: 'arrival' as const,
    stopsOn: 'greet' as const,
    targetSeconds,
    warnAt: [0.5],
  };
}

const at = (local: string) => Date.parse(`${local}+08:00`);

function clock(rule: string, start: number, targetS: number, stopS: number | null, by: string | null): ClockSummary {
  const d = new Date(start + 8 * 3_600_000).toISOString();
  return {
    rule,
    day: d.slice(0, 10),
    hour: Number(d.slice(11, 13)),
    start,
    due: start + targetS * 1000,
    stop: stopS === null ? null : start + stopS * 1000,
    stoppedBy: stopS === null ? null : by,
    ...(rule === THIRD_RULE.id ? { name: THIRD_RULE.name } : {}),
  };
}

/**
 * Four visits of `day` (Shanghai): three with special needs, whose third-rule clock is met (60 s),
 * breached (400 s) and excluded (left after 100 s); one without, which has no such clock.
 */
export function thirdRuleDay(day: string): VisitSummary[] {
  const visit = (id: string, time: string, greetS: number | null, endS: number, needs: string[]): VisitSummary => {
    const start = at(`${day}T${time}`);
    const by = greetS === null ? null : 'g01';
    const clocks = [clock('reception', start, 300, greetS, by)];
    if (needs.length > 0) clocks.push(clock(THIRD_RULE.id, start, THIRD_RULE.targetSeconds, greetS, by));
    return {
      id: `${day}-${id}`,
      ticket: id,
      line: 'life',
      day,
      hour: Number(time.slice(0, 2)),
      arrivedAt: start,
      endedAt: start + endS * 1000,
      vip: false,
      vipLater: false,
      specialNeeds: needs,
      owner: by,
      transfersBy: [],
      imported: false,
      clocks,
    };
  };
  return [
    visit('S001', '09:00:00', 60, 900, ['disability']),
    visit('S002', '09:10:00', 400, 900, ['pregnant']),
    visit('S003', '10:00:00', null, 100, ['elderly']),
    visit('P001', '10:30:00', 30, 900, []),
  ];
}

/** Writes the visits into the running server's store (its SQLite file, or its PostgreSQL database). */
export async function writeVisits(server: RunningServer, visits: VisitSummary[]): Promise<void> {
  const sql = await openStore({ dbPath: server.dbPath, databaseUrl: server.databaseUrl });
  try {
    const store = new SqlReportStore(sql);
    await sql.transaction(async () => {
      for (const v of visits) await store.save('t1', v, true);
    });
  } finally {
    await sql.close();
  }
}
