/**
 * `npm run import -- FILE.csv --branch ID [--skip-bad]` — loads past visits into YINGBIN_DB, or into
 * PostgreSQL when YINGBIN_DATABASE_URL is set (with the branches of YINGBIN_CONFIG), whether or not the
 * server is running: it writes in short transactions with a pause between them, so a running server on the
 * same SQLite file takes its turn at the write lock within a few tens of milliseconds (a live check-in is
 * never held for long), and the server's reports read the database, so they show the import at once.
 * Killed halfway, the rows written so far stay: the same file again completes the import (external ids).
 * Exit status: 0 imported, 1 bad rows (nothing written), 2 cannot run.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { configPath, databaseUrl, dbPath } from '../env.ts';
import { Hall } from '../hall.ts';
import { ImportFileError } from '../import/parse.ts';
import { importCsv } from '../import/write.ts';
import { ReportService } from '../reports/service.ts';
import { SqlReportStore } from '../reports/sql-store.ts';
import { openStore } from '../store/db.ts';
import { EventLog } from '../store/log.ts';

/** The server's turn at the write lock between two chunks (it retries every 10 ms). */
const PAUSE_MS = 25;

const USAGE = 'usage: npm run import -- FILE.csv --branch ID [--skip-bad]';

function args(argv: string[]): { file: string; branch: string; skipBad: boolean } {
  let file: string | undefined;
  let branch: string | undefined;
  let skipBad = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--branch') branch = argv[++i];
    else if (a.startsWith('--branch=')) branch = a.slice('--branch='.length);
    else if (a === '--skip-bad') skipBad = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new Error(`one file at a time\n${USAGE}`);
  }
  if (!file || !branch) throw new Error(USAGE);
  return { file, branch, skipBad };
}

async function main(): Promise<number> {
  const { file, branch, skipBad } = args(process.argv.slice(2));
  const config = loadConfig(configPath());
  if (!config.branch(branch)) throw new Error(`no branch "${branch}" in ${config.path}`);
  const text = readFileSync(file, 'utf8');
  // The tool waits patiently for the server's turns at the lock; the server waits briefly for the tool's.
  const sql = await openStore({ dbPath: dbPath(), databaseUrl: databaseUrl(), lockWaitMs: 60_000 });
  try {
    const hall = new Hall(new EventLog(sql), config, Date.now);
    const reports = new ReportService(hall, new SqlReportStore(sql), config, Date.now);
    // As in the server (app.ts): each imported visit's report summary is written in its transaction.
    hall.projections.push((fold, isNew) => reports.project(fold, isNew));
    let shown = 0;
    const result = await importCsv(text, {
      hall,
      reports,
      branch,
      skipBad,
      // PostgreSQL does not lock the whole database for a writer: no pause needed there.
      pauseMs: sql.dialect === 'sqlite' ? PAUSE_MS : 0,
      onProgress: (p) => {
        // A line per tenth written, so a long import shows it is moving.
        const tenth = p.total === 0 ? 0 : Math.floor((10 * p.done) / p.total);
        if (p.state === 'writing' && tenth > shown) {
          shown = tenth;
          process.stderr.write(`import: ${p.done}/${p.total} rows\n`);
        }
      },
    });
    for (const b of result.bad) process.stderr.write(`${file}:${b.line}: ${b.reason}\n`);
    if (!result.written) {
      process.stderr.write(
        `import: ${result.bad.length} bad row(s); nothing was imported (--skip-bad imports the good rows)\n`,
      );
      return 1;
    }
    process.stdout.write(
      `import: ${result.imported} visit(s) imported into ${branch}, ${result.alreadyImported} already there, ${result.bad.length} bad row(s) skipped (${result.rows} rows)\n`,
    );
    return 0;
  } finally {
    await sql.close();
  }
}

try {
  process.exitCode = await main();
} catch (e) {
  const message = e instanceof ImportFileError ? `${process.argv[2]}: ${e.message}` : (e as Error).message;
  process.stderr.write(`import: ${message}\n`);
  process.exitCode = 2;
}
