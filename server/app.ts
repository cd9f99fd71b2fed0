/**
 * Wires the product together: storage, the hall (commands), the scheduler (timers), Socket.IO and the
 * REST routes. Everything comes in as arguments so a test can build the real thing on a temp file.
 * The two orders that matter are stated here once: the steps after a commit, and the alert sinks.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AfterCommit } from './after-commit.ts';
import { AlertHandling } from './alert-handling.ts';
import { AlertSinks, everyNews, type AlertSink } from './alert-sink.ts';
import { Auth, bearer } from './auth.ts';
import type { Config } from './config.ts';
import { HttpError } from './errors.ts';
import { Hall } from './hall.ts';
import { landingPage, PAGES } from './landing.ts';
import { logger } from './logger.ts';
import { Realtime } from './realtime.ts';
import { LiveCache } from './live-cache.ts';
import { OpenVisits } from './open-visits.ts';
import { alertRoutes } from './routes/alerts.ts';
import { raiseComplaints } from './complaint.ts';
import { authRoutes } from './routes/auth.ts';
import { branchRoutes } from './routes/branches.ts';
import { todayRoutes } from './routes/today.ts';
import { visitRoutes } from './routes/visits.ts';
import { kioskRoutes } from './routes/kiosk.ts';
import { kioskRefusalRoutes } from './routes/kiosk-refusals.ts';
import { KioskRefusalStore } from './store/kiosk-refusals.ts';
import { Scheduler } from './scheduler.ts';
import { CloseOfDay } from './close-of-day.ts';
import { RegionBoard } from './region.ts';
import { mayWatchRegion, regionRoutes } from './routes/region.ts';
import { ReportService } from './reports/service.ts';
import { SqlReportStore } from './reports/sql-store.ts';
import { reportRoutes } from './routes/reports.ts';
import { staffingRoutes } from './routes/staffing.ts';
import { importRoutes } from './routes/import.ts';
import { notifyRoutes } from './routes/notify.ts';
import { route } from './routes/route.ts';
import { openApiDocument } from '../shared/api/openapi.ts';
import { api as contract } from '../shared/api/routes.ts';
import { AlertStore } from './store/alerts.ts';
import { openStore } from './store/db.ts';
import { isStoreUnavailable, type Sql } from './store/sql.ts';
import { LeaseOwner, SoleOwner, type Ownership } from './cluster/ownership.ts';
import { connectRedis, relayChanges } from './cluster/redis.ts';
import { EventLog } from './store/log.ts';
import { DeviceStore, PairingCodes } from './store/devices.ts';
import { DutyStore } from './store/duty.ts';
import { SessionStore } from './store/sessions.ts';
import { deviceRoutes } from './routes/devices.ts';
import { pairingRoutes } from './routes/devices-pairing.ts';
import { staffRoutes } from './routes/staff.ts';
import { Duty } from './duty.ts';
import { Staffing } from './staffing/service.ts';
import { HistoryCache } from './staffing/history-cache.ts';
import { CheckInLimits, MinuteLimiter, limitStore } from './rate-limit.ts';
import { fromRoot } from './paths.ts';
import { Notifier } from './notify/notifier.ts';
import { channelsFor } from './notify/channel.ts';
import { closeOfDayDigest } from '../shared/notify/digest.ts';
import { staffingByHour } from '../shared/staffing/report-hours.ts';
import { Metrics } from './metrics.ts';
import { metricsRoute } from './metrics/route.ts';
import { connectedScreens } from './metrics/screens.ts';
import { StatusLinks, statusPath } from './status/links.ts';
import { StatusLookup } from './status/lookup.ts';
import { statusPage } from './status/page.ts';
import { statusRoutes } from './routes/status.ts';

const WEB_ROOT = fromRoot('dist', 'web');
const PUBLIC_DIR = fromRoot('server', 'public');

export interface AppOptions {
  config: Config;
  dbPath: string;
  /** PostgreSQL instead of the SQLite file (several processes on one database). */
  databaseUrl?: string | undefined;
  /** Redis, to share live rooms and changes between processes. */
  redisUrl?: string | undefined;
  /** The Redis stream of this installation. */
  redisStream?: string;
  /** How long a branch's lease lasts (PostgreSQL only). */
  leaseMs?: number;
  /** Proxies whose X-Forwarded-For names the client (login limits count per client address). */
  trustProxy?: string | number | undefined;
  now?: () => number;
  webRoot?: string;
  /** Serve HTTPS with this certificate and key (YINGBIN_TLS_CERT / YINGBIN_TLS_KEY) instead of plain HTTP. */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** More destinations of alert news (notification channels), told after the screens and the escalation. */
  alertSinks?: AlertSink[];
}

