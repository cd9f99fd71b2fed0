/** The landing page at `/`: links to the pages that are built, and only those. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';

export const PAGES = [
  { path: '/kiosk/', dir: 'kiosk', zh: '取号机', en: 'Kiosk — check-in at the entrance' },
  { path: '/staff/', dir: 'dashboard/staff', zh: '员工平板', en: 'Staff tablet console' },
  { path: '/wall/', dir: 'dashboard/wall', zh: '大堂看板', en: 'Manager wall display' },
  { path: '/report/', dir: 'dashboard/report', zh: '日报', en: 'End-of-day report' },
  { path: '/region/', dir: 'dashboard/region', zh: '区域看板', en: 'Regional wall (head office)' },
  { path: '/channels/', dir: 'dashboard/channels', zh: '通知渠道', en: 'Notification channels (managers)' },
] as const;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** How this page was reached: plain HTTP on a hall host name is no secure context (see the note it gets). */
export interface Reached {
  secure: boolean;
  host: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * Over plain HTTP from another machine every page works, but the kiosk cannot keep itself for offline
 * reloads (service workers need a secure context): say so where the person setting up the hall looks.
 */
function httpsNote(reached: Reached): string {
  if (reached.secure || LOOPBACK.test(reached.host)) return '';
  return `<p class="note" data-testid="https-note">本页经普通 HTTP 打开：各页面均可正常使用，但取号机断网后重新加载需要 HTTPS（见 README “HTTPS and pairing devices” 一节，<code>npm run cert</code>）。<br>
Opened over plain HTTP: every page works, but the kiosk's offline reload needs HTTPS (README, "HTTPS and pairing devices"; <code>npm run cert</code>).</p>`;
}

export function landingPage(
  webRoot: string,
  config: Config,
  reached: Reached = { secure: false, host: 'localhost' },
): string {
  const built = PAGES.filter((p) => existsSync(join(webRoot, p.dir, 'index.html')));
  const links = built
    .map((p) => `<li><a href="${p.path}"><strong>${p.zh}</strong><span>${p.en}</span></a></li>`)
    .join('\n');
  const branches = config.branches.map((b) => `<li>${escape(b.name.zh)} · ${escape(b.name.en)}</li>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>迎宾 Yingbin</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/landing.css"></head>
<body><main>
<h1>迎宾 <small>Yingbin</small></h1>
<p>营业职场排队与接待时效监控 · Service-hall queue and reception-SLA monitor</p>
<ul class="branches">${branches}</ul>
${built.length > 0 ? `<ul class="pages">${links}</ul>` : '<p>页面尚未构建，请运行 <code>npm run build</code>。 Pages are not built yet: run <code>npm run build</code>.</p>'}
${httpsNote(reached)}
<p class="api">API: <code>/api/v1</code> · <a href="/api/v1/health">health</a></p>
</main></body></html>`;
}
