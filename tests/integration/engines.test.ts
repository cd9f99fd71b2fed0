/**
 * The throwaway engines the cluster tests and benchmarks stand on: a real PostgreSQL that keeps a write,
 * a real Redis that answers SET/GET, and both really gone (ports closed) after stop().
 */
import { connect } from 'node:net';
import pg from 'pg';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { createDatabase, startPostgres, startRedis } from '../support/engines.ts';

/** Whether anything still accepts a TCP connection on the url's host and port. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('throwaway engines', () => {
  it('PostgreSQL keeps a committed write, hands out fresh databases, and is gone after stop', async () => {
    const postgres = await startPostgres();
    try {
      expect(postgres.url).toMatch(/^postgres:\/\/[^@]+@127\.0\.0\.1:\d+\/yingbin$/);
      expect(new URL(postgres.url).port).not.toBe('5432'); // never the system's own cluster

      const settings = await withPg(postgres.url, async (c) => {
        expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        await c.query('CREATE TABLE visit (id text PRIMARY KEY, member text NOT NULL)');
        await c.query("INSERT INTO visit VALUES ('v1', '会员 001')");
        const s = await c.query("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'max_connections')");
        return Object.fromEntries(s.rows.map((r: { name: string; setting: string }) => [r.name, r.setting]));
      });
      expect(settings).toEqual({ fsync: 'on', max_connections: '200' });
      // A second connection sees the committed row (and the Chinese text intact).
      const rows = await withPg(postgres.url, async (c) => (await c.query('SELECT member FROM visit')).rows);
      expect(rows).toEqual([{ member: '会员 001' }]);

      // A fresh database in the same cluster is empty, and asking again starts it over.
      const other = await createDatabase(postgres.url, 'bench_two');
      expect(new URL(other).port).toBe(new URL(postgres.url).port);
      expect(new URL(other).pathname).toBe('/bench_two');
      await withPg(other, (c) => c.query('CREATE TABLE leftover (n int)'));
      const again = await createDatabase(postgres.url, 'bench_two');
      const tables = await withPg(
        again,
        async (c) => (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows,
      );
      expect(tables).toEqual([]);
      await expect(createDatabase(postgres.url, 'x; DROP DATABASE yingbin')).rejects.toThrow(/not a plain/);
    } finally {
      await postgres.stop();
    }
    expect(await accepts(postgres.url)).toBe(false);
  });

  it('Redis answers SET/GET on its own port and is gone after stop', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(redis.url).port).not.toBe('6379');
      const client = createClient({ url: redis.url });
      await client.connect();
      try {
        await client.set('hall:t1', '迎宾');
        expect(await client.get('hall:t1')).toBe('迎宾');
      } finally {
        await client.close();
      }
    } finally {
      await redis.stop();
    }
    expect(await accepts(redis.url)).toBe(false);
  });

  it('two clusters run side by side on different ports and stop independently', async () => {
    const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
    try {
      expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
      await a.stop();
      expect(await accepts(a.url)).toBe(false);
      expect(await withPg(b.url, async (c) => (await c.query('SELECT 2 AS two')).rows)).toEqual([{ two: 2 }]);
    } finally {
      await Promise.all([a.stop(), b.stop()]); // stop() twice is harmless
    }
  });
});
