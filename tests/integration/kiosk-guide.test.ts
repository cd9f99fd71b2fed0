/**
 * 一次性告知 (issue 19 item 2, DESIGN §9): a line's `guide` in the configuration reaches the kiosk in the
 * branch's public data, changes there when the file is edited (no restart), and a guide the kiosk could
 * not show well stops the configuration naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.ts';
import type { BranchPublic, LineGuide } from '../../shared/types.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, testConfig } from '../support/config.ts';
import { editConfig, logLines, sleep } from '../support/live.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const CLAIM: LineGuide = {
  steps: {
    zh: ['取号后请在等候区就座', '到窗口递交理赔申请书和材料', '工作人员当场审核并告知结果'],
    en: [
      'Take a seat in the waiting area',
      'Hand in the claim form and papers at the counter',
      'Staff check them on the spot and tell you the outcome',
    ],
  },
  papers: { zh: ['身份证原件', '保险合同'], en: ['Your ID card (original)', 'The policy'] },
};

function withGuide(guide: unknown) {
  const c = testConfig();
  const lines: Record<string, unknown>[] = c.branches[0]!.lines;
  lines[0]!.guide = guide;
  return c;
}

describe('a line guide in the configuration', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  const branch = async (): Promise<BranchPublic> => {
    const r = await http.get('/branches/t1', KIOSK_TOKEN);
    expect(r.status).toBe(200);
    return r.body.branch as BranchPublic;
  };

  beforeAll(async () => {
    server = await startServer({ config: withGuide(CLAIM), env: { LOG_LEVEL: 'info' } });
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it("reaches the kiosk with the branch's lines, and a line without one has none", async () => {
    const b = await branch();
    expect(b.lines[0]!.guide).toEqual(CLAIM);
    expect(b.lines[1]!.guide).toBeUndefined();
  });

  it('changes on the kiosk when the file is edited, and a broken edit keeps the last good guide', async () => {
    editConfig(server, (c) => {
      c.branches[0].lines[0].guide.papers = {
        zh: ['身份证原件', '银行卡'],
        en: ['Your ID card (original)', 'A bank card'],
      };
      c.branches[0].lines[1].guide = { steps: { zh: ['到二号窗口办理'], en: ['Go to counter 2'] } };
    });
    let b = await branch();
    for (let i = 0; i < 40 && b.lines[1]!.guide === undefined; i++) {
      await sleep(250);
      b = await branch();
    }
    expect(b.lines[0]!.guide!.papers.zh).toEqual(['身份证原件', '银行卡']);
    expect(b.lines[0]!.guide!.steps).toEqual(CLAIM.steps);
    // Papers left out of a guide are an empty list, not missing.
    expect(b.lines[1]!.guide).toEqual({
      steps: { zh: ['到二号窗口办理'], en: ['Go to counter 2'] },
      papers: { zh: [], en: [] },
    });

    const ignored = logLines(server, 'configuration change ignored: the file is not valid').length;
    editConfig(server, (c) => (c.branches[0].lines[0].guide.steps.en = ['Only one']));
    for (
      let i = 0;
      i < 40 && logLines(server, 'configuration change ignored: the file is not valid').length === ignored;
      i++
    )
      await sleep(250);
    const [line] = logLines(server, 'configuration change ignored: the file is not valid').slice(-1);
    expect(String(line?.err)).toContain('branches.0.lines.0.guide.steps.en');
    expect((await branch()).lines[0]!.guide!.steps).toEqual(CLAIM.steps);
  });
});

describe('a guide the kiosk cannot show', () => {
  const refused = (guide: unknown) => {
    try {
      parseConfig(withGuide(guide));
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('names the field: an item too long, an empty item, a missing translation, a stray key, a number', () => {
    expect(refused({ steps: { zh: ['长'.repeat(101)], en: ['x'] } })).toMatch(
      /branches\.0\.lines\.0\.guide\.steps\.zh\.0: an item has at most 100 characters/,
    );
    expect(refused({ papers: { zh: ['  '], en: ['ID'] } })).toMatch(/guide\.papers\.zh\.0: an item may not be empty/);
    expect(refused({ steps: { zh: ['一', '二'], en: ['one'] } })).toMatch(/guide\.steps\.en: needs as many English/);
    expect(refused({ steps: { zh: [], en: [] }, tips: {} })).toMatch(/branches\.0\.lines\.0\.guide/);
    expect(refused({ papers: { zh: [1], en: ['one'] } })).toMatch(/guide\.papers\.zh\.0/);
    expect(refused({ steps: { zh: Array(11).fill('步'), en: Array(11).fill('s') } })).toMatch(/guide\.steps\.zh/);
    expect(refused(CLAIM)).toBe('accepted');
  });
});
