/**
 * HTTPS built in: `npm run cert` makes a hall CA and a server certificate; the server started with
 * YINGBIN_TLS_CERT / YINGBIN_TLS_KEY answers over TLS that a client trusting only that CA accepts, and
 * socket.io works over wss. A missing or broken certificate stops the start and names the variable.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_TOKEN, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import type { Snapshot, ServerToClientEvents, ClientToServerEvents } from '../../shared/socket.ts';
import type { Socket } from 'socket.io-client';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

/** A GET over https that trusts only `ca` (Node's own CA list is not used). */
function httpsGet(url: string, ca: Buffer, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS with a hall CA', () => {
  let dir: string;
  let ca: Buffer;
  let server: RunningServer;
  let printed: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yingbin-tls-'));
    printed = (
      await run(process.execPath, ['--import', 'tsx', 'server/cli/cert.ts', 'localhost', '127.0.0.1', '--out', dir], {
        cwd: ROOT,
      })
    ).stdout;
    ca = readFileSync(join(dir, 'ca.crt'));
    server = await startServer({
      env: { YINGBIN_TLS_CERT: join(dir, 'server.crt'), YINGBIN_TLS_KEY: join(dir, 'server.key') },
    });
  });
  afterAll(() => server?.kill());

  it('prints the two environment lines and how to trust the CA on Android and iPad, in Chinese and English', () => {
    expect(printed).toContain(`YINGBIN_TLS_CERT=${join(dir, 'server.crt')}`);
    expect(printed).toContain(`YINGBIN_TLS_KEY=${join(dir, 'server.key')}`);
    for (const s of ['Android', '安卓', 'iPad', 'Certificate Trust Settings', '证书信任设置'])
      expect(printed).toContain(s);
  });

  it('answers /api/v1/health over https to a client that trusts only the hall CA, by name and by address', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const r = await httpsGet(`https://${host}:${server.port}/api/v1/health`, ca);
      expect(r.status).toBe(200);
      expect(r.body.ok).toBe(true);
    }
  });

  it('refuses a client that does not trust the hall CA (the certificate is really checked)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'yingbin-tls-other-'));
    await run(process.execPath, ['--import', 'tsx', 'server/cli/cert.ts', 'localhost', '--out', other], { cwd: ROOT });
    await expect(
      httpsGet(`https://localhost:${server.port}/api/v1/health`, readFileSync(join(other, 'ca.crt'))),
    ).rejects.toThrow(/certificate/i);
  });

  it('pushes live over wss: a wall socket gets its snapshot and then a check-in', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`https://localhost:${server.port}`, {
      auth: { token: WALL_TOKEN },
      transports: ['websocket'],
      reconnection: false,
      ca: ca.toString(),
    });
    try {
      const snapshot = await new Promise<Snapshot>((resolve, reject) => {
        socket.once('snapshot', resolve);
        socket.once('connect_error', reject);
      });
      expect(snapshot.branch).toBe('t1');
      const pushed = new Promise<string>((resolve) => socket.on('visit', (v) => resolve(v.ticket)));
      const checkIn = await new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = request(
          `https://localhost:${server.port}/api/v1/branches/t1/visits`,
          {
            method: 'POST',
            ca,
            headers: { Authorization: `Bearer ${KIOSK_TOKEN}`, 'Content-Type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ line: 'life' }));
      });
      expect(checkIn.status).toBe(201);
      expect(await pushed).toBe(checkIn.body.visit.ticket);
    } finally {
      socket.close();
    }
  });

  it('the certificate names the hall names and addresses given, signed by the hall CA', async () => {
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(readFileSync(join(dir, 'server.crt')));
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkIssued(new X509Certificate(ca))).toBe(true);
    expect(cert.ca).toBe(false);
  });
});

describe('a bad certificate stops the start with a message naming the variable', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yingbin-tls-bad-'));
    await run(process.execPath, ['--import', 'tsx', 'server/cli/cert.ts', 'localhost', '--out', dir], { cwd: ROOT });
    writeFileSync(
      join(dir, 'garbage.pem'),
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
    );
  });

  const refusal = async (env: Record<string, string>): Promise<string> => {
    try {
      const s = await startServer({ env });
      await s.kill();
      return 'it started';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('names YINGBIN_TLS_CERT for a path that does not exist', async () => {
    const why = await refusal({ YINGBIN_TLS_CERT: join(dir, 'nope.crt'), YINGBIN_TLS_KEY: join(dir, 'server.key') });
    expect(why).toMatch(/Yingbin cannot start: YINGBIN_TLS_CERT: cannot read .*nope\.crt/);
  });

  it('names YINGBIN_TLS_CERT for a file that is no certificate', async () => {
    const why = await refusal({ YINGBIN_TLS_CERT: join(dir, 'garbage.pem'), YINGBIN_TLS_KEY: join(dir, 'server.key') });
    expect(why).toMatch(/Yingbin cannot start: YINGBIN_TLS_CERT: .*garbage\.pem is not a PEM certificate/);
  });

  it("names YINGBIN_TLS_KEY for a key that is not a key, or not the certificate's", async () => {
    expect(
      await refusal({ YINGBIN_TLS_CERT: join(dir, 'server.crt'), YINGBIN_TLS_KEY: join(dir, 'server.crt') }),
    ).toMatch(/Yingbin cannot start: YINGBIN_TLS_KEY: .*is not a PEM private key/);
    expect(await refusal({ YINGBIN_TLS_CERT: join(dir, 'server.crt'), YINGBIN_TLS_KEY: join(dir, 'ca.key') })).toMatch(
      /Yingbin cannot start: YINGBIN_TLS_KEY: .*ca\.key is not the key of the certificate/,
    );
  });

  it('refuses one variable without the other', async () => {
    expect(await refusal({ YINGBIN_TLS_CERT: join(dir, 'server.crt') })).toMatch(
      /YINGBIN_TLS_CERT is set but YINGBIN_TLS_KEY is not/,
    );
  });
});
