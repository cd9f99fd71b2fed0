/**
 * GET /metrics is what an operator's Prometheus scrapes. On a real server (its own SQLite file, a free
 * port, a real wall and staff tablet on socket.io-client) a check-in, a breach with short targets and the
 * screens' connections show in the scrape as exactly those counts; the bearer token guards it when
 * `metrics.token` is set; and every line of the text is well formed, so Prometheus takes all of it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYingbin, type Yingbin } from '../../server/app.ts';
import { loadConfig, parseConfig } from '../../server/config.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { TEST_STORE } from '../support/server.ts';
import { listen, type Listener } from '../support/socket.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0001';
const HEAD = { staffId: 'h01', pin: '5555' };

/** Short targets, and a head-office manager who may watch the region of both halls on its regional wall. */
function config(extra: Record<string, unknown>) {
  const c = testConfig({ receptionSeconds: 1, warnAt: [0.5] });
  return {
    ...c,
    staff: [
      ...c.staff,
      { id: 'h01', name: '钱总', branch: 't1', roles: ['manager'], regions: ['east'], pin: HEAD.pin },
    ],
    regions: [{ id: 'east', name: { zh: '华东区', en: 'East region' }, branches: ['t1', 't2'] }],
    ...extra,
  };
}

/** One sample line: `name{label="value",…} value [timestamp]`, label values escaped as the format says. */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*,?)?\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|[+-]Inf)(?: -?\d+)?$/;
const HELP = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*$/;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

interface Scrape {
  /** `name{labels}` exactly as written → value. */
  samples: Map<string, number>;
  types: Map<string, string>;
  bad: string[];
}

/** Parses the text line by line; a line that is none of a HELP, a TYPE or a sample is kept as bad. */
function parse(text: string): Scrape {
  const out: Scrape = { samples: new Map(), types: new Map(), bad: [] };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      out.types.set(type[1]!, type[2]!);
      continue;
    }
    if (HELP.test(line)) continue;
    const m = SAMPLE.exec(line);
    if (!m) {
      out.bad.push(line);
      continue;
    }
    out.samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]!.replace('Inf', 'Infinity')));
  }
  return out;
}

