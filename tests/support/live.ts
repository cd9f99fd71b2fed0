/** Helpers for tests of a running server's access and limits: edit its configuration file, read its log lines, watch a socket. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Snapshot, SocketRefusal } from '../../shared/socket.ts';
import type { Listener } from './socket.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rewrites a server's configuration file the way an operator's editor (or set-pin) would: beside it, then renamed. */
export function editConfig(server: { configPath: string }, edit: (c: any) => void): void {
  const c = JSON.parse(readFileSync(server.configPath, 'utf8'));
  edit(c);
  writeFileSync(`${server.configPath}.tmp`, JSON.stringify(c, null, 2));
  renameSync(`${server.configPath}.tmp`, server.configPath);
}

/** Resolves with the reason once the server drops the socket. */
export const dropped = (l: Listener) =>
  new Promise<string>((resolve) => l.socket.on('disconnect', (reason) => resolve(reason)));

export const resync = (l: Listener) =>
  new Promise<Snapshot | SocketRefusal>((resolve) => l.socket.emit('resync', resolve));

/** A server's log lines (pino JSON on its stdout) with this message. */
export const logLines = (server: { stdout(): string }, msg: string) =>
  server
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
