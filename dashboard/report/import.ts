/**
 * The report page's import section (manager): a CSV goes up as an import job (POST …/imports → 202), and
 * the page follows `GET …/imports/:id` with a progress bar until it is done, refused (bad rows, each
 * listed by line) or failed. The hall keeps working meanwhile; the page can be left and the job runs on.
 */
import './import.css';
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { describeFailure, makeT } from '../../shared/browser/lang.ts';
import { h } from '../../shared/browser/dom.ts';
import { importText } from '../../shared/i18n/import.ts';
import type { StaffSession as Session } from '../../shared/browser/session.ts';

/** What `GET /branches/:branch/imports/:id` answers (server/import/jobs.ts). */
interface ImportJob {
  id: string;
  state: 'checking' | 'writing' | 'done' | 'refused' | 'failed';
  total: number;
  checked: number;
  done: number;
  imported: number;
  alreadyImported: number;
  errors: { line: number; reason: string }[];
  errorCount: number;
  error: { code: string; message: string } | null;
}

const POLL_MS = 500;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wires the section; `imported` is called when an import has written rows (the report shown may have changed). */
export function mountImport(session: () => Session | null, imported: () => void): { retranslate(): void } {
  let job: ImportJob | null = null;
  let note: (() => string) | null = null;
  const form = $<HTMLFormElement>('import-form');
  const bar = $<HTMLProgressElement>('import-progress');
  const status = $('import-status');
  const errors = $('import-errors');

  function render(): void {
    const t = makeT(importText);
    errors.replaceChildren();
    if (note) {
      status.textContent = note();
      return;
    }
    if (!job) return;
    const bad = job.errorCount;
    const running = job.state === 'checking' || job.state === 'writing';
    bar.hidden = !running && job.state !== 'done';
    bar.max = Math.max(job.total, 1);
    bar.value = job.state === 'checking' ? job.checked : job.done;
    status.textContent =
      job.state === 'checking'
        ? job.total === 0
          ? t('import.reading')
          : t('import.checking', { checked: job.checked, total: job.total })
        : job.state === 'writing'
          ? t('import.writing', { done: job.done, total: job.total })
          : job.state === 'done'
            ? t('import.done', { imported: job.imported, already: job.alreadyImported, bad })
            : job.state === 'refused'
              ? t('import.refused', { bad })
              : t('import.failed', {
                  message: describeFailure(
                    new ApiFailure(0, job.error?.code ?? 'internal', job.error?.message ?? ''),
                    t,
                  ),
                });
    status.dataset.state = job.state;
    for (const e of job.errors) errors.append(h('li', {}, t('import.badLine', { line: e.line, reason: e.reason })));
    if (bad > job.errors.length)
      errors.append(h('li', { class: 'more' }, t('import.more', { n: bad - job.errors.length })));
  }

  async function follow(s: Session, id: string): Promise<void> {
    for (;;) {
      job = (await call(api.importJob, { params: { branch: s.staff.branch, id }, token: s.token })).import;
      render();
      if (job.state !== 'checking' && job.state !== 'writing') {
        if (job.imported > 0) imported();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function start(s: Session, file: File, skipBad: boolean): Promise<void> {
    // The file goes up as it is (text/csv); the server reads it within its configured body limit.
    const res = await fetch(`/api/v1/branches/${s.staff.branch}/imports${skipBad ? '?skipBad=true' : ''}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'text/csv' },
      body: file,
    }).catch((e: unknown) => {
      throw new ApiFailure(0, 'network', String(e));
    });
    const body = (await res.json().catch(() => null)) as {
      import?: ImportJob;
      error?: { code: string; message: string };
    } | null;
    if (!res.ok || !body?.import)
      throw new ApiFailure(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? res.statusText);
    note = null;
    job = body.import;
    render();
    await follow(s, job.id);
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = session();
    const file = $<HTMLInputElement>('import-file').files?.[0];
    if (!s) return;
    job = null;
    bar.hidden = true;
    if (!file) {
      note = () => makeT(importText)('import.noFile');
      return render();
    }
    note = () => makeT(importText)('import.uploading');
    render();
    const button = form.querySelector('button')!;
    button.disabled = true;
    start(s, file, $<HTMLInputElement>('import-skip-bad').checked)
      .catch((e: unknown) => {
        const t = makeT(importText);
        job = null;
        note = () => describeFailure(e, t);
        render();
      })
      .finally(() => (button.disabled = false));
  });

  return { retranslate: render };
}
