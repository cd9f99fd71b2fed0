/**
 * `npm run set-pin -- STAFF_ID PIN` — stores a staff member's PIN as a scrypt hash in the configuration
 * file (YINGBIN_CONFIG), removing any plain demo PIN. A running server picks the change up by itself.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hashPin } from '../auth.ts';
import { loadConfig } from '../config.ts';
import { configPath } from '../env.ts';

function fail(message: string): never {
  process.stderr.write(`set-pin: ${message}\n`);
  process.exit(2);
}

const [staffId, pin] = process.argv.slice(2);
if (!staffId || !pin) fail('usage: npm run set-pin -- STAFF_ID PIN');
if (!/^\d{4,8}$/.test(pin)) fail('the PIN must be 4 to 8 digits');
const path = configPath();
loadConfig(path); // refuse to touch a file that is already broken
const raw = JSON.parse(readFileSync(path, 'utf8')) as { staff?: { id: string; pin?: string; pinHash?: string }[] };
const member = raw.staff?.find((s) => s.id === staffId);
if (!member) fail(`no staff member "${staffId}" in ${path}`);
member.pinHash = hashPin(pin);
delete member.pin;
// Write beside and rename, so a server reading the file never sees half of it.
writeFileSync(`${path}.tmp`, JSON.stringify(raw, null, 2) + '\n');
renameSync(`${path}.tmp`, path);
process.stdout.write(`set-pin: PIN of ${staffId} stored as a scrypt hash in ${path}\n`);
