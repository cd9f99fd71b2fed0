/**
 * What should have reached the walls, from the cluster's PostgreSQL after the day: every clock (the report's
 * `report_clocks`) says which warnings and breaches its times call for — a warning when the clock was not
 * stopped by its warning instant, a breach when not stopped by its due instant — and the `alerts` table says
 * which alert id each one fired as. An alert the clocks call for that never fired counts as missing at
 * every wall of its branch.
 */
import pg from 'pg';

export interface ExpectedAlert {
  /** `visit rule kind`: one alert the clock's times call for. */
  key: string;
  branch: string;
  /** Its id when it fired (undefined: it never fired). */
  id?: string;
  dueAt: number;
  firedAt?: number;
}

export interface Truth {
  expected: ExpectedAlert[];
  /** Every warning and breach in the store, by id: its branch and key. */
  fired: Map<string, { branch: string; key: string }>;
  /** Clocks by rule: how many, and how many breached. */
  clocks: Record<string, { total: number; breached: number }>;
  /**
   * Alerts fired for a clock that had stopped more than 1 ms before the alert's instant (its owner heard of
   * the greeting only after the timer fired), and by how much the stop came first, at most.
   */
  unwarranted: { count: number; maxMs: number };
}

const WARN_AT = 0.8;

export async function readTruth(databaseUrl: string): Promise<Truth> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const alerts = await client.query<{
      id: string;
      branch: string;
      visit_id: string;
      rule: string;
      kind: string;
      fired_at: string;
    }>("SELECT id, branch, visit_id, rule, kind, fired_at FROM alerts WHERE kind IN ('warning', 'breach')");
    const clocks = await client.query<{
      visit_id: string;
      rule: string;
      branch: string;
      start_at: string;
      due_at: string;
      stop_at: string | null;
    }>('SELECT visit_id, rule, branch, start_at, due_at, stop_at FROM report_clocks');
    const fired = new Map<string, { branch: string; key: string }>();
    const byKey = new Map<string, { id: string; firedAt: number }>();
    for (const a of alerts.rows) {
      const key = `${a.visit_id} ${a.rule} ${a.kind}`;
      fired.set(a.id, { branch: a.branch, key });
      byKey.set(key, { id: a.id, firedAt: Number(a.fired_at) });
    }
    const expected: ExpectedAlert[] = [];
    const tally: Truth['clocks'] = {};
    const unwarranted = { count: 0, maxMs: 0 };
    for (const c of clocks.rows) {
      const start = Number(c.start_at);
      const due = Number(c.due_at);
      const stop = c.stop_at === null ? Infinity : Number(c.stop_at);
      const warnAt = start + WARN_AT * (due - start);
      const t = (tally[c.rule] ??= { total: 0, breached: 0 });
      t.total++;
      if (stop > due) t.breached++;
      for (const [kind, instant] of [
        ['warning', warnAt],
        ['breach', due],
      ] as const) {
        const key = `${c.visit_id} ${c.rule} ${kind}`;
        // A clock stopped within a millisecond of the instant may go either way: only a fired one is expected.
        const calledFor = stop > instant + 1 || (stop > instant - 1 && byKey.has(key));
        if (!calledFor) {
          if (byKey.has(key)) {
            unwarranted.count++;
            unwarranted.maxMs = Math.max(unwarranted.maxMs, instant - stop);
          }
          continue;
        }
        const f = byKey.get(key);
        expected.push({ key, branch: c.branch, id: f?.id, dueAt: instant, firedAt: f?.firedAt });
      }
    }
    return { expected, fired, clocks: tally, unwarranted };
  } finally {
    await client.end();
  }
}
