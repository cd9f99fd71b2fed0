/** The offline shell (shared/browser/page-sw.js) of a page that may reload while the server is away. */
import { readFileSync } from 'node:fs';
import type { Response } from 'express';
import { fromRoot } from '../paths.ts';

const SERVICE_WORKER = fromRoot('shared', 'browser', 'page-sw.js');

/**
 * Served from the API (not from the built pages) so it keeps a fixed, unhashed URL; the header lets it
 * control the page although it lives elsewhere. The worker reads which page it keeps from its own URL.
 */
export function pageWorker(page: 'kiosk' | 'staff', res: Response): void {
  res.set({ 'Service-Worker-Allowed': `/${page}/`, 'Cache-Control': 'no-cache' });
  res.type('text/javascript').send(readFileSync(SERVICE_WORKER, 'utf8'));
}
