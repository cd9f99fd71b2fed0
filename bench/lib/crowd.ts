/** Many socket clients spread over a few child processes, so no one process is what lags. */
import { startChild, type Child } from './child.ts';

export interface Stamps {
  /** Pairs (due instant, received at), flat, from every client. */
  alerts: number[];
  /** Pairs (visit arrival instant, received at), flat, from every client. */
  visits: number[];
}

export class Crowd {
  private constructor(private readonly children: Child[]) {}

  static async connect(url: string, tokens: string[], processes = 2): Promise<Crowd> {
    const children = Array.from({ length: processes }, () => startChild('clients/sockets.ts'));
    const crowd = new Crowd(children);
    try {
      const share = Math.ceil(tokens.length / processes);
      await Promise.all(
        children.map((c, i) => c.request({ type: 'connect', url, tokens: tokens.slice(i * share, (i + 1) * share) })),
      );
    } catch (e) {
      await crowd.close();
      throw e;
    }
    return crowd;
  }

  async collect(): Promise<Stamps & { connected: number }> {
    const parts = await Promise.all(
      this.children.map((c) => c.request<Stamps & { connected: number }>({ type: 'collect' })),
    );
    return {
      alerts: parts.flatMap((p) => p.alerts),
      visits: parts.flatMap((p) => p.visits),
      connected: parts.reduce((n, p) => n + p.connected, 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => c.close()));
  }
}

/** Latencies (received − reference) from flat pairs, with the reference of each. */
export function pairs(flat: number[]): { ref: number; latency: number }[] {
  const out: { ref: number; latency: number }[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ ref: flat[i]!, latency: flat[i + 1]! - flat[i]! });
  return out;
}
