/**
 * The database's clock in epoch ms, as SQL: processes on several machines read one clock, whatever their
 * own say. PostgreSQL's is the statement's start (statement_timestamp): taken before the statement's
 * snapshot, so what the statement cannot see yet was committed after that instant (server/live-cache.ts
 * relies on it).
 */
import type { Dialect } from './sql.ts';

export const dbClock = (dialect: Dialect): string =>
  dialect === 'postgres'
    ? '(extract(epoch from statement_timestamp()) * 1000)::bigint'
    : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
