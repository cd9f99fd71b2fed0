/**
 * Load generators run in their own processes (forked with tsx), so the process that measures is not
 * the one that makes the load. Each child answers one message with one reply, in order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  request<T>(message: unknown, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export function startChild(file: string): Child {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  child.on('message', (m: { error?: string }) => {
    const w = waiting.shift();
    if (!w) return;
    if (m && typeof m === 'object' && 'error' in m && m.error) w.reject(new Error(`${file}: ${m.error}`));
    else w.resolve(m);
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${file} exited (${code})`));
  });
  return {
    request<T>(message: unknown, timeoutMs = 300_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${file}: no reply within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({
          resolve: (v) => (clearTimeout(timer), resolve(v as T)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        child.send(message as object);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/** The child side: answers each message with what the handler returns (or its error). */
export function serve(handler: (message: any) => Promise<unknown>): void {
  let queue = Promise.resolve();
  process.on('message', (m) => {
    queue = queue.then(async () => {
      try {
        process.send!((await handler(m)) ?? {});
      } catch (e) {
        process.send!({ error: (e as Error).stack ?? String(e) });
      }
    });
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}
