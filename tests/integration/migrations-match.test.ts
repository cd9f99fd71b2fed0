/**
 * The two stores are one product: a database of either dialect names the version of Yingbin it needs by
 * its applied migrations (server/store/db.ts), so both folders must hold the same numbered files, and
 * migrating an empty database of each must give the same tables with the same columns.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../server/paths.ts';
import { openDatabase, openStore } from '../../server/store/db.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';

const SQLITE_DIR = fromRoot('server', 'store', 'migrations');
const POSTGRES_DIR = join(SQLITE_DIR, 'postgres');
const NAMED = /^\d{4}_[a-z0-9_]+\.sql$/;

const sqlFiles = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => e.name)
    .sort();

/** Table → its column names, sorted; the migrations' own bookkeeping table left out. */
type Schema = Record<string, string[]>;

function sqliteSchema(): Schema {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'yingbin-migrations-')), 'yingbin.db'));
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    const schema: Schema = {};
    for (const { name } of tables) {
      const columns = db.prepare(`PRAGMA table_info(${JSON.stringify(name)})`).all() as { name: string }[];
      schema[name] = columns.map((c) => c.name).sort();
    }
    return schema;
  } finally {
    db.close();
  }
}

async function postgresSchema(url: string): Promise<Schema> {
  await (await openStore({ dbPath: '', databaseUrl: url })).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const schema: Schema = {};
    for (const r of rows) (schema[r.table_name] ??= []).push(r.column_name);
    for (const columns of Object.values(schema)) columns.sort();
    return Object.fromEntries(Object.entries(schema).sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await client.end();
  }
}

describe('the SQLite and PostgreSQL migrations', () => {
  it('are the same numbered files with the same names, each number used once', () => {
    const sqlite = sqlFiles(SQLITE_DIR);
    const postgres = sqlFiles(POSTGRES_DIR);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
    // A file not named NNNN_name.sql is silently skipped when migrating: it would never run.
    expect(sqlite.filter((f) => !NAMED.test(f))).toEqual([]);
    const numbers = sqlite.map((f) => f.slice(0, 4));
    expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual([]);
  });

  let engine: Engine | undefined;
  afterAll(async () => engine?.stop());

  it('give an empty database of either store the same tables and columns', async () => {
    const sqlite = sqliteSchema();
    expect(Object.keys(sqlite)).toContain('events');
    engine = await startPostgres();
    const postgres = await postgresSchema(await createDatabase(engine.url, 'migrations_match'));
    expect(postgres).toEqual(sqlite);
  });
});
