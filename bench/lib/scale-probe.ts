/**
 * What the scale benchmark reads from outside a running cluster: each process's health and Prometheus
 * text, its resident memory from /proc, and the database's own counters (pg_stat_database, and
 * pg_stat_statements when the throwaway engine loaded it), so figures do not depend on the code measured.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

export interface Health {
  pid: number;
  owned: string[];
  openVisits: number;
}

/** The health answer names the process as node:pid:nonce. */
export async function healthOf(url: string): Promise<Health> {
  const h = (await (await fetch(`${url}/api/v1/health`)).json()) as {
    process: string;
    ownedBranches: string[];
    openVisits: number;
  };
  return { pid: Number(h.process.split(':').at(-2)), owned: h.ownedBranches, openVisits: h.openVisits };
}

/**
 * Every series of /metrics summed per name (labels dropped): a histogram gives `<name>_sum` and
 * `<name>_count`, a per-branch gauge its total. A metric the code does not have yet is simply absent.
 */
export async function metricsOf(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
  }
  return out;
}

/** A metric's value, NaN when this build does not export it (printed "—"). */
export const metric = (m: Map<string, number>, name: string): number => m.get(name) ?? NaN;

/** Resident memory of a process, bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export interface PgCounters {
  /** Committed and rolled-back transactions (a statement outside a transaction is one). */
  xacts: number;
  /** Rows returned by scans and fetched by index: how much the database read for us. */
  rowsRead: number;
  rowsWritten: number;
  /** pg_stat_statements calls per statement text; empty when the extension is not loaded. */
  calls: Map<string, number>;
}

/** The counters of the cluster's database now (a fresh connection, so no cached stats snapshot). */
export async function pgCounters(databaseUrl: string): Promise<PgCounters> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const d = (
      await client.query<Record<string, string>>(
        `SELECT xact_commit + xact_rollback AS xacts, tup_returned + tup_fetched AS read,
                tup_inserted + tup_updated + tup_deleted AS written
           FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows[0]!;
    const calls = new Map<string, number>();
    try {
      const rows = await client.query<{ query: string; calls: string }>(
        `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls FROM pg_stat_statements s
           JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
      );
      for (const r of rows.rows) calls.set(r.query, (calls.get(r.query) ?? 0) + Number(r.calls));
    } catch {
      // pg_stat_statements not loaded: statements are counted as transactions only
    }
    return { xacts: Number(d.xacts), rowsRead: Number(d.read), rowsWritten: Number(d.written), calls };
  } finally {
    await client.end();
  }
}

/** Makes pg_stat_statements readable in a fresh database; false when the engine did not load it. */
export async function enableStatements(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

export interface PgDelta {
  xacts: number;
  rowsRead: number;
  rowsWritten: number;
  /** NaN without pg_stat_statements. */
  statements: number;
  /** The statements run most often in the window, with their calls. */
  top: [string, number][];
}

export function pgDelta(a: PgCounters, b: PgCounters, statementsOn: boolean): PgDelta {
  const per: [string, number][] = [...b.calls].map(([q, n]) => [q, n - (a.calls.get(q) ?? 0)]);
  const moved = per.filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1]);
  return {
    xacts: b.xacts - a.xacts,
    rowsRead: b.rowsRead - a.rowsRead,
    rowsWritten: b.rowsWritten - a.rowsWritten,
    statements: statementsOn ? moved.reduce((s, [, n]) => s + n, 0) : NaN,
    top: moved.slice(0, 5),
  };
}
