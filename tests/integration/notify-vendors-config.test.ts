/**
 * The `notify` configuration (DESIGN §8) and the channels page's API: every field checked, a bad one
 * stops the start naming it; secrets from the file or YINGBIN_SECRET_<ID> (the environment wins) and never
 * in a log line, an error message or a reply; the manager's channels list and test message, delivered to a
 * real receiver that verifies the signature.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.ts';
import { NOTIFY_EVENTS, channelsFor, secretVariable } from '../../server/notify/channel.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig, writeTestSetup } from '../support/config.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

const DING_SECRET = 'SECd1n9-s3cr3t-0123456789abcdef';
const ENV_SECRET = 'SECfrom-the-environment-9876543210';
const WECOM_KEY = '5e1f0c2a-7b3d-4e8f-9a6b-c0d1e2f3a4b5';

const withNotify = (notify: unknown) => ({ ...testConfig(), notify });
const problem = (raw: unknown, env: Record<string, string> = {}): string => {
  try {
    parseConfig(raw, 'x.json', env);
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message;
  }
};

describe('the notify configuration', () => {
  const ok = {
    id: 'hall-wecom',
    kind: 'wecom',
    url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`,
  };

  it('is optional: no channels, groups of 10 s, 60 s apart, no wall link', () => {
    expect(parseConfig(testConfig(), 'x.json', {}).notify).toEqual({
      channels: [],
      groupWaitSeconds: 10,
      groupIntervalSeconds: 60,
      publicUrl: null,
    });
    const c = parseConfig(
      withNotify({
        channels: [ok],
        groupWaitSeconds: 0.3,
        groupIntervalSeconds: 2,
        publicUrl: 'http://hall.yingbin.test:8080/',
      }),
      'x.json',
      {},
    );
    expect(c.notify).toEqual({
      channels: [{ ...ok, secret: null, branches: null, events: null }],
      groupWaitSeconds: 0.3,
      groupIntervalSeconds: 2,
      publicUrl: 'http://hall.yingbin.test:8080',
    });
  });

  it('stops on a bad field, naming it — never quoting a URL or a secret', () => {
    const cases: [unknown, RegExp][] = [
      [
        { channels: [{ ...ok, kind: 'slack' }] },
        /notify\.channels\.0\.kind: must be one of dingtalk, wecom, feishu, webhook/,
      ],
      [
        { channels: [ok, { ...ok, id: 'b', url: `ftp://x/?key=${WECOM_KEY}` }] },
        /notify\.channels\.1\.url: must be an http/,
      ],
      [{ channels: [ok, { ...ok, url: 'not a url' }] }, /notify\.channels\.1\.url: must be an http/],
      [{ channels: [ok, ok] }, /notify\.channels\.1\.id: "hall-wecom" is used twice/],
      [{ channels: [{ ...ok, branches: ['t1', 'nowhere'] }] }, /notify\.channels\.0\.branches\.1: no branch "nowhere"/],
      [
        { channels: [{ ...ok, events: ['breach', 'lunch'] }] },
        /notify\.channels\.0\.events\.1: must be one of warning, breach/,
      ],
      [{ channels: [{ ...ok, secret: 42 }] }, /notify\.channels\.0\.secret: must be text/],
      [{ channels: [{ ...ok, token: 'x' }] }, /notify\.channels\.0: .*token/],
      [{ channels: [ok, { ...ok, id: 'HALL.wecom' }] }, /notify\.channels\.1\.id: .*YINGBIN_SECRET_HALL_WECOM/],
      [{ groupWaitSeconds: -1 }, /notify\.groupWaitSeconds/],
      [{ publicUrl: 'hall' }, /notify\.publicUrl: must be an http/],
    ];
    for (const [notify, expected] of cases) {
      const why = problem(withNotify(notify));
      expect(why).toMatch(expected);
      expect(why).not.toContain(WECOM_KEY);
    }
  });

  it('takes a secret from YINGBIN_SECRET_<ID> (id upper-cased, other characters as _), over the file', () => {
    expect(secretVariable('hall-ding.1')).toBe('YINGBIN_SECRET_HALL_DING_1');
    const raw = withNotify({
      channels: [
        {
          id: 'hall-ding.1',
          kind: 'dingtalk',
          url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
          secret: DING_SECRET,
        },
      ],
    });
    expect(parseConfig(raw, 'x.json', {}).notify.channels[0]!.secret).toBe(DING_SECRET);
    expect(parseConfig(raw, 'x.json', { YINGBIN_SECRET_HALL_DING_1: ENV_SECRET }).notify.channels[0]!.secret).toBe(
      ENV_SECRET,
    );
  });

  it('routes by branch and event; a channel without either takes all', () => {
    const { notify } = parseConfig(
      withNotify({
        channels: [
          { id: 'all', kind: 'webhook', url: 'http://127.0.0.1:9/a' },
          {
            id: 't1-breach',
            kind: 'wecom',
            url: 'http://127.0.0.1:9/b',
            branches: ['t1'],
            events: ['breach', 'escalation'],
          },
          { id: 't2-digest', kind: 'feishu', url: 'http://127.0.0.1:9/c', branches: ['t2'], events: ['digest'] },
        ],
      }),
      'x.json',
      {},
    );
    const ids = (branch: string, event: Parameters<typeof channelsFor>[2]) =>
      channelsFor(notify, branch, event).map((c) => c.id);
    expect(ids('t1', 'breach')).toEqual(['all', 't1-breach']);
    expect(ids('t1', 'warning')).toEqual(['all']);
    expect(ids('t2', 'digest')).toEqual(['all', 't2-digest']);
    expect(ids('t2', 'escalation')).toEqual(['all']);
    for (const event of NOTIFY_EVENTS) expect(ids('t1', event)[0]).toBe('all');
  });

  it('a bad configuration next to a secret stops the start; the output names the field and never the secret', async () => {
    const channels = [
      {
        id: 'hall-ding',
        kind: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=tok',
        secret: DING_SECRET,
      },
      { id: 'bad', kind: 'wecom', url: `ftp://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}` },
    ];
    const broken = [
      writeTestSetup(withNotify({ channels })),
      // A file that is not even JSON, broken right next to the secret: the parser's excerpt is not repeated.
      writeTestSetup('x'),
    ];
    writeFileSync(broken[1]!.configPath, `{"notify": {"channels": [{"secret": ${DING_SECRET}}]}}`);
    for (const setup of broken) {
      const out = await run(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          YINGBIN_CONFIG: setup.configPath,
          YINGBIN_DB: setup.dbPath,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'trace',
          YINGBIN_SECRET_BAD: ENV_SECRET,
        },
      }).then(
        () => ({ code: 0, text: 'started' }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, text: `${e.stdout}\n${e.stderr}` }),
      );
      expect(out.code).toBe(1);
      expect(out.text).toMatch(
        setup === broken[0] ? /Yingbin cannot start: .*notify\.channels\.1\.url/ : /not valid JSON/,
      );
      for (const secret of [DING_SECRET, ENV_SECRET, WECOM_KEY, 'SECd1n9']) expect(out.text).not.toContain(secret);
    }
  });
});

describe('the channels API', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;
  let ding: Receiver;
  let wecom: Receiver;
  let down: Receiver;

  beforeAll(async () => {
    ding = await startReceiver('dingtalk', { secret: ENV_SECRET });
    wecom = await startReceiver('wecom', { secret: WECOM_KEY });
    down = await startReceiver('webhook', { failFirst: 1 });
    server = await startServer({
      config: withNotify({
        publicUrl: 'http://hall.yingbin.test:8080',
        channels: [
          // The file's secret is wrong on purpose: the environment's must win, or the receiver refuses.
          { id: 'hall-ding', kind: 'dingtalk', url: ding.url, secret: DING_SECRET, events: ['breach', 'escalation'] },
          { id: 'hall-wecom', kind: 'wecom', url: wecom.url, branches: ['t1'] },
          { id: 'ops-hook', kind: 'webhook', url: down.url, branches: ['t1'] },
          { id: 'other-hall', kind: 'feishu', url: 'http://127.0.0.1:9/open-apis/bot/v2/hook/x', branches: ['t2'] },
        ],
      }),
      env: { YINGBIN_SECRET_HALL_DING: ENV_SECRET, LOG_LEVEL: 'trace' },
    });
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });

  afterAll(async () => {
    await server?.kill();
    await Promise.all([ding, wecom, down].map((r) => r?.close()));
  });

  it('lists the channels that serve the manager’s branch: URL keys masked, whether a secret is set, never the secret', async () => {
    const res = await fetch(`${server.url}/api/v1/notify/channels`, {
      headers: { Authorization: `Bearer ${manager}` },
    });
    const raw = await res.text();
    expect(res.status).toBe(200);
    for (const secret of [DING_SECRET, ENV_SECRET, WECOM_KEY]) expect(raw).not.toContain(secret);
    const { channels } = JSON.parse(raw) as { channels: Record<string, unknown>[] };
    expect(channels.map((c) => c.id)).toEqual(['hall-ding', 'hall-wecom', 'ops-hook']);
    expect(channels[0]).toMatchObject({
      kind: 'dingtalk',
      secretSet: true,
      events: ['breach', 'escalation'],
      branches: null,
      failures: 0,
      posts: [],
    });
    expect(channels[0]!.url).toMatch(/\/robot\/send\?access_token=[0-9a-f]{4}\*\*\*\*$/);
    expect(channels[1]).toMatchObject({
      kind: 'wecom',
      secretSet: false,
      url: expect.stringMatching(/key=5e1f\*\*\*\*$/),
    });
  });

  it('sends a test message now: the receiver verifies it, the reply and the list record it', async () => {
    const res = await http.post(`/notify/channels/hall-ding/test`, undefined, manager);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, reason: null, channel: { id: 'hall-ding', failures: 0 } });
    expect(res.body.channel.posts[0]).toMatchObject({ event: 'test', ok: true, alerts: 0, reason: null });
    expect(ding.posts).toHaveLength(1);
    expect(ding.posts[0]!.verified).toBe(true);
    const words = (ding.posts[0]!.body as { markdown: { text: string } }).markdown.text;
    expect(words).toContain('【测试消息】');
    expect(words).toContain('Test message');
    expect(words).toContain('赵敏（m01）');

    expect((await http.post('/notify/channels/hall-wecom/test', undefined, manager)).body.ok).toBe(true);
    expect(wecom.posts.map((p) => p.verified)).toEqual([true]);
    // A channel of one branch is headed with that branch's name.
    expect((wecom.posts[0]!.body as { markdown: { content: string } }).markdown.content).toContain(
      '【测试消息】测试营业厅',
    );
  });

  it('a failed test says why and counts as a failure', async () => {
    const res = await http.post('/notify/channels/ops-hook/test', undefined, manager);
    expect(res.body).toMatchObject({ ok: false, reason: expect.stringMatching(/^HTTP 500/), channel: { failures: 1 } });
    const again = await http.post('/notify/channels/ops-hook/test', undefined, manager);
    expect(again.body).toMatchObject({ ok: true, channel: { failures: 1 } });
    expect(again.body.channel.posts.map((p: { ok: boolean }) => p.ok)).toEqual([true, false]);
  });

  it('is for managers: other staff get 403, a wall 403, no one 401; another branch’s channel is not found', async () => {
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await http.get('/notify/channels', greeter)).status).toBe(403);
    expect((await http.post('/notify/channels/hall-ding/test', undefined, greeter)).status).toBe(403);
    expect((await http.get('/notify/channels', WALL_TOKEN)).status).toBe(403);
    expect((await http.get('/notify/channels')).status).toBe(401);
    const other = await http.post('/notify/channels/other-hall/test', undefined, manager);
    expect(other).toMatchObject({ status: 404, body: { error: { code: 'unknown-channel' } } });
    expect((await http.post('/notify/channels/nope/test', undefined, manager)).body.error.code).toBe('unknown-channel');
  });

  it('never writes a secret or a robot key into its log', () => {
    const log = `${server.stdout()}\n${server.stderr()}`;
    for (const secret of [DING_SECRET, ENV_SECRET, WECOM_KEY]) expect(log).not.toContain(secret);
  });
});

describe('the channels API after a real breach', () => {
  let server: RunningServer;
  let ding: Receiver;

  beforeAll(async () => {
    ding = await startReceiver('dingtalk', { secret: ENV_SECRET });
    server = await startServer({
      config: {
        ...testConfig({ receptionSeconds: 1 }),
        notify: {
          groupWaitSeconds: 0.3,
          channels: [{ id: 'hall-ding', kind: 'dingtalk', url: ding.url, events: ['breach'] }],
        },
      },
      env: { YINGBIN_SECRET_HALL_DING: ENV_SECRET },
    });
  });
  afterAll(async () => {
    await server?.kill();
    await ding?.close();
  });

  it('lists the breach post with its ticket, as the robot verified it', async () => {
    const http = api(server.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const visit = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    const [post] = await ding.waitForPosts(1, 20_000);
    expect(post!.verified).toBe(true);
    expect((post!.body as { markdown: { text: string } }).markdown.text).toContain(`${visit.ticket} 等候`);
    // The post is recorded as sent once the robot has answered.
    await expect
      .poll(async () => (await http.get('/notify/channels', manager)).body.channels[0].posts[0], { timeout: 10_000 })
      .toMatchObject({ event: 'breach', tickets: [visit.ticket], ok: true, sending: false });
  });
});
