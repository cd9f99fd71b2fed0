/** Configurations for tests: the demo shape with short rule targets, so clocks fall due in seconds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestConfigOptions {
  receptionSeconds?: number;
  vipSeconds?: number;
  warnAt?: number[];
  opens?: string;
  closes?: string;
  timeZone?: string;
  extra?: Record<string, unknown>;
}

export const KIOSK_TOKEN = 'test-kiosk-token-000001';
export const WALL_TOKEN = 'test-wall-token-0000001';
export const OTHER_KIOSK_TOKEN = 'test-kiosk-token-other-01';

export const STAFF = {
  greeter: { staffId: 'g01', pin: '1111' },
  greeter2: { staffId: 'g02', pin: '2222' },
  vipHost: { staffId: 'v01', pin: '3333' },
  counter: { staffId: 'c01', pin: '4444' },
  manager: { staffId: 'm01', pin: '9999' },
  otherBranch: { staffId: 'x01', pin: '7777' },
} as const;

/** The group's three business lines, as a fresh copy (a test may change one without touching others). */
export function hallLines() {
  return [
    { id: 'property', name: { zh: '太平财险', en: 'Taiping General Insurance' }, prefix: 'A' },
    { id: 'life', name: { zh: '太平人寿', en: 'Taiping Life' }, prefix: 'B' },
    { id: 'pension', name: { zh: '太平养老', en: 'Taiping Pension' }, prefix: 'C' },
  ];
}

export function testConfig(o: TestConfigOptions = {}) {
  const warnAt = o.warnAt ?? [0.8];
  return {
    branches: [
      {
        id: 't1',
        name: { zh: '测试营业厅', en: 'Test Hall' },
        timeZone: o.timeZone ?? 'Asia/Shanghai',
        opens: o.opens ?? '00:00',
        closes: o.closes ?? '24:00',
        lines: hallLines(),
        counters: ['1', '2', '3'],
        rules: {
          reception: { targetSeconds: o.receptionSeconds ?? 300, warnAt },
          'vip-reception': { targetSeconds: o.vipSeconds ?? 180, warnAt, qualifies: ['vip-host'] },
        },
      },
      {
        id: 't2',
        name: { zh: '另一营业厅', en: 'Other Hall' },
        lines: [{ id: 'life', name: { zh: '太平人寿', en: 'Taiping Life' }, prefix: 'B' }],
        counters: ['1'],
      },
    ],
    staff: [
      { id: 'g01', name: '王芳', branch: 't1', roles: ['greeter'], pin: '1111' },
      { id: 'g02', name: '李强', branch: 't1', roles: ['greeter'], pin: '2222' },
      { id: 'v01', name: '陈静', branch: 't1', roles: ['greeter', 'vip-host'], pin: '3333' },
      { id: 'c01', name: '张伟', branch: 't1', roles: ['counter'], pin: '4444' },
      { id: 'm01', name: '赵敏', branch: 't1', roles: ['manager', 'greeter'], pin: '9999' },
      { id: 'x01', name: '周杰', branch: 't2', roles: ['greeter', 'manager'], pin: '7777' },
    ],
    devices: [
      { id: 'kiosk-1', branch: 't1', role: 'kiosk', token: KIOSK_TOKEN },
      { id: 'wall-1', branch: 't1', role: 'wall', token: WALL_TOKEN },
      { id: 'kiosk-2', branch: 't2', role: 'kiosk', token: OTHER_KIOSK_TOKEN },
    ],
    limits: { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 0, bodyBytes: 65536 },
    ...(o.extra ?? {}),
  };
}

/** A fresh temp folder with the config written into it; the database goes beside it. */
export function writeTestSetup(config: unknown): { dir: string; configPath: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yingbin-test-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath, dbPath: join(dir, 'yingbin.db') };
}
