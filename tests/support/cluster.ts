/**
 * Several real Yingbin processes on one throwaway PostgreSQL database and one throwaway Redis, as
 * docs/deploy.md runs them (minus the proxy: tests talk to each process directly).
 */
import { randomBytes } from 'node:crypto';
import { createDatabase, startPostgres, startRedis, type Engine } from './engines.ts';
import { spawnYingbin } from './server.ts';
import { testConfig, writeTestSetup, type TestConfigOptions } from './config.ts';

export interface ClusterNode {
  url: string;
  port: number;
  stderr(): string;
  /** Its log lines so far (pino JSON on stdout, at the LOG_LEVEL the test set). */
  stdout(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  databaseUrl: string;
  redisUrl: string;
  configPath: string;
  nodes: ClusterNode[];
  /** Starts one more process on the same database, Redis and configuration (`env` overrides some). */
  add(env?: Record<string, string>): Promise<ClusterNode>;
  stop(): Promise<void>;
}

export interface Engines {
  pg: Engine;
  redis: Engine;
  stop(): Promise<void>;
}

/** `postgres`: extra server settings (engines.ts startPostgres). */
export async function startEngines(opts: { postgres?: Record<string, string> } = {}): Promise<Engines> {
  const [pg, redis] = await Promise.all([startPostgres(opts.postgres), startRedis()]);
  return { pg, redis, stop: async () => void (await Promise.all([pg.stop(), redis.stop()])) };
}

export async function startCluster(
  engines: Engines,
  opts: TestConfigOptions & {
    processes?: number;
    leaseSeconds?: number;
    config?: unknown;
    entry?: 'sources' | 'bundle';
    env?: Record<string, string>;
    /** How long a process may take to print its port (its first lease round comes first): 30 s by default. */
    startTimeoutMs?: number;
  } = {},
): Promise<Cluster> {
  // A fresh database and Redis stream per cluster, so tests sharing the engines do not see each other.
  const name = `c_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await createDatabase(engines.pg.url, name);
  const setup = writeTestSetup(opts.config ?? testConfig(opts));
  const env = {
    YINGBIN_DATABASE_URL: databaseUrl,
    YINGBIN_REDIS_URL: engines.redis.url,
    YINGBIN_CONFIG: setup.configPath,
    YINGBIN_DB: `${setup.dir}/unused.db`,
    YINGBIN_LEASE_SECONDS: String(opts.leaseSeconds ?? 2),
    YINGBIN_REDIS_STREAM: name,
    ...(opts.env ?? {}),
  };
  const nodes: ClusterNode[] = [];
  const add = async (extra: Record<string, string> = {}): Promise<ClusterNode> => {
    // Each process as if on its own machine: a killed owner's lease is then waited out, as across machines
    // (on one machine a restarted process may take a dead neighbour's branches at once).
    const machine = { YINGBIN_NODE_NAME: `machine-${nodes.length + 1}` };
    const { child, port, stderr, stdout } = await spawnYingbin(
      { ...env, ...machine, ...extra },
      [],
      opts.startTimeoutMs ?? 30_000,
      opts.entry,
    );
    const node: ClusterNode = {
      url: `http://127.0.0.1:${port}`,
      port,
      stderr,
      stdout,
      kill: (signal = 'SIGTERM') =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill(signal);
        }),
    };
    nodes.push(node);
    return node;
  };
  // One after another: the first to start takes the branch, which the tests want to know.
  for (let i = 0; i < (opts.processes ?? 3); i++) await add();
  return {
    databaseUrl,
    redisUrl: engines.redis.url,
    configPath: setup.configPath,
    nodes,
    add,
    stop: async () => void (await Promise.all(nodes.map((n) => n.kill('SIGKILL')))),
  };
}

/** The process that plans a branch's clocks now (from /api/v1/health), or undefined. */
export async function ownerOf(cluster: Cluster, branch: string): Promise<ClusterNode | undefined> {
  for (const node of cluster.nodes) {
    try {
      const health = (await (await fetch(`${node.url}/api/v1/health`)).json()) as { ownedBranches?: string[] };
      if (health.ownedBranches?.includes(branch)) return node;
    } catch {
      // a killed process: not the owner
    }
  }
  return undefined;
}
