/**
 * What `npm run migrate-store` does with each table of a SQLite file, and why (docs/deploy.md, "Moving a
 * hall's SQLite file to the cluster", lists the same). Every table a migration creates must be named here:
 * the tool refuses a source holding a table it has no decision for, rather than leave history behind.
 *
 * - `log`: append-only, numbered by a counter column (`seq`); appended in the source's order, each number
 *   shifted by one offset, in batches that commit with the progress marker (store_imports).
 * - `keyed`: rows with a primary key; written as upserts of the source's values, so a second run writes
 *   the same rows again.
 * - `skip`: not copied.
 */
export type TablePlan =
  | { table: string; how: 'log'; seq: string; why: string }
  | { table: string; how: 'keyed'; why: string }
  | { table: string; how: 'skip'; why: string };

export const TABLES: readonly TablePlan[] = [
  { table: 'events', how: 'log', seq: 'seq', why: 'the truth: every visit, in order, with its idempotency key' },
  { table: 'visits', how: 'keyed', why: 'the open-visit projection; copied exactly as the log left it' },
  {
    table: 'ticket_sequences',
    how: 'keyed',
    why: "today's last ticket number per series, so the next customer does not get a number already called",
  },
  {
    table: 'idempotency',
    how: 'keyed',
    why: 'the stored replies: a kiosk retrying a check-in it sent before the move still makes one visit',
  },
  {
    table: 'alerts',
    how: 'keyed',
    why: 'the claims: an alert that fired (and was sent) is never fired again by the cluster',
  },
  {
    table: 'sessions',
    how: 'keyed',
    why: 'only hashes of tokens with their expiry: tablets stay signed in; nothing here works without the token',
  },
  { table: 'duty', how: 'keyed', why: "each staff member's post, so the move sends nobody home" },
  { table: 'duty_log', how: 'log', seq: 'seq', why: 'every change of post, append-only: the staffing figures read it' },
  {
    table: 'report_visits',
    how: 'keyed',
    why: 'the report rows, copied and checked: exact, whereas a rebuild would take names and time zones from today',
  },
  { table: 'report_clocks', how: 'keyed', why: 'the report rows of each clock, copied for the same reason' },
  {
    table: 'report_snapshots',
    how: 'keyed',
    why: 'closed days as frozen and each later revision: what was reported then cannot be rebuilt',
  },
  {
    table: 'report_rollups',
    how: 'skip',
    why: 'a cache of closed days: the target rebuilds it from the copied report rows on first read',
  },
  { table: 'devices', how: 'keyed', why: 'device tokens a manager made (hashes) and revocations, which must hold' },
  {
    table: 'pairing_codes',
    how: 'keyed',
    why: 'a code used stays used; an unused one still works once until it expires',
  },
  { table: 'sign_in_failures', how: 'keyed', why: 'the lock after five wrong PINs holds across the move' },
  {
    table: 'kiosk_refusals',
    how: 'keyed',
    why: 'offline check-ins refused for good: staff still find the customer holding that number',
  },
  // Tables of issues 18–19 (notification outbox, status links), named here before they land on main so a
  // file that has them is copied, not refused; their rows carry their own exactly-once keys.
  {
    table: 'notify_outbox',
    how: 'log',
    seq: 'id',
    why: 'one row per channel and alert (its unique key): a notification sent before the move is never sent again',
  },
  {
    table: 'notify_posts',
    how: 'keyed',
    why: 'the posts made: the rate limit counts them, the channels page lists them',
  },
  { table: 'status_links', how: 'keyed', why: "the customer's status link keeps working until the day's close" },
  { table: 'branch_leases', how: 'skip', why: "the cluster's own: which running process plans a branch" },
  { table: 'cluster_processes', how: 'skip', why: "the cluster's own: which processes are alive" },
  { table: 'store_imports', how: 'skip', why: "this tool's progress marker in the target" },
  { table: 'migrations', how: 'skip', why: 'the target has its own, applied by the same code' },
];

export const planOf = (table: string): TablePlan | undefined => TABLES.find((t) => t.table === table);
