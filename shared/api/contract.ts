/**
 * The shape of one REST route, written once: method, path, who may call it, what it reads and what it
 * answers. The server registers its handlers through it (server/routes/route.ts), the browsers call through
 * it (shared/browser/api.ts), and GET /api/v1/openapi.json is generated from it (shared/api/openapi.ts).
 */
import type { z } from 'zod';
import type { ErrorCode } from './errors.ts';

export type Method = 'GET' | 'POST';

/** What the body is: JSON read by a zod schema, or a CSV file sent as text/csv. */
export type BodySpec = z.ZodType | 'csv';

/** What a success answers: JSON of a zod schema, a CSV or a script, or nothing (204). */
export type ReplySpec = z.ZodType | 'csv' | 'javascript' | 'none';

export interface RouteSpec {
  method: Method;
  /** Express style, under /api/v1: `/branches/:branch/visits/:id/greet`. */
  path: string;
  summary: string;
  /** Who may call it, in a hall manager's words. */
  who: string;
  query?: z.ZodType;
  body?: BodySpec;
  reply: ReplySpec;
  /** The success status (200 unless said). */
  status?: number;
  /** Other success statuses the route may answer with the same reply (an idempotent retry's 200, say). */
  alsoStatus?: readonly number[];
  /** The refusals this route gives besides those of every route (unauthorized, forbidden, invalid, …). */
  errors: readonly ErrorCode[];
  /** Accepts an Idempotency-Key header: the same key and body returns the first reply, writes nothing. */
  idempotent?: boolean;
}

/** Keeps the literal types of a route (its path above all) for the server helper and the client. */
export const defineRoute = <const S extends RouteSpec>(spec: S): S => spec;

/** `{branch: string, id: string}` from `/branches/:branch/visits/:id`. */
export type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : unknown;

/** The body a caller sends (before the schema's transforms). */
export type BodyOf<S extends RouteSpec> = S extends { body: infer B extends z.ZodType }
  ? z.input<B>
  : S extends { body: 'csv' }
    ? string
    : undefined;

/** The query a caller sends. */
export type QueryOf<S extends RouteSpec> = S extends { query: infer Q extends z.ZodType } ? z.input<Q> : undefined;

/** What a success answers, as the caller reads it. */
export type ReplyOf<S extends RouteSpec> = S extends { reply: infer R extends z.ZodType }
  ? z.output<R>
  : S extends { reply: 'none' }
    ? null
    : string;

/** The path's parameter names, in order. */
export function paramNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** `/branches/:branch` → `/branches/{branch}` (OpenAPI's way of writing the same path). */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The path with its parameters filled in (each one URL-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
