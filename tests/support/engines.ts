/**
 * Real, throwaway PostgreSQL and Redis for integration tests and benchmarks: Debian's own binaries, each
 * engine a child of this process on a free port in a fresh temp directory, gone again after stop().
 * Like scripts/run-e2e.mjs for Chromium, a missing engine is installed with apt-get when that is allowed
 * (root, apt-get present, YINGBIN_NO_APT !== '1'); otherwise the error says what to install.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface Engine {
  url: string;
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

/**
 * Starts an empty PostgreSQL cluster (fsync on, trust auth on 127.0.0.1) with a database `yingbin`;
 * `extra` server settings go on top (the scale benchmark loads pg_stat_statements to count statements).
 */
export async function startPostgres(extra: Record<string, string> = {}): Promise<Engine> {
  const bin = postgresBinaries() ?? (aptInstall('postgresql'), postgresBinaries());
  if (!bin) throw missing('PostgreSQL (initdb and postgres)', 'postgresql');
  // PostgreSQL refuses to run as root, so root runs it as the unprivileged `postgres` system user.
  const user = isRoot ? ensureSystemUser('postgres') : { name: currentUser(), uid: -1, gid: -1 };

  sweepAbandonedClusters();
  const dir = mkdtempSync(join(tmpdir(), 'yingbin-pg-'));
  if (isRoot) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  try {
    // --no-sync only skips flushing the freshly created template files; the running server keeps fsync on.
    await run(
      asUser(user, join(bin, 'initdb'), [
        '-D',
        data,
        '-U',
        user.name,
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ]),
      dir,
    );
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `initdb failed in ${dir} (as user ${user.name}; ${tmpdir()} must be reachable by that user):\n${(e as Error).message}`,
      { cause: e },
    );
  }

  // A free port can be taken between our probe and the server's bind; try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: dir,
      fsync: 'on', // benchmarks measure durable commits honestly
      shared_buffers: '32MB',
      max_connections: '200', // three servers with pools, plus tests and benchmark clients
      logging_collector: 'off',
      ...extra,
    };
    const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const child = spawnEngine(asUser(user, join(bin, 'postgres'), args), dir, 'SIGQUIT');
    const url = `postgres://${user.name}@127.0.0.1:${port}/yingbin`;
    try {
      await waitFor('PostgreSQL', child, () => pgQuery(withDatabase(url, 'postgres'), 'SELECT 1'));
      await pgQuery(withDatabase(url, 'postgres'), 'CREATE DATABASE yingbin');
      return { url, stop: () => stopEngine(child, 'SIGINT', dir) }; // SIGINT = "fast" shutdown
    } catch (e) {
      await stopEngine(child, 'SIGINT');
      if (attempt >= 3 || !/already in use|could not create any TCP\/IP sockets/i.test(child.log())) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
}

/**
 * A test process that was SIGKILLed takes its cluster down with it (--pdeathsig below) but cannot delete
 * the ~45 MB directory; the next start does, for directories older than ten minutes whose postmaster is
 * gone (a running cluster keeps a postmaster.pid naming a live process).
 */
function sweepAbandonedClusters(): void {
  const root = tmpdir();
  for (const name of readdirSync(root).filter((n) => n.startsWith('yingbin-pg-'))) {
    const dir = join(root, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < 10 * 60_000) continue; // may be another process starting one
      const pidFile = join(dir, 'data', 'postmaster.pid');
      if (existsSync(pidFile) && isAlive(Number(readFileSync(pidFile, 'utf8').split('\n')[0]))) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours to judge (permissions, a race with its owner): leave it
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** A fresh, empty database `name` in the cluster of `baseUrl` (dropped first if it exists); returns its url. */
export async function createDatabase(baseUrl: string, name: string): Promise<string> {
  // Identifiers cannot be bound as parameters, so only plain names are accepted.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`createDatabase: "${name}" is not a plain lower-case database name`);
  const admin = withDatabase(baseUrl, 'postgres');
  await pgQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await pgQuery(admin, `CREATE DATABASE ${name}`);
  return withDatabase(baseUrl, name);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function pgQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {}); // a server shutting down under us must not crash the test process
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Debian keeps the server binaries out of PATH in /usr/lib/postgresql/<major>/bin; take the newest. */
function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  const debian = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(root, v, 'bin'))
    : [];
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...debian, ...path].find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres')));
}

// ---------------------------------------------------------------------------------------------------------
// Redis

