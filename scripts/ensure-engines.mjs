#!/usr/bin/env node
// The cluster tests start throwaway PostgreSQL and Redis servers from Debian's packages. Installing them
// here, once and before Vitest starts, keeps a slow apt-get out of a test's time limit. Missing and not
// installable: say what is needed (tests/support/engines.ts says it again, with the reason).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const postgres = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some(
    (v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`) && existsSync(`/usr/lib/postgresql/${v}/bin/postgres`),
  );
const onPath = (bin) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${bin}`));
const redis = () => onPath('redis-server');

const missing = [!postgres() && !onPath('initdb') && 'postgresql', !redis() && 'redis-server'].filter(Boolean);
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get') && process.env.YINGBIN_NO_APT !== '1') {
    console.log(`The cluster tests need ${missing.join(' and ')}: installing Debian's packages with apt-get …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
        stdio: 'inherit',
        env,
      });
    } catch {
      // reported below
    }
  }
  const still = [!postgres() && !onPath('initdb') && 'postgresql', !redis() && 'redis-server'].filter(Boolean);
  if (still.length > 0) {
    console.error(
      `The cluster tests need ${still.join(' and ')} and could not install them.\n` +
        `  Install Debian's packages:   sudo apt-get update && sudo apt-get install -y ${still.join(' ')}\n` +
        '  or put their binaries (initdb, postgres, redis-server) on PATH.',
    );
    process.exit(1);
  }
}
