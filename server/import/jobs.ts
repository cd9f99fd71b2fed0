/**
 * HTTP imports as jobs: POST answers 202 at once and the import runs on in chunks (write.ts), while
 * `GET …/imports/:id` tells how far it got. Jobs live in this process's memory (an hour after they end):
 * in a cluster, ask the process that took the upload (the proxy's sticky session does).
 */
import { randomUUID } from 'node:crypto';
import { logger } from '../logger.ts';
import { isStoreUnavailable } from '../store/sql.ts';
import { ImportFileError, type BadRow } from './parse.ts';
import { importCsv, type ImportOptions, type ImportProgress, type ImportResult } from './write.ts';

/** Bad rows listed in a job (a file of 100,000 bad rows must not make a 100,000-entry reply). */
const MAX_ERRORS = 200;
const KEEP_MS = 3600_000;

export interface ImportJob {
  id: string;
  branch: string;
  /** checking → writing → done; refused: bad rows, nothing written; failed: see `error`. */
  state: ImportProgress['state'] | 'failed';
  total: number;
  checked: number;
  done: number;
  imported: number;
  alreadyImported: number;
  /** The first bad rows, `line N: reason`; `errorCount` has how many there are. */
  errors: BadRow[];
  errorCount: number;
  /** Why a failed import stopped (the rows written before that stay; the same file again completes it). */
  error: { code: string; message: string } | null;
  startedAt: string;
  endedAt: string | null;
}

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(private readonly now: () => number) {}

  /** Starts an import in the background; the job is returned at once and updated as it runs. */
  start(text: string, o: Omit<ImportOptions, 'onProgress'>): ImportJob {
    this.forgetOld();
    const job: ImportJob = {
      id: randomUUID(),
      branch: o.branch,
      state: 'checking',
      total: 0,
      checked: 0,
      done: 0,
      imported: 0,
      alreadyImported: 0,
      errors: [],
      errorCount: 0,
      error: null,
      startedAt: new Date(this.now()).toISOString(),
      endedAt: null,
    };
    this.jobs.set(job.id, job);
    const update = (p: ImportProgress, r: ImportResult) =>
      Object.assign(job, p, {
        imported: r.imported,
        alreadyImported: r.alreadyImported,
        errors: r.bad.slice(0, MAX_ERRORS),
        errorCount: r.bad.length,
      });
    importCsv(text, { ...o, onProgress: update })
      .then((r) => update({ state: r.written ? 'done' : 'refused', total: r.rows, checked: r.rows, done: job.done }, r))
      .catch((e: unknown) => {
        const unavailable = isStoreUnavailable(e);
        const unreadable = e instanceof ImportFileError;
        if (!unavailable && !unreadable) logger.error({ err: e, job: job.id }, 'import failed');
        job.state = 'failed';
        job.error = unavailable
          ? {
              code: 'store-unavailable',
              message:
                'the database cannot be reached or is full; the rows written so far stay, importing the same file again completes it',
            }
          : unreadable
            ? { code: 'invalid-csv', message: e.message }
            : { code: 'internal', message: 'the import stopped on an unexpected error; the rows written so far stay' };
      })
      .finally(() => (job.endedAt = new Date(this.now()).toISOString()));
    return job;
  }

  get(branch: string, id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job && job.branch === branch ? job : undefined;
  }

  private forgetOld(): void {
    const before = this.now() - KEEP_MS;
    for (const [id, job] of this.jobs)
      if (job.endedAt !== null && Date.parse(job.endedAt) < before) this.jobs.delete(id);
  }
}
