/**
 * Starts the real server as a child process on a free port with its own SQLite file, the way a user
 * would run it, so tests can also SIGKILL and restart it on the same file. With YINGBIN_TEST_STORE=postgres
 * (`npm run test:postgres`) each server gets a fresh database in one throwaway PostgreSQL instead, so the
 * same suites prove the same behaviour on the other store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { testConfig, writeTestSetup, type TestConfigOptions } from './config.ts';
import { createDatabase, startPostgres, type Engine } from './engines.ts';
import { serverEntry, type Entry } from './entry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  dbPath: string;
  /** The PostgreSQL database, when the suite runs on PostgreSQL (YINGBIN_TEST_STORE=postgres). */
  databaseUrl?: string | undefined;
  configPath: string;
  dir: string;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Everything it wrote to stdout so far: its log lines (pino JSON), at the LOG_LEVEL the test set. */
  stdout(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same database and configuration (a new port unless given). */
  restart(opts?: { port?: number }): Promise<RunningServer>;
}

export async function startServer(
  opts: TestConfigOptions & {
    config?: unknown;
    dbPath?: string;
    databaseUrl?: string | undefined;
    configPath?: string;
    dir?: string;
    port?: number;
    env?: Record<string, string>;
  } = {},
): Promise<RunningServer> {
  let setup: Setup;
  if (opts.configPath && opts.dbPath && opts.dir)
    setup = { dir: opts.dir, configPath: opts.configPath, dbPath: opts.dbPath, databaseUrl: opts.databaseUrl };
  else setup = { ...writeTestSetup(opts.config ?? testConfig(opts)), databaseUrl: await freshDatabase() };
  const { child, port, stderr, stdout } = await spawnYingbin({
    PORT: String(opts.port ?? 0),
    YINGBIN_DB: setup.dbPath,
    YINGBIN_DATABASE_URL: setup.databaseUrl ?? '',
    YINGBIN_CONFIG: setup.configPath,
    ...(opts.env ?? {}),
  });
  return handle(child, port, setup, stderr, stdout);
}

/**
 * Spawns the server on 127.0.0.1 and resolves once it printed the port it listens on: the bundle `npm start`
 * runs when it is built from the sources as they are (tests after a build; benchmarks, which also add Node
 * flags such as --cpu-prof), else the sources under tsx (tests/support/entry.ts).
 */
export async function spawnYingbin(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  timeoutMs = 20_000,
  entry: Entry = serverEntry(),
): Promise<{ child: ChildProcess; port: number; stderr: () => string; stdout: () => string }> {
  const program = entry === 'bundle' ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, [...nodeArgs, ...program], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', YINGBIN_PRINT_PORT: '1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const m = /YINGBIN_PORT=(\d+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${err}`)));
    setTimeout(
      () => reject(new Error(`server did not start within ${timeoutMs / 1000} s:\n${err}`)),
      timeoutMs,
    ).unref();
  });
  return { child, port, stderr: () => err, stdout: () => out };
}

type Setup = { dir: string; configPath: string; dbPath: string; databaseUrl: string | undefined };

export const TEST_STORE = process.env.YINGBIN_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
let postgres: Promise<Engine> | undefined;

/** A new empty PostgreSQL database when the suite runs on PostgreSQL; otherwise none (the SQLite file). */
async function freshDatabase(): Promise<string | undefined> {
  if (TEST_STORE !== 'postgres') return undefined;
  postgres ??= startPostgres(); // one per test file, stopped with it (engines.ts)
  return createDatabase((await postgres).url, `t_${randomBytes(5).toString('hex')}`);
}

function handle(
  child: ChildProcess,
  port: number,
  setup: Setup,
  stderr: () => string,
  stdout: () => string,
): RunningServer {
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ...setup,
    stderr,
    stdout,
    kill(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
    restart(o = {}) {
      return startServer({ ...setup, port: o.port });
    },
  };
}
