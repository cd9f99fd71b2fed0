/** One Vite build for every browser page: the kiosk and the dashboard pages found on disk. */
import { defineConfig } from 'vite';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

function pages(): Record<string, string> {
  const out: Record<string, string> = {};
  if (existsSync(`${root}kiosk/index.html`)) out.kiosk = `${root}kiosk/index.html`;
  if (existsSync(`${root}dashboard`)) {
    for (const d of readdirSync(`${root}dashboard`, { withFileTypes: true })) {
      if (d.isDirectory() && existsSync(`${root}dashboard/${d.name}/index.html`))
        out[d.name] = `${root}dashboard/${d.name}/index.html`;
    }
  }
  // YINGBIN_PAGES=kiosk,staff builds only those pages (handy while one page is being worked on).
  const only = process.env.YINGBIN_PAGES?.split(',').filter(Boolean);
  if (only) for (const name of Object.keys(out)) if (!only.includes(name)) delete out[name];
  return out;
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: process.env.YINGBIN_WEB_ROOT || 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: pages() },
  },
});
