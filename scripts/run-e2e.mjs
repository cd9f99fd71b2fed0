#!/usr/bin/env node
// Runs the Playwright specs in Debian's Chromium. Browser downloads do not work here, so this finds
// /usr/bin/chromium, installs it with apt-get when missing and permitted, or says exactly what it needs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
let chromium = candidates.find((p) => existsSync(p));

if (!chromium) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt && process.env.YINGBIN_NO_APT !== '1') {
    console.log("Chromium is missing: installing Debian's chromium with apt-get …");
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      // fall through to the message below
    }
    chromium = candidates.find((p) => existsSync(p));
  }
  if (!chromium) {
    console.error(
      'The browser tests need Chromium and none was found.\n' +
        "  Install Debian's package:   sudo apt-get update && sudo apt-get install -y chromium\n" +
        '  or point CHROMIUM_PATH at a Chromium binary (Playwright downloads are not used).',
    );
    process.exit(1);
  }
}

// Chinese pages need a CJK font, or screenshots show empty boxes (the tests read text, not pixels).
const hasCjkFont = () => {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
};
if (!hasCjkFont()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get') && process.env.YINGBIN_NO_APT !== '1') {
    console.log("No Chinese font found: installing Debian's fonts-wqy-microhei with apt-get …");
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-wqy-microhei'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      console.warn(
        'Could not install a Chinese font; screenshots will show boxes (apt-get install fonts-wqy-microhei).',
      );
    }
  } else {
    console.warn('No Chinese font found; screenshots will show boxes. Install one: apt-get install fonts-wqy-microhei');
  }
}

const args = ['playwright', 'test', ...process.argv.slice(2)];
const r = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
process.exit(r.status ?? 1);
