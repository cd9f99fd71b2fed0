/**
 * `npm start`: the whole product in one process on its embedded SQLite file — or, with
 * YINGBIN_DATABASE_URL and YINGBIN_REDIS_URL, one of several processes sharing PostgreSQL and Redis.
 */
import { createYingbin } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { configPath, databaseUrl, dbPath, leaseMs, port, redisStream, redisUrl, trustProxy, webRoot } from './env.ts';
import { logger } from './logger.ts';
import { watchConfig } from './config-watch.ts';
import { MigrationError } from './store/db.ts';
import { TlsError, tlsFromEnv } from './tls.ts';

async function main(): Promise<void> {
  const config = loadConfig(configPath());
  const tls = tlsFromEnv(); // before anything opens: a bad certificate must stop the start, not a tablet
  const yingbin = await createYingbin({
    config,
    dbPath: dbPath(),
    databaseUrl: databaseUrl(),
    redisUrl: redisUrl(),
    redisStream: redisStream(),
    leaseMs: leaseMs(),
    trustProxy: trustProxy(),
    webRoot: webRoot(),
    tls,
  });
  if (databaseUrl() && !redisUrl()) {
    logger.warn(
      'YINGBIN_DATABASE_URL without YINGBIN_REDIS_URL: fine for one process; several processes need Redis to share live updates',
    );
  }
  const unwatch = watchConfig(config, () => yingbin.configReloaded());
  const actual = await yingbin.listen(port(), process.env.HOST ?? '0.0.0.0');
  logger.info(
    {
      port: actual,
      tls: Boolean(tls),
      store: yingbin.sql.where,
      redis: Boolean(redisUrl()),
      process: yingbin.ownership.id,
      config: config.path,
    },
    `Yingbin 迎宾 is listening on ${tls ? 'https' : 'http'}://localhost:${actual}/`,
  );
  // Machine-readable line for test harnesses and scripts that start the server on port 0.
  if (process.env.YINGBIN_PRINT_PORT) process.stdout.write(`YINGBIN_PORT=${actual}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    unwatch();
    await yingbin.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof MigrationError || e instanceof TlsError) {
    process.stderr.write(`Yingbin cannot start: ${e.message}\n`);
  } else {
    process.stderr.write(`Yingbin cannot start: ${(e as Error).stack ?? String(e)}\n`);
  }
  process.exit(1);
});
