/**
 * Status links (DESIGN §9): a token of 144 random bits names one visit until the branch's close of that day.
 * The token is the only secret between the customer's phone and their visit, so it is never logged.
 */
import { randomBytes } from 'node:crypto';
import type { Sql } from '../store/sql.ts';

/** 18 bytes = 144 bits (≥ 128 asked), 24 base64url characters: no padding to trip a QR reader or a URL. */
const TOKEN_BYTES = 18;
/** What a token can look like: anything else is unknown before the store is asked. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22,64}$/;

export interface StatusLink {
  token: string;
  visitId: string;
  branch: string;
  expiresAt: number;
}

/** The path printed on the ticket, relative to wherever the hall serves Yingbin. */
export const statusPath = (token: string) => `/s/${token}`;

export class StatusLinks {
  constructor(private readonly sql: Sql) {}

  /** A new link for a visit, in the caller's transaction (the check-in's). */
  async issue(visitId: string, branch: string, expiresAt: number): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await this.sql.run('INSERT INTO status_links (token, visit_id, branch, expires_at) VALUES (?, ?, ?, ?)', [
      token,
      visitId,
      branch,
      expiresAt,
    ]);
    return token;
  }

  /** The link a token names while it lives; undefined for an unknown, malformed or expired one (all a plain 404). */
  async find(token: string, now: number): Promise<StatusLink | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const r = await this.sql.get<{ token: string; visitId: string; branch: string; expiresAt: number | string }>(
      'SELECT token, visit_id AS "visitId", branch, expires_at AS "expiresAt" FROM status_links WHERE token = ?',
      [token],
    );
    if (!r || now >= Number(r.expiresAt)) return undefined;
    return { token: r.token, visitId: r.visitId, branch: r.branch, expiresAt: Number(r.expiresAt) };
  }
}
