/**
 * `npm run demo`: the product as `npm start` runs it, on its own SQLite file (data/demo.db) with a demo
 * configuration of short targets, plus a simulated busy morning so the wall, the tablets and the alerts
 * move within a minute. Ctrl+C stops both.
 */
import { fileURLToPath } from 'node:url';
import { createYingbin } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { databaseUrl, leaseMs, port, redisStream, redisUrl, webRoot } from '../server/env.ts';
import { simulateMorning } from '../server/demo/simulate.ts';

const DEMO_CONFIG = fileURLToPath(new URL('../server/demo/config.json', import.meta.url));
const DEMO_DB = fileURLToPath(new URL('../data/demo.db', import.meta.url));

const config = loadConfig(process.env.YINGBIN_CONFIG || DEMO_CONFIG);
const dbPath = process.env.YINGBIN_DB || DEMO_DB;
// The demo runs on PostgreSQL and Redis too when they are set (docs/deploy.md).
const yingbin = await createYingbin({
  config,
  dbPath,
  databaseUrl: databaseUrl(),
  redisUrl: redisUrl(),
  redisStream: redisStream(),
  leaseMs: leaseMs(),
  webRoot: webRoot(),
});
const actual = await yingbin.listen(port(), process.env.HOST ?? '0.0.0.0');
const url = `http://localhost:${actual}`;
const branch = config.branches[0]!;
const wall = config.devices.find((d) => d.role === 'wall' && d.branch === branch.id);
const kiosk = config.devices.find((d) => d.role === 'kiosk' && d.branch === branch.id);
if (!kiosk) throw new Error(`the demo needs a kiosk device in branch ${branch.id}`);
const rules = config.rules(branch.id);

process.stdout.write(`
迎宾 Yingbin demo — ${branch.name.zh} · ${branch.name.en}
  database ${yingbin.sql.where}${yingbin.sql.dialect === 'sqlite' ? '   (its own file; your data/yingbin.db is not touched)' : ''}
  targets  reception ${rules.reception.targetSeconds} s, VIP ${rules['vip-reception'].targetSeconds} s; escalation after ${config.alerts.escalateAfterMinutes * 60} s without acknowledgement

  大堂看板 wall     ${url}/wall/     token ${wall?.token ?? '(none configured)'}
  员工平板 staff    ${url}/staff/    g01/1111 greeter · v01/3333 VIP host · c01/4444 counter · m01/9999 manager
  取号机 kiosk      ${url}/kiosk/    token ${kiosk.token}
  everything        ${url}/

A simulated busy morning is running (arrival curve: Technion SEE Lab "Anonymous Bank" data).
Within a minute the wall shows arrivals, calls, warnings and breaches; sign in on the wall as m01 / 9999
to acknowledge an alert, or leave one alone to see it escalate. Ctrl+C stops.

`);

const sim = simulateMorning({
  url: `http://127.0.0.1:${actual}`,
  branch: branch.id,
  kioskToken: kiosk.token,
  receptionSeconds: rules.reception.targetSeconds,
  log: (line) => process.stdout.write(`${new Date().toLocaleTimeString('en-GB')} ${line}\n`),
});

const stop = async () => {
  sim.stop();
  await yingbin.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