export interface Yingbin {
  http: HttpServer;
  /** The Express app (its router lists every route, for the OpenAPI test). */
  app: express.Express;
  sql: Sql;
  ownership: Ownership;
  hall: Hall;
  scheduler: Scheduler;
  realtime: Realtime;
  /** The notification channels: `send` a digest or test message, a channel's `history` and `failures`. */
  notifier: Notifier;
  /** What GET /metrics shows; `posted` is the notifier's post hook. */
  metrics: Metrics;
  listen(port: number, host?: string): Promise<number>;
  /** The configuration file was read again (config-watch): drop the live connections it no longer allows. */
  configReloaded(): void;
  close(): Promise<void>;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** On every response, the pages' and the API's as well as Socket.IO's own (long-polling) replies. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export async function createYingbin(opts: AppOptions): Promise<Yingbin> {
  // yingbin_startup_seconds counts from here (real time: a test's clock may stand still).
  const startedAt = performance.now();
  const now = opts.now ?? Date.now;
  const webRoot = opts.webRoot ?? WEB_ROOT;
  const sql = await openStore({ dbPath: opts.dbPath, databaseUrl: opts.databaseUrl });
  const redis = opts.redisUrl ? await connectRedis(opts.redisUrl, opts.redisStream ?? 'yingbin') : undefined;
  // The gauges are read at scrape time, when everything they name below exists.
  const metrics: Metrics = new Metrics({
    branches: (): string[] => branchIds(),
    owns: (branch): boolean => ownership.owns(branch),
    openVisits: (branch): number => open.folds(branch).length,
    followedBranches: (): number => open.followedCount() ?? branchIds().length,
    screens: () => connectedScreens(realtime.io),
  });
  const log = new EventLog(sql, metrics.storeWrite);
  const alerts = new AlertStore(sql);
  // Filled in below, once everything they name exists: what runs after a commit, and where alerts go.
  const afterCommit = new AfterCommit();
  const alertSinks = new AlertSinks();
  // The single SQLite process keeps every branch; a cluster process only those it owns or serves.
  const open = new OpenVisits(log, afterCommit, sql.dialect !== 'postgres', now);
  const statusLinks = new StatusLinks(sql);
  const hall = new Hall(log, opts.config, now, {
    open,
    afterCommit,
    firedAlerts: (visitId) => alerts.firedIds(visitId),
    statusLink: async (...link) => statusPath(await statusLinks.issue(...link)),
  });
  const reports = new ReportService(hall, new SqlReportStore(sql), opts.config, now);
  // The report's visit summaries are written in each event's transaction.
  hall.projections.push((fold, isNew) => reports.project(fold, isNew));
  const staffingHistory = new HistoryCache(opts.config, now);
  // An import writes past days through the projections alone (no after-commit steps): heard here as well.
  hall.projections.push((fold) => (staffingHistory.changed(fold), Promise.resolve([])));
  await reports.backfill();
  const devices = new DeviceStore(sql);
  const auth = new Auth(new SessionStore(sql), opts.config, devices, now);
  const duty = new Duty(new DutyStore(sql), opts.config, now);
  const branchIds = () => opts.config.branches.map((b) => b.id);
  const ownership: Ownership =
    sql.dialect === 'postgres' ? new LeaseOwner(sql, branchIds, opts.leaseMs ?? 10_000, now) : new SoleOwner(branchIds);
  if (ownership instanceof LeaseOwner) ownership.onRound = metrics.leaseRound;
  // Limits are read from the configuration at each use: a reload replaces `config.limits` (config-watch).
  const limits = () => opts.config.limits;
  const counts = limitStore(redis);
  const checkInLimits = new CheckInLimits(
    new MinuteLimiter('check-in', () => limits().checkInsPerMinutePerDevice, counts),
    new MinuteLimiter('replay', () => limits().replaysPerMinutePerDevice, counts),
  );
  const loginLimiter = new MinuteLimiter('login', () => limits().loginAttemptsPerMinute, counts);
  const ticketVipLimiter = new MinuteLimiter('vip-by-ticket', () => limits().vipByTicketPerMinute, counts);
  const pairLimiter = new MinuteLimiter('pair', () => limits().loginAttemptsPerMinute, counts); // pairing is a sign-in by code
  const statusLimiter = new MinuteLimiter('status', () => limits().statusLookupsPerMinute, counts);

