/**
 * `npm run migrate-store -- --from FILE [--to postgres://…]` — moves a hall from its SQLite file to the
 * cluster's PostgreSQL (docs/deploy.md, "Moving a hall's SQLite file to the cluster"): the whole history,
 * checked row by row. The target defaults to YINGBIN_DATABASE_URL, as the server reads it; the source to
 * YINGBIN_DB when that is set. Progress goes to stderr; a refusal is said in Chinese and English, exit 2.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { databaseUrl, leaseMs } from '../env.ts';
import { migrateStore } from '../migrate/copy.ts';
import { Refusal } from '../migrate/refusal.ts';

const USAGE = 'usage: npm run migrate-store -- --from <sqlite file> --to <postgres url>';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  const from = values.from ?? process.env.YINGBIN_DB;
  const to = values.to ?? databaseUrl();
  if (!from || !to) {
    process.stderr.write(
      `migrate-store: 请用 --from 指定 SQLite 文件，用 --to 或 YINGBIN_DATABASE_URL 指定 PostgreSQL。\n${USAGE}\n`,
    );
    return 2;
  }
  const batch = Number(process.env.YINGBIN_MIGRATE_BATCH) || 1000;
  const result = await migrateStore({
    from: resolve(from),
    to,
    leaseMs: leaseMs(),
    batch,
    progress: (line) => process.stderr.write(`migrate-store: ${line}\n`),
  });
  const written = Object.entries(result.written)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  process.stdout.write(
    `migrate-store: 完成，${result.verified} 行已复制并逐行校验 / done: ${result.verified} rows copied and verified (written this run: ${written})\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof Refusal) {
      process.stderr.write(`migrate-store: 拒绝：${e.zh}\nmigrate-store: refused: ${e.en}\n`);
      process.exit(2);
    }
    process.stderr.write(`migrate-store: 失败 / failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