/** Starts redis-server on a free port, without persistence; never the system's own instance on 6379. */
export async function startRedis(): Promise<Engine> {
  const server = redisBinary() ?? (aptInstall('redis-server'), redisBinary());
  if (!server) throw missing('redis-server', 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'yingbin-redis-'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    const child = spawnEngine({ command: server, args }, dir, 'SIGKILL');
    try {
      await waitFor('Redis', child, () => redisPing(port));
      return { url: `redis://127.0.0.1:${port}`, stop: () => stopEngine(child, 'SIGTERM', dir) };
    } catch (e) {
      await stopEngine(child, 'SIGTERM');
      if (attempt >= 3 || !/address already in use/i.test(child.log())) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
}

function redisBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
  return dirs.map((d) => join(d, 'redis-server')).find((p) => existsSync(p));
}

/** One PING over a raw socket: readiness without a client library's reconnect loop. */
function redisPing(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1_000, () => socket.destroy(new Error('PING timed out')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.end();
      if (d.toString().startsWith('+PONG')) resolve();
      else reject(new Error(`unexpected answer to PING: ${d.toString().trim()}`));
    });
    socket.once('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Processes

type Command = { command: string; args: string[]; uid?: number; gid?: number };
type EngineProcess = ChildProcess & { log(): string };

interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** Engines still running, killed if this process exits without stopping them. */
const running = new Map<ChildProcess, { signal: NodeJS.Signals; dir?: string }>();
process.once('exit', () => {
  for (const [child, { signal, dir }] of running) {
    child.kill(signal);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs the command as `user` when we are root: setpriv execs in place, so the child's pid is the engine's. */
function asUser(user: SystemUser, command: string, args: string[]): Command {
  if (!isRoot) return { command, args };
  if (existsSync(SETPRIV))
    return {
      command: SETPRIV,
      args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', command, ...args],
    };
  return { command, args, uid: user.uid, gid: user.gid }; // Node's own switch when setpriv is missing
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * Spawns a long-running engine. --pdeathsig makes the kernel stop it (SIGINT: both engines shut down
 * cleanly on it) even when this process is SIGKILLed and no 'exit' handler runs.
 */
function spawnEngine(c: Command, dir: string, onExitSignal: NodeJS.Signals): EngineProcess {
  const hasSetpriv = existsSync(SETPRIV);
  const [command, args] = !hasSetpriv
    ? [c.command, c.args]
    : c.command === SETPRIV
      ? [SETPRIV, ['--pdeathsig=SIGINT', ...c.args]]
      : [SETPRIV, ['--pdeathsig=SIGINT', '--', c.command, ...c.args]];
  const child = spawn(command, args, {
    cwd: dir,
    uid: c.uid,
    gid: c.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as EngineProcess;
  let log = '';
  const keep = (d: Buffer) => (log = (log + d.toString()).slice(-8_000)); // the tail explains failures
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.log = () => log;
  running.set(child, { signal: onExitSignal, dir });
  child.once('exit', () => running.delete(child));
  return child;
}

/** Polls `ready` until it resolves; fails at once if the engine exits, or after 30 s, with its log. */
async function waitFor(name: string, child: EngineProcess, ready: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) while starting:\n${child.log()}`);
    }
    try {
      return await ready();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${name} did not accept connections within 30 s (${String(last)}):\n${child.log()}`);
}

/** Signals the engine, waits for it to exit (SIGKILL after 15 s), then removes its directory. */
async function stopEngine(child: ChildProcess, signal: NodeJS.Signals, dir?: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  }
  running.delete(child);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Runs a short command to completion; rejects with its output when it fails. */
function run(c: Command, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(c.command, c.args, { cwd, uid: c.uid, gid: c.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(out.trim() || `exit code ${code}`))));
  });
}

/** A port free on 127.0.0.1 just now (the engines, nginx in the benchmarks). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Installing and users

/** apt-get install, only as root with apt-get present and YINGBIN_NO_APT not set; silent no-op otherwise. */
export function aptInstall(pkg: string): void {
  if (!isRoot || !existsSync('/usr/bin/apt-get') || process.env.YINGBIN_NO_APT === '1') return;
  console.log(`${pkg} is missing: installing Debian's ${pkg} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('/usr/bin/apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('/usr/bin/apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
  } catch {
    // the caller looks for the binaries again and explains what is missing
  }
}

function missing(what: string, pkg: string): Error {
  const why = !isRoot
    ? 'not running as root'
    : !existsSync('/usr/bin/apt-get')
      ? 'no apt-get on this machine'
      : process.env.YINGBIN_NO_APT === '1'
        ? 'YINGBIN_NO_APT=1'
        : 'apt-get install failed (see its output above)';
  return new Error(
    `The cluster tests need ${what} and none was found (not installed automatically: ${why}).\n` +
      `  Install Debian's package:   sudo apt-get update && sudo apt-get install -y ${pkg}\n` +
      `  or put its binaries on PATH.`,
  );
}

/** The `postgres` system user the Debian package creates, or a new one when the binaries came without it. */
function ensureSystemUser(name: string): SystemUser {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { name, uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], {
      stdio: 'inherit',
    });
    return { name, uid: id('-u'), gid: id('-g') };
  }
}

function currentUser(): string {
  return execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
}
