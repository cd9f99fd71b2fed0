/**
 * The Grafana dashboard an operator imports (deploy/grafana/yingbin.json) must only ask for what the
 * server exports: a renamed metric would leave a panel silently empty. Every query of every panel and
 * variable is read, the metric names in it picked out, and each checked against the names the app's own
 * registry (server/metrics.ts) holds — a histogram's _bucket, _sum and _count included.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../server/metrics.ts';

interface Target {
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  title: string;
  uid: string;
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
  panels: Panel[];
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../deploy/grafana/yingbin.json', import.meta.url), 'utf8'),
) as Dashboard;

/** Every panel, those inside collapsed rows too. */
const allPanels = (list: Panel[]): Panel[] => list.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** The metric names a PromQL query reads (ours, and prom-client's process and Node.js metrics). */
const metricNames = (expr: string) => [...expr.matchAll(/\b(?:yingbin|process|nodejs)_[a-z0-9_]+\b/g)].map((m) => m[0]);

async function exported(): Promise<Set<string>> {
  const metrics = new Metrics({
    branches: () => ['t1'],
    owns: () => true,
    openVisits: () => 0,
    screens: () => ({ wall: 0, staff: 0, kiosk: 0, region: 0 }),
  });
  await metrics.text(); // the first scrape starts the process metrics
  const names = new Set<string>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
  }
  return names;
}

describe('the Grafana dashboard', () => {
  const panels = allPanels(dashboard.panels).filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

  it('asks only for metrics the server exports, and every query names at least one', async () => {
    const names = await exported();
    const variables = dashboard.templating.list
      .filter((v) => v.type === 'query')
      .map((v) => ({ panel: `$${v.name}`, expr: typeof v.query === 'string' ? v.query : v.query.query }));
    const queries = [...exprs, ...variables];
    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(queries.filter((q) => metricNames(q.expr).length === 0)).toEqual([]);
    const unknown = queries.flatMap((q) =>
      metricNames(q.expr)
        .filter((n) => !names.has(n))
        .map((n) => `${q.panel}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has the panels the issue asks for, each on the Prometheus datasource chosen on import', () => {
    const reads = (name: string) => exprs.some((e) => metricNames(e.expr).includes(name));
    for (const name of [
      'yingbin_alerts_total',
      'yingbin_alert_lateness_seconds_bucket',
      'yingbin_check_ins_total',
      'yingbin_open_visits',
      'yingbin_connected_screens',
      'yingbin_notification_posts_total',
      'yingbin_notification_failures_total',
      'yingbin_store_write_seconds_bucket',
      'yingbin_branch_lease_owned',
    ])
      expect(reads(name), name).toBe(true);
    // Breaches by rule; lateness at p50 and p99; store latency at p99.
    expect(exprs.some((e) => /kind="breach"/.test(e.expr) && /by \(rule\)/.test(e.expr))).toBe(true);
    for (const q of ['0.5', '0.99'])
      expect(
        exprs.some((e) => e.expr.includes(`histogram_quantile(${q}, sum by (le) (rate(yingbin_alert_lateness`)),
      ).toBe(true);
    expect(
      exprs.some((e) => e.expr.includes('histogram_quantile(0.99') && e.expr.includes('yingbin_store_write')),
    ).toBe(true);
    const source = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(source).toMatchObject({ name: 'datasource', query: 'prometheus' });
    for (const p of panels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets ?? [])
        expect(t.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });
});
