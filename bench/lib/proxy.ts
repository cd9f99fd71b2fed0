/**
 * nginx in front of the benchmark's processes, with deploy/nginx.conf's own configuration: the file is read,
 * its upstream `server` lines pointed at 127.0.0.1:<ports> (their max_fails and fail_timeout kept), its
 * `listen` at 127.0.0.1:<a free port>, and it is wrapped in the main context a packaged nginx.conf gives it
 * (`events {}` and `http { … }`), with the pid, logs and temp files in a temp folder. Like engines.ts for
 * PostgreSQL, a missing nginx is installed from Debian (nginx-light) when that is allowed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.ts';
import { aptInstall, freePort } from '../../tests/support/engines.ts';

export interface Proxy {
  url: string;
  port: number;
  /** The error log so far (upstream failures show here). */
  log(): string;
  stop(): Promise<void>;
}

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'];

/** deploy/nginx.conf with its upstream at `ports` and listening on `listen`, as an http-level snippet. */
export function proxySnippet(ports: number[], listen: number): string {
  const conf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
  const servers = [...conf.matchAll(/^(\s*)server\s+\S+:\d+(\s[^;]*)?;/gm)];
  if (servers.length !== ports.length)
    throw new Error(`deploy/nginx.conf has ${servers.length} upstream servers, the benchmark runs ${ports.length}`);
  let i = 0;
  const out = conf
    .replace(
      /^(\s*)server\s+\S+:\d+(\s[^;]*)?;/gm,
      (_, indent: string, rest = '') => `${indent}server 127.0.0.1:${ports[i++]}${rest};`,
    )
    .replace(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${listen};`);
  if (!out.includes(`listen 127.0.0.1:${listen};`)) throw new Error('deploy/nginx.conf: no `listen 80;` to point');
  return out;
}

export async function startProxy(ports: number[]): Promise<Proxy> {
  const nginx = binary() ?? (aptInstall('nginx-light'), binary());
  if (!nginx)
    throw new Error(
      "The national day runs behind nginx and none was found. Install Debian's: sudo apt-get install -y nginx-light",
    );
  const dir = mkdtempSync(join(tmpdir(), 'yingbin-nginx-'));
  // nginx's workers drop to `nobody` when started as root: they must be able to write their temp files.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const main = [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    // One worker: the machine has two cores and five other processes to feed.
    'worker_processes 1;',
    // A hall's three screens and its staff's keep-alive connections, each held twice (client and upstream),
    // for a thousand halls: well past nginx's default of 512 connections.
    'worker_rlimit_nofile 40000;',
    'events { worker_connections 16384; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    proxySnippet(ports, port),
    '}',
  ].join('\n');
  const confPath = join(dir, 'nginx.conf');
  writeFileSync(confPath, main);
  const child: ChildProcess = spawn(nginx, ['-e', `${dir}/error.log`, '-p', dir, '-c', confPath, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const log = () => {
    try {
      return stderr + readFileSync(`${dir}/error.log`, 'utf8');
    } catch {
      return stderr;
    }
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${log()}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen within 10 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => (rmSync(dir, { recursive: true, force: true }), resolve());
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGQUIT'); // graceful: finish what is in flight
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

function binary(): string | undefined {
  return NGINX.find((p) => existsSync(p));
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.end(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
