/**
 * The counter view, as on the counter screens of Qmatic and NovoSGA: the customer at *my* counter front
 * and centre with 开始办理 / 重新叫号 / 过号 / 办理完成 / 转交, whoever greeted them; everyone else sees
 * "在 2 号窗口" and no counter steps — the greeter who owns the customer included.
 */
import { expect, test } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { busyHall, BUSY_HALL_CONFIG } from './support/busy-hall.ts';
import { HALL_LAUNCH, openHall, SCREENSHOTS, TABLETS, type Hall } from './pages/staff.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.setTimeout(150_000);

let hall: Hall;
test.afterEach(async () => hall?.close());

const COUNTER_STEPS = ['start', 'recall', 'no-show', 'complete'];

const TEXT = {
  zh: {
    panel: '2 号窗口 · 当前客户',
    called: (n: string) => `已叫号 · 在 ${n} 号窗口`,
    serving: (n: string) => `办理中 · 在 ${n} 号窗口`,
    owner: '首问负责人：王芳',
    idle: '窗口空闲，可叫下一位',
  },
  en: {
    panel: 'Counter 2 · at the counter now',
    called: (n: string) => `Called · at counter ${n}`,
    serving: (n: string) => `Being served · at counter ${n}`,
    owner: 'Owner: 王芳',
    idle: 'The counter is free: call the next customer',
  },
} as const;

for (const [shape, viewport] of Object.entries(TABLETS)) {
  for (const lang of ['zh', 'en'] as const) {
    test(`the clerk at counter 2 gets the customer a greeter called there, with every counter step (${viewport.width}×${viewport.height}, ${lang})`, async ({
      browser,
    }) => {
      hall = await openHall(browser, { ...BUSY_HALL_CONFIG, byHallHost: true });
      const busy = await busyHall(hall.server.url);
      const words = TEXT[lang];
      const [at2, at3] = [
        busy.atCounter.find((c) => c.counter === '2')!,
        busy.atCounter.find((c) => c.counter === '3')!,
      ];
      const [clerk, greeter] = [await hall.tablet({ viewport, lang }), await hall.tablet({ viewport, lang })];
      await clerk.signIn(STAFF.counter.staffId, STAFF.counter.pin);
      await greeter.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
      await clerk.chooseCounter('2');

      // Front and centre at the clerk's counter, though 王芳 greeted and called them.
      const card = clerk.counterCard(at2.visit.ticket);
      await expect(clerk.counterPanel).toContainText(words.panel);
      await expect(card).toContainText(words.called('2'));
      await expect(card.getByTestId('owner')).toHaveText(words.owner);
      for (const action of ['start', 'recall', 'no-show', 'open-transfer'])
        await expect(card.locator(`[data-action="${action}"]`)).toBeVisible();
      await clerk.expectOnScreen(card.locator('[data-action="start"]'));
      await clerk.expectFitsScreen();
      // Not at my counter: no steps for another counter's customer.
      await expect(clerk.counterCard(busy.atCounter.find((c) => c.counter === '1')!.visit.ticket)).toHaveCount(0);
      await expect(clerk.hallRow(busy.atCounter.find((c) => c.counter === '1')!.visit.ticket)).toContainText(
        words.called('1'),
      );
      await clerk.page.screenshot({
        path:
          lang === 'en'
            ? `${SCREENSHOTS}/staff-counter-${shape}-en.png`
            : shape === 'landscape'
              ? 'docs/screenshots/staff-counter.png'
              : `docs/screenshots/staff-counter-${shape}.png`,
      });

      // The greeter who owns both sees where they stand, and no counter steps.
      for (const c of [at2, at3]) {
        const mine = greeter.mineCard(c.visit.ticket);
        await expect(mine.getByTestId('where')).toHaveText(
          c.state === 'called' ? words.called(c.counter) : words.serving(c.counter),
        );
        for (const action of COUNTER_STEPS) await expect(mine.locator(`[data-action="${action}"]`)).toHaveCount(0);
      }
      await greeter.openSheet(at2.visit.ticket);
      for (const action of COUNTER_STEPS)
        await expect(greeter.sheet.locator(`[data-action="${action}"]`)).toHaveCount(0);
      await greeter.sheet.locator('[data-action="close"]').click();

      // The clerk serves them: start, then done — seen on the greeter's tablet.
      await card.locator('[data-action="start"]').click();
      await expect(card).toContainText(words.serving('2'));
      await expect(greeter.mineCard(at2.visit.ticket).getByTestId('where')).toHaveText(words.serving('2'));
      await card.locator('[data-action="complete"]').click();
      await expect(card).toHaveCount(0);
      await expect(clerk.page.getByTestId('counter-empty')).toHaveText(words.idle);
      await expect(greeter.mineCard(at2.visit.ticket)).toHaveCount(0);
      const token = await hall.http.login(STAFF.manager.staffId, STAFF.manager.pin);
      const { events } = (await hall.http.get(`/branches/t1/visits/${at2.visit.id}`, token)).body;
      expect(
        events
          .filter((e: { type: string }) => e.type === 'service-started' || e.type === 'completed')
          .map((e: { actor: { id: string } }) => e.actor.id),
      ).toEqual(['c01', 'c01']);
    });
  }
}

test('call next puts the customer at my counter; 转交 from there hands them to a colleague with a reason', async ({
  browser,
}) => {
  hall = await openHall(browser, { byHallHost: true });
  const clerk = await hall.tablet();
  await clerk.signIn(STAFF.counter.staffId, STAFF.counter.pin);
  const v = await hall.checkIn({ line: 'life' });
  await clerk.chooseCounter('3');
  await clerk.callNext();
  const card = clerk.counterCard(v.ticket);
  await expect(card).toContainText('已叫号 · 在 3 号窗口');
  await card.locator('[data-action="open-transfer"]').click();
  await clerk.sheet.getByTestId('transfer-target').selectOption({ label: '王芳' });
  await clerk.sheet.getByRole('button', { name: '客户要求' }).click();
  await clerk.sheet.locator('[data-action="transfer"]').click();
  await expect(card.getByTestId('owner')).toHaveText('首问负责人：王芳');
  // Still standing at counter 3: still the clerk's to serve.
  await expect(card.locator('[data-action="start"]')).toBeVisible();
});
