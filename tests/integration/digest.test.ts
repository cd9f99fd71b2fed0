/**
 * The close-of-day digest is made from the daily report exactly as the report route returns it: on a real
 * server (its own store, a free port) a customer left waiting past a 1-second target shows in the digest
 * of that report as a breach, by the rule's name stated from its configured target, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOfDayDigest, type DigestReport } from '../../shared/notify/digest.ts';
import { localDay } from '../../shared/time.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startServer, TEST_STORE, type RunningServer } from '../support/server.ts';
import { listen, type Listener } from '../support/socket.ts';

describe(`the close-of-day digest of a real report on ${TEST_STORE}`, () => {
  let server: RunningServer;
  let wall: Listener | undefined;

  beforeAll(async () => {
    server = await startServer({ receptionSeconds: 1, warnAt: [0.5] });
    wall = await listen(server.url, WALL_TOKEN);
  });
  afterAll(async () => {
    wall?.close();
    await server?.kill();
  });

  it('names the breach, the rule and the worst hour of the day the report route returns', async () => {
    const http = api(server.url);
    const visit = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    await wall!.waitFor(() => wall!.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'breach'));
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const date = localDay(Date.now(), 'Asia/Shanghai');
    const reply = await http.get<DigestReport>(`/branches/t1/reports/daily?date=${date}`, manager);
    expect(reply.status).toBe(200);

    const { zh, en } = closeOfDayDigest(reply.body, { branchName: { zh: '测试营业厅', en: 'Test Hall' } });
    const hour = new Date(Date.parse(visit.arrivedAt) + 8 * 3600_000).getUTCHours();
    const span = `${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`;
    expect(zh.split('\n').slice(0, 6)).toEqual([
      `### 测试营业厅 日终小结 · ${date}`,
      '到店 1 人，超时 1 次。',
      '',
      '**达标率**（目标 100%）',
      '- 1秒接待：0.0%（0/1），超时 1 次',
      '- VIP 3分钟专人接待：—（无计入）',
    ]);
    expect(zh).toContain(`**最差时段**：${span}，超时 1 次`);
    expect(zh).toMatch(new RegExp(`\\n- ${visit.ticket} 1秒接待，超时 \\d+秒`));
    expect(en).toContain('- Greeted within 1 second: 0.0% (0/1), 1 late');
    expect(en).toMatch(new RegExp(`\\n- ${visit.ticket} Greeted within 1 second, \\d+ s late`));
  });
});
