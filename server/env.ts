/** The environment every entry point (server and command-line tools) reads the same way. */
import { DEMO_CONFIG_PATH } from './config.ts';
import { fromRoot } from './paths.ts';

const DEFAULT_DB_PATH = fromRoot('data', 'yingbin.db');

export function dbPath(): string {
  return process.env.YINGBIN_DB || DEFAULT_DB_PATH;
}

export function configPath(): string {
  return process.env.YINGBIN_CONFIG || DEMO_CONFIG_PATH;
}

export function port(): number {
  const raw = process.env.PORT ?? '8080';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT: "${raw}" is not a port number (0–65535)`);
  return n;
}

/** Where the built pages are (`npm run build` writes them to dist/web). */
export function webRoot(): string | undefined {
  return process.env.YINGBIN_WEB_ROOT || undefined;
}

/** `postgres://…`: keep the log in PostgreSQL, shared by several processes (docs/deploy.md). */
export function databaseUrl(): string | undefined {
  return process.env.YINGBIN_DATABASE_URL || undefined;
}

/** `redis://…`: share live rooms and changes between processes. */
export function redisUrl(): string | undefined {
  return process.env.YINGBIN_REDIS_URL || undefined;
}

/** The Redis stream the processes of one installation share (several installations may share a Redis). */
export function redisStream(): string {
  return process.env.YINGBIN_REDIS_STREAM || 'yingbin';
}

/**
 * Which proxies to believe about the client's address (Express's "trust proxy": `loopback`, a list of
 * addresses, or a number of hops). Unset: none — the address is the connection's own.
 */
export function trustProxy(): string | number | undefined {
  const raw = process.env.YINGBIN_TRUST_PROXY?.trim();
  if (!raw) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** How long a branch's lease lasts before another process may take the branch over. */
export function leaseMs(): number {
  const raw = process.env.YINGBIN_LEASE_SECONDS ?? '10';
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.3 || n > 3600)
    throw new Error(`YINGBIN_LEASE_SECONDS: "${raw}" is not a number of seconds (0.3–3600)`);
  return Math.round(n * 1000);
}