  const app = express();
  const http: HttpServer = opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, app)
    : createServer(app);
  const live = new LiveCache(alerts, duty, now);
  const realtime = new Realtime(http, auth, hall, live, redis?.adapter, now, {
    gate: (p, region) => refusalOf(() => mayWatchRegion(p, opts.config, region)),
    overview: (region) => regions.overview(region),
  });
  // Socket.IO answers its own requests (long-polling) before Express sees them: give them the same headers.
  http.prependListener('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/'))
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  });
  // A change to a branch not followed here is not folded; what this process keeps of it elsewhere goes stale.
  const announce = redis
    ? relayChanges(realtime, open, live, ownership, (branch, history) => {
        regions.heard(branch);
        staffingHistory.changed({ branch, arrivedAt: history[0]?.occurredAt ?? 0 });
      })
    : undefined;
  duty.onChange((board) => {
    realtime.pushDuty(board);
    regions.dutyChanged(board.branch);
  });
  const scheduler = new Scheduler(open, alerts, ownership, alertSinks, now);
  const alertHandling = new AlertHandling(alerts, scheduler, opts.config, alertSinks, now);
  const closeOfDay = new CloseOfDay(
    open,
    (draft) => hall.appendSystem(draft),
    scheduler,
    reports,
    opts.config,
    now,
    (b, d) => sendDigest(b, d),
  );

  // After a change to a visit is committed, in this order (a step that fails is logged, the next still runs):
  afterCommit.steps(
    // A correction to a closed day makes its new report revision before the reply goes out.
    { name: 'revise-closed-days', run: (c) => reports.reviseAfter(c) },
    // Before the clocks: a visit reaches the screens before its alerts.
    { name: 'push-visit', run: (c) => realtime.pushVisit(c.fold) },
    ...(announce ? [{ name: 'announce-to-other-processes', run: announce }] : []),
    // The regional walls: this process's change is computed and pushed; another's only makes ours stale.
    {
      name: 'region-standing',
      remote: true,
      run: (c) => (c.remote ? regions.heard(c.fold.branch) : regions.changed(c.fold.branch)),
    },
    // A rating of 1–2 stars raises a complaint alert (stored once, then told to the sinks).
    raiseComplaints(alerts, alertSinks, opts.config, now),
    // Every process's changes: the owner of a branch plans all of its clocks.
    { name: 'plan-clocks', remote: true, run: (c) => scheduler.plan(c.fold, !c.remote) },
    // Staffing keeps past days' history: a committed write to a visit of a past day (an import, a late
    // step), here or in another process, has it read afresh.
    { name: 'staffing-history', remote: true, run: (c) => staffingHistory.changed(c.fold) },
    // This process's check-ins, counted once durable (GET /metrics).
    metrics.step,
  );
  // The configuration is read at each use: a reload changes the channels (config-watch).
  const notifier = new Notifier({
    sql,
    settings: () => opts.config.notify,
    branchName: (id) => opts.config.branch(id)?.name ?? { zh: id, en: id },
    targetSeconds: (branch, rule) => opts.config.rules(branch)[rule]?.targetSeconds,
    now,
    onPost: (channel, ok) => metrics.posted(channel, ok),
  });
  const notifying = opts.config.notify.channels.length > 0;
  // Alert news goes, in this order, to the screens, the regional walls, the escalation timer, the metrics, then
  // the notification channels.
  alertSinks.register(
    everyNews('sockets', (a) => realtime.pushAlert(a)),
    everyNews('region', (a) => regions.changed(a.branch)),
    alertHandling.sink,
    metrics.sink,
    ...(notifying ? [notifier.sink] : []),
    ...(opts.alertSinks ?? []),
  );

  app.disable('x-powered-by');
  if (opts.trustProxy !== undefined) app.set('trust proxy', opts.trustProxy);
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  // One JSON parser per body limit in use, so a changed `limits.bodyBytes` applies without a restart.
  const jsonParsers = new Map<number, RequestHandler>();
  app.use('/api', (req, res, next) => {
    const bytes = limits().bodyBytes;
    let parser = jsonParsers.get(bytes);
    if (!parser) {
      parser = express.json({ limit: bytes === 0 ? '1gb' : bytes, strict: true });
      jsonParsers.set(bytes, parser);
    }
    parser(req, res, next);
  });
  app.use('/api', async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.locals.principal = await auth.resolve(bearer(req.get('Authorization')));
    next();
  });

  const api = express.Router();
  route(api, contract.health, () => ({
    ok: true as const,
    serverTime: new Date(now()).toISOString(),
    openVisits: open.size,
    plannedTimers: scheduler.plannedTimers,
    store: sql.dialect,
    process: ownership.id,
    ownedBranches: ownership.owned(),
  }));
  route(api, contract.time, () => ({ serverTime: new Date(now()).toISOString(), epochMs: now() }));
  const openApi = openApiDocument(contract);
  route(api, contract.openapi, () => openApi);
  api.use(authRoutes(auth, loginLimiter, (session) => realtime.disconnectSession(session)));
  api.use(branchRoutes(opts.config));
  api.use(visitRoutes(hall, checkInLimits));
  api.use(staffRoutes(hall, duty, opts.config));
  api.use(kioskRoutes(hall, ticketVipLimiter));
  api.use(kioskRefusalRoutes(hall, new KioskRefusalStore(sql), (r) => realtime.pushKioskRefusal(r)));
  api.use(todayRoutes(hall));
  api.use(alertRoutes(opts.config, alerts, (...args) => alertHandling.acknowledge(...args), now));
  api.use(pairingRoutes(opts.config, devices, new PairingCodes(sql), now, pairLimiter));
  api.use(deviceRoutes(opts.config, devices, now, (id) => realtime.disconnectDevice(id)));
  // One staffing service for the advice route and the report's staffing by hour.
  const staffing = new Staffing(sql, opts.config, now, staffingHistory.read);
  // The close-of-day digest (issue 18): the day's report as the report route gives it, in words, to the
  // channels that ask for `digest`, once per branch and day.
  const sendDigest = async (branchId: string, day: string) => {
    const branch = opts.config.branch(branchId);
    if (!branch || channelsFor(opts.config.notify, branchId, 'digest').length === 0) return;
    const report = await reports.report(branchId, day, day);
    const byHour = staffingByHour(await staffing.staffingFor(branchId, day), report.hours, branch.timeZone);
    const base = opts.config.notify.publicUrl;
    const text = closeOfDayDigest(
      { ...report, staffing: byHour },
      // Both languages go in one post, and a WeCom robot takes 4,096 bytes of markdown: 900 characters each
      // (a Chinese character is 3 bytes in UTF-8) leave room for the headings.
      { branchName: branch.name, maxLength: 900, ...(base ? { reportUrl: `${base}/report/?date=${day}` } : {}) },
    );
    await notifier.send(
      { event: 'digest', branch: branchId, branchName: branch.name, lines: [], text, wallUrl: null },
      { key: `${branchId}:${day}` },
    );
  };
  const regions = new RegionBoard(opts.config, log, open, staffing, now, (ids, s) => realtime.pushStanding(ids, s));
  api.use(reportRoutes(opts.config, reports, staffing));
  api.use(staffingRoutes(opts.config, staffing, now));
  api.use(regionRoutes(opts.config, regions));
  api.use(importRoutes(hall, reports, () => opts.config.limits.bodyBytes));
  // The channels page: each channel's posts and failures as the notifier's outbox keeps them.
  api.use(notifyRoutes(opts.config, notifier));
  api.use(statusRoutes(hall, statusLinks, new StatusLookup(hall), statusLimiter));
  api.use((req, _res, next) => next(new HttpError(404, 'not-found', `no API route ${req.method} ${req.path}`)));
  app.use('/api/v1', api);
  app.use('/api', (req, _res, next) =>
    next(new HttpError(404, 'not-found', `no API route ${req.method} ${req.originalUrl}; the API lives under /api/v1`)),
  );

  // Prometheus's text, beside the API rather than in it (server/metrics/route.ts says why).
  app.get(
    '/metrics',
    metricsRoute(metrics, () => opts.config.metrics.token),
  );

  app.get('/', (req, res) =>
    res.type('html').send(landingPage(webRoot, opts.config, { secure: req.secure, host: req.hostname })),
  );
  app.get('/s/:token', statusPage(webRoot, statusLinks, statusLimiter, now));
  app.use(express.static(PUBLIC_DIR, { index: false }));
  app.use('/assets', express.static(join(webRoot, 'assets'), { immutable: true, maxAge: '1y' }));
  for (const page of PAGES) app.use(page.path, express.static(join(webRoot, page.dir)));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) return void res.status(err.status).json(err.toJSON());
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      return void res.status(400).json({ error: { code: 'invalid-json', message: 'the body is not valid JSON' } });
    }
    if (e.type === 'entity.too.large') {
      return void res
        .status(413)
        .json({ error: { code: 'too-large', message: `the body is larger than ${limits().bodyBytes} bytes` } });
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return void res.status(e.status).json({ error: { code: 'bad-request', message: e.message ?? 'bad request' } });
    }
    if (isStoreUnavailable(err)) {
      logger.warn({ err, url: req.originalUrl }, 'the store is out of reach');
      return void res.status(503).json({
        error: {
          code: 'store-unavailable',
          message: 'the database cannot be reached right now; nothing was changed — try again shortly',
        },
      });
    }
    logger.error({ err, url: req.originalUrl }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: 'internal error; nothing was changed' } });
  });

  // Nothing is loaded up front: each branch's open visits are read when this process takes it on (in
  // listen()) or first serves it (OpenVisits.follow). Catch-up reads the log from here on.
  if (sql.dialect === 'postgres') await open.begin();
  await live.load(branchIds());

  return {
    http,
    app,
    sql,
    ownership,
    hall,
    scheduler,
    realtime,
    notifier,
    metrics,
    async listen(port, host = '0.0.0.0') {
      await ownership.start({
        gained: async (branch) => {
          await scheduler.takeOver(branch);
          await alertHandling.takeOver(branch);
          await closeOfDay.takeOver(branch);
        },
        lost: (branch) => scheduler.release(branch),
        round: async () => {
          await live.catchUp(branchIds());
          // Branches neither owned nor served here any more are let go, then the rest caught up.
          open.sweep((branch) => ownership.owns(branch) || realtime.serves(branch));
          const caught = await open.reconcile();
          if (caught > 0)
            logger.info(
              { visits: caught },
              'visits changed by other processes were read from the log before their announcement came',
            );
        },
      });
      if (notifying) await notifier.start();
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          metrics.started((performance.now() - startedAt) / 1000);
          resolve((http.address() as AddressInfo).port);
        });
      });
    },
    configReloaded() {
      // Staff added or moved change the duty boards without a change of post: read them afresh, once.
      live
        .load(branchIds())
        .catch((err: unknown) => logger.warn({ err }, 'duty boards could not be read after the configuration changed'));
      realtime
        .revalidate()
        .catch((err: unknown) =>
          logger.error({ err }, 'live connections could not be checked against the new configuration'),
        );
    },
    async close() {
      await ownership.stop();
      scheduler.stop();
      regions.close();
      await notifier.stop();
      await realtime.close();
      await redis?.close();
      await sql.close();
    },
  };
}

/** The refusal's code a check throws (an HttpError), or null when it passes: for the socket handshake. */
function refusalOf(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof HttpError) return err.code;
    throw err;
  }
}
