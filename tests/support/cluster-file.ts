/**
 * The life of a cluster test file: one pair of throwaway engines (PostgreSQL, Redis) for the whole file,
 * and after each test its cluster stopped and its screens closed. Vitest's hooks, so a test file's own
 * module only: the benchmarks use tests/support/cluster.ts directly.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startCluster, startEngines, type Cluster, type Engines } from './cluster.ts';
import type { Listener } from './socket.ts';

export interface ClusterFile {
  /** A cluster on the file's engines, stopped after the test. */
  start(opts?: Parameters<typeof startCluster>[1]): Promise<Cluster>;
  /** Screens to close after the test. */
  keep(l: Listener): Listener;
}

export function clusterFile(): ClusterFile {
  let engines: Engines | undefined;
  let cluster: Cluster | undefined;
  const listeners: Listener[] = [];
  beforeAll(async () => {
    engines = await startEngines();
  }, 180_000);
  afterEach(async () => {
    listeners.splice(0).forEach((l) => l.close());
    await cluster?.stop();
    cluster = undefined;
  });
  afterAll(async () => {
    await engines?.stop();
  });
  return {
    async start(opts) {
      if (!engines) throw new Error('the engines did not start (see beforeAll)');
      cluster = await startCluster(engines, opts);
      return cluster;
    },
    keep(l) {
      listeners.push(l);
      return l;
    },
  };
}
