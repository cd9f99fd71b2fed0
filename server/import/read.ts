/**
 * Reads an import CSV in slices, giving the event loop back between them: a 100,000-row file took 2 s to
 * parse and 2 s to check in one go, and the hall's timers and sockets waited for it (issue 15). Each slice
 * is a few milliseconds of work; the rows come out checked (parse.ts), bad ones with line and reason.
 */
import { parse } from 'csv-parse';
import { checkHeader, checkRecord, ImportFileError, type ImportContext, type ParsedFile } from './parse.ts';

/** Characters parsed per turn of the event loop (~10 ms on the bench machine). */
const SLICE_CHARS = 64 * 1024;
/** Records checked per turn of the event loop. */
const CHECK_ROWS = 500;

/** Lets timers, sockets and other requests run before the next slice. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Record_ {
  record: Record<string, string>;
  info: { lines: number };
}

/** Parses the CSV text in slices; throws ImportFileError when it is not CSV or lacks columns. */
async function records(text: string): Promise<Record_[]> {
  const source = text.replace(/^\uFEFF/, '');
  checkHeader(source);
  const out: Record_[] = [];
  let failure: Error | undefined;
  const parser = parse({ columns: true, info: true, skip_empty_lines: true, trim: false, relax_column_count: false });
  parser.on('data', (r: Record_) => out.push(r));
  parser.on('error', (e: Error) => (failure ??= e));
  const ended = new Promise<void>((resolve) => parser.once('end', resolve).once('error', () => resolve()));
  for (let i = 0; i < source.length && !failure; i += SLICE_CHARS) {
    parser.write(source.slice(i, i + SLICE_CHARS));
    await yieldToLoop();
  }
  if (!failure) parser.end();
  await ended;
  if (failure) throw new ImportFileError(`the file is not valid CSV: ${failure.message}`);
  return out;
}

/**
 * Reads and checks a whole file, yielding between slices; `progress(checked, total)` after each slice of
 * rows. A file that is not CSV at all, or lacks a column, throws ImportFileError.
 */
export async function readImport(
  text: string,
  ctx: ImportContext,
  progress?: (checked: number, total: number) => void,
): Promise<ParsedFile> {
  const all = await records(text);
  const parsed: ParsedFile = { rows: [], bad: [] };
  const seen = new Map<string, number>();
  for (let i = 0; i < all.length; i += CHECK_ROWS) {
    for (const { record, info } of all.slice(i, i + CHECK_ROWS)) checkRecord(record, info.lines, ctx, seen, parsed);
    progress?.(Math.min(i + CHECK_ROWS, all.length), all.length);
    await yieldToLoop();
  }
  return parsed;
}
