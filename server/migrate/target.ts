/**
 * The cluster's PostgreSQL, as `npm run migrate-store` writes it: migrated by the server's own code, then
 * held for the whole copy by the lock a starting server takes to migrate (so a server started meanwhile
 * waits until the copy is done), and refused while a server runs on it.
 */
import pg from 'pg';
import { openStore } from '../store/db.ts';
import { redact } from '../store/postgres.ts';
import { refuse } from './refusal.ts';
import type { Row } from './source.ts';

/** The advisory lock server/store/db.ts takes while it migrates at start. */
const START_LOCK = 7120001;
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

export interface Marker {
  copiedThrough: number;
  offset: number;
}

export class Target {
  private constructor(
    readonly client: pg.Client,
    readonly where: string,
  ) {}

  static async open(url: string): Promise<Target> {
    const where = redact(url);
    try {
      await (await openStore({ dbPath: '', databaseUrl: url })).close();
    } catch (e) {
      throw refuse.target(where, (e as Error).message);
    }
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    const target = new Target(client, where);
    // Taken without waiting: a server migrating right now is a server running.
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [START_LOCK]);
    if (!rows[0]!.ok) {
      await client.end();
      throw refuse.serverRunning(where, 'starting');
    }
    return target;
  }

  /** Refuses while any process holds a branch lease or has been seen alive within the lease time. */
  async refuseIfServing(leaseMs: number): Promise<void> {
    const leases = await this.client.query<{ branch: string; owner: string }>(
      `SELECT branch, owner FROM branch_leases WHERE expires_at > ${DB_NOW} ORDER BY branch LIMIT 3`,
    );
    const alive = await this.client.query<{ id: string }>(
      `SELECT id FROM cluster_processes WHERE seen_at > ${DB_NOW} - $1 LIMIT 3`,
      [leaseMs],
    );
    const who = [...leases.rows.map((r) => `${r.owner} → ${r.branch}`), ...alive.rows.map((r) => r.id)];
    if (who.length > 0) throw refuse.serverRunning(this.where, [...new Set(who)].join(', '));
  }

  async marker(source: string, log: string): Promise<Marker | undefined> {
    const { rows } = await this.client.query<{ copied_through: string; seq_offset: string }>(
      'SELECT copied_through, seq_offset FROM store_imports WHERE source = $1 AND log = $2',
      [source, log],
    );
    const r = rows[0];
    return r && { copiedThrough: Number(r.copied_through), offset: Number(r.seq_offset) };
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(sql, params);
    return Number(rows[0]!.n);
  }

  /** One batch of a log, its seqs shifted, with the marker and the seq counter, as one transaction. */
  async appendLog(
    table: string,
    seq: string,
    columns: string[],
    rows: Row[],
    source: string,
    m: Marker,
  ): Promise<void> {
    const shifted = rows.map((r) => ({ ...r, [seq]: Number(r[seq]) + m.offset }));
    const through = Number(rows.at(-1)![seq]);
    await this.inTransaction(async () => {
      await this.insert(table, columns, shifted, '');
      await this.client.query(
        `INSERT INTO store_imports (source, log, copied_through, seq_offset, updated_at) VALUES ($1, $2, $3, $4, ${DB_NOW})
         ON CONFLICT (source, log) DO UPDATE SET copied_through = excluded.copied_through, updated_at = excluded.updated_at`,
        [source, table, through, m.offset],
      );
      // The server's next row must come after the copied ones.
      await this.client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', '${seq}'), (SELECT max("${seq}") FROM "${table}"))`,
      );
    });
  }

  /** A keyed table's rows as upserts: a second run writes the same values again. */
  async upsert(table: string, columns: string[], key: string[], rows: Row[]): Promise<void> {
    const rest = columns.filter((c) => !key.includes(c));
    const onConflict =
      rest.length === 0
        ? `ON CONFLICT (${key.map(q).join(', ')}) DO NOTHING`
        : `ON CONFLICT (${key.map(q).join(', ')}) DO UPDATE SET ${rest.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
    await this.inTransaction(() => this.insert(table, columns, rows, onConflict));
  }

  /** The target's rows with these keys (a keyed table) or these seqs (a log), to compare with the source's. */
  async rowsLike(table: string, key: string[], rows: Row[]): Promise<Row[]> {
    const params: unknown[] = [];
    const tuples = rows.map((r) => `(${key.map((k) => (params.push(r[k]), `$${params.length}`)).join(', ')})`);
    const res = await this.client.query<Row>(
      `SELECT * FROM ${q(table)} WHERE (${key.map(q).join(', ')}) IN (${tuples.join(', ')})`,
      params,
    );
    return res.rows;
  }

  private async insert(table: string, columns: string[], rows: Row[], tail: string): Promise<void> {
    const params: unknown[] = [];
    const values = rows.map(
      (r) => `(${columns.map((c) => (params.push(r[c] ?? null), `$${params.length}`)).join(', ')})`,
    );
    await this.client.query(
      `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${values.join(', ')} ${tail}`,
      params,
    );
  }

  private async inTransaction(fn: () => Promise<void>): Promise<void> {
    await this.client.query('BEGIN');
    try {
      await fn();
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.client.end(); // ends the session: the start lock goes with it
  }
}

const q = (name: string) => `"${name}"`;
