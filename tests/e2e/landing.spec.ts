import { test, expect } from './fixtures.ts';

test('the landing page names the product and links only to pages that exist', async ({ page, server }) => {
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('迎宾');
  await expect(page.getByText('测试营业厅')).toBeVisible();
  const links = await page
    .locator('.pages a')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
  for (const href of links) {
    const res = await page.request.get(server.url + href!);
    expect(res.status(), `${href} should exist`).toBe(200);
  }
  const health = await page.request.get(server.url + '/api/v1/health');
  expect((await health.json()).ok).toBe(true);
});
