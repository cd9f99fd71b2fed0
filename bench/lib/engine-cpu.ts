/**
 * CPU time of the throwaway engines of a cluster benchmark: every PostgreSQL process of our cluster (the
 * postmaster and its children: backends, WAL writer, checkpointer) and our redis-server, found by pid
 * so the neighbours' engines on a shared machine are not counted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { cpuMs } from './server.ts';

/** The postmaster's pid: the parent of the backend that answers us. */
export async function postmasterPid(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const backend = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    return parentOf(backend);
  } finally {
    await client.end();
  }
}

/** redis-server's pid, from INFO server over a raw socket. */
export function redisPid(redisUrl: string): Promise<number> {
  const u = new URL(redisUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    let text = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('INFO timed out')));
    socket.once('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (d) => {
      text += d.toString();
      const m = /process_id:(\d+)/.exec(text);
      if (m) {
        socket.end();
        resolve(Number(m[1]));
      }
    });
    socket.once('error', reject);
  });
}

function parentOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
}

/** CPU ms used so far by `root` and all its children (backends come and go: those gone are not counted). */
export function treeCpuMs(root: number): number {
  let total = safeCpu(root);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (parentOf(Number(name)) === root) total += safeCpu(Number(name));
    } catch {
      // gone between the listing and the read
    }
  }
  return total;
}

function safeCpu(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
}