/** The family a sample belongs to: a histogram's _bucket, _sum and _count are its own name's. */
const family = (sample: string) => sample.replace(/\{.*$/, '').replace(/_(bucket|sum|count)$/, '');

describe(`GET /metrics on ${TEST_STORE}`, () => {
  let yingbin: Yingbin;
  let open: Yingbin;
  let base: string;
  let openBase: string;
  let wall: Listener | undefined;
  let tablet: Listener | undefined;
  let regionWall: ReturnType<typeof io> | undefined;
  const dirs: string[] = [];
  let postgres: Engine | undefined;

  async function start(extra: Record<string, unknown>): Promise<[Yingbin, string]> {
    const setup = writeTestSetup(config(extra));
    dirs.push(setup.dir);
    // On PostgreSQL (YINGBIN_TEST_STORE=postgres) the branches are held by leases: the gauge reads them.
    if (TEST_STORE === 'postgres') postgres ??= await startPostgres();
    const databaseUrl = postgres && (await createDatabase(postgres.url, `t_${randomBytes(5).toString('hex')}`));
    const app = await createYingbin({ config: loadConfig(setup.configPath), dbPath: setup.dbPath, databaseUrl });
    const port = await app.listen(0, '127.0.0.1');
    return [app, `http://127.0.0.1:${port}`];
  }

  async function scrape(url = base, token: string | undefined = METRICS_TOKEN): Promise<Scrape> {
    const res = await fetch(`${url}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await res.text());
  }

  beforeAll(async () => {
    [yingbin, base] = await start({ metrics: { token: METRICS_TOKEN } });
    [open, openBase] = await start({});
  });
  afterAll(async () => {
    wall?.close();
    tablet?.close();
    regionWall?.close();
    await yingbin?.close();
    await open?.close();
    await postgres?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the bearer token when metrics.token is set, and says why', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer not-the-metrics-token-000' },
      { Authorization: 'Basic x' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${base}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toContain('metrics.token');
    }
    // Without a token in the configuration the scrape is open.
    expect((await fetch(`${openBase}/metrics`)).status).toBe(200);
    // A token too short to guard anything stops the start, naming the field.
    expect(() => parseConfig(testConfig({ extra: { metrics: { token: 'short' } } }))).toThrow(
      /metrics\.token: a metrics token needs at least 16 characters/,
    );
  });

  it('counts a check-in, its warning, breach and resolution, and the screens connected, exactly', async () => {
    const http = api(base);
    const staffToken = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    wall = await listen(base, WALL_TOKEN);
    tablet = await listen(base, staffToken);
    regionWall = io(base, {
      auth: { token: await http.login(HEAD.staffId, HEAD.pin), region: 'east' },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) =>
      regionWall!.once('connect', () => resolve()).once('connect_error', reject),
    );
    const visit = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    expect((await http.post('/branches/t2/visits', { line: 'life' }, OTHER_KIOSK_TOKEN)).status).toBe(201);
    await wall.waitFor(() => wall!.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'breach'));
    expect((await http.post(`/branches/t1/visits/${visit.id}/greet`, {}, staffToken)).status).toBe(200);
    await wall.waitFor(() => wall!.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'resolved'));

    const { samples } = await scrape();
    const pick = (prefix: string) =>
      Object.fromEntries([...samples].filter(([k]) => k.startsWith(`${prefix}{`) || k === prefix));
    expect(pick('yingbin_check_ins_total')).toEqual({
      'yingbin_check_ins_total{branch="t1",line="life"}': 1,
      'yingbin_check_ins_total{branch="t2",line="life"}': 1,
    });
    expect(pick('yingbin_alerts_total')).toEqual({
      'yingbin_alerts_total{branch="t1",kind="warning",rule="reception"}': 1,
      'yingbin_alerts_total{branch="t1",kind="breach",rule="reception"}': 1,
      'yingbin_alerts_total{branch="t1",kind="resolved",rule="reception"}': 1,
    });
    expect(pick('yingbin_alert_lateness_seconds_count')).toEqual({
      'yingbin_alert_lateness_seconds_count{kind="warning"}': 1,
      'yingbin_alert_lateness_seconds_count{kind="breach"}': 1,
    });
    // Every fired alert falls in the +Inf bucket; the buckets run from 1 ms to 60 s.
    expect(samples.get('yingbin_alert_lateness_seconds_bucket{le="+Inf",kind="breach"}')).toBe(1);
    expect(samples.has('yingbin_alert_lateness_seconds_bucket{le="0.001",kind="breach"}')).toBe(true);
    expect(samples.has('yingbin_alert_lateness_seconds_bucket{le="60",kind="breach"}')).toBe(true);
    expect(pick('yingbin_connected_screens')).toEqual({
      'yingbin_connected_screens{role="wall"}': 1,
      'yingbin_connected_screens{role="staff"}': 1,
      'yingbin_connected_screens{role="kiosk"}': 0,
      'yingbin_connected_screens{role="region"}': 1,
    });
    // The greeted customer is still in the hall (not served yet), as is the other branch's.
    expect(pick('yingbin_open_visits')).toEqual({
      'yingbin_open_visits{branch="t1"}': 1,
      'yingbin_open_visits{branch="t2"}': 1,
    });
    // The one process owns every branch's timers (on SQLite always; on PostgreSQL by holding both leases).
    expect(pick('yingbin_branch_lease_owned')).toEqual({
      'yingbin_branch_lease_owned{branch="t1"}': 1,
      'yingbin_branch_lease_owned{branch="t2"}': 1,
    });
    // It keeps both branches' open visits: it owns them (and on SQLite keeps every branch anyway).
    expect(samples.get('yingbin_followed_branches')).toBe(2);
    // Three commands wrote to the log (two check-ins and a greeting): three write transactions timed.
    expect(samples.get('yingbin_store_write_seconds_count')).toBe(3);
    expect(samples.get('yingbin_store_write_seconds_sum')).toBeGreaterThan(0);
    expect(samples.get('process_cpu_seconds_total')).toBeGreaterThan(0);

    // The other app in this process has its own registry: none of this is counted there.
    const other = (await scrape(openBase, undefined)).samples;
    expect([...other.keys()].filter((k) => k.startsWith('yingbin_check_ins_total'))).toEqual([]);
    expect(other.get('yingbin_connected_screens{role="wall"}')).toBe(0);

    // A screen that goes away is no longer counted.
    tablet.close();
    await expect.poll(async () => (await scrape()).samples.get('yingbin_connected_screens{role="staff"}')).toBe(0);
  });

  it("counts the notifier's posts and failures by channel, as its onPost hook reports them", async () => {
    yingbin.metrics.posted('hall-wecom', true);
    yingbin.metrics.posted('hall-wecom', false);
    yingbin.metrics.posted('head-dingtalk', true);
    const { samples } = await scrape();
    expect(samples.get('yingbin_notification_posts_total{channel="hall-wecom"}')).toBe(2);
    expect(samples.get('yingbin_notification_failures_total{channel="hall-wecom"}')).toBe(1);
    expect(samples.get('yingbin_notification_posts_total{channel="head-dingtalk"}')).toBe(1);
    expect(samples.has('yingbin_notification_failures_total{channel="head-dingtalk"}')).toBe(false);
  });

  it('is text Prometheus takes whole: every line a HELP, a TYPE or a well-formed sample of a typed family', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    const { samples, types, bad } = parse(text);
    expect(bad).toEqual([]);
    expect(samples.size).toBeGreaterThan(50);
    const untyped = [...samples.keys()].filter((s) => !types.has(family(s)) && !types.has(s.replace(/\{.*$/, '')));
    expect(untyped).toEqual([]);
    // Ours follow the conventions: prefixed, counters end in _total, durations are histograms in seconds.
    const ours = [...types].filter(([name]) => name.startsWith('yingbin_'));
    expect(ours.map(([n]) => n).sort()).toEqual(
      [
        'yingbin_alert_lateness_seconds',
        'yingbin_alerts_total',
        'yingbin_branch_lease_owned',
        'yingbin_check_ins_total',
        'yingbin_connected_screens',
        'yingbin_followed_branches',
        'yingbin_notification_failures_total',
        'yingbin_notification_posts_total',
        'yingbin_open_visits',
        'yingbin_store_write_seconds',
        'yingbin_lease_round_seconds',
        'yingbin_startup_seconds',
      ].sort(),
    );
    for (const [name, type] of ours) {
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
  });
});
