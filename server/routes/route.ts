/**
 * Registers a route of the contract (shared/api/routes.ts) on a router: the path and method come from the
 * contract, the body and query are read by its schemas, and the handler's reply is typed by it. What is
 * checked first stays the handler's choice (who may ask is checked before a body is read), so `body()` and
 * `query()` are calls, not fields.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth.ts';
import { badRequest } from '../errors.ts';
import type { Idempotency, Reply } from '../hall.ts';
import { requestHash } from '../hall.ts';
import type { ParamsOf, RouteSpec } from '../../shared/api/contract.ts';
import { describeIssue } from '../../shared/schemas.ts';

/** Reads `value` with `schema`; a value that does not fit is a 400 `invalid` naming the field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const { field, message } = describeIssue(r.error);
    throw badRequest('invalid', message, field);
  }
  return r.data;
}

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

/** The command's Idempotency-Key with a hash of what it asks, so a retry gets the first reply. */
export function idempotency(req: Request, asked: unknown = req.body): Idempotency | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw badRequest(
      'invalid-idempotency-key',
      'Idempotency-Key: 1 to 200 visible ASCII characters',
      'Idempotency-Key',
    );
  }
  // Scoped to who sends it in which branch: another kiosk's or another hall's key is another command.
  const p = req.res ? principalOf(req.res) : null;
  return {
    branch: String(req.params.branch ?? ''),
    principal: p ? `${p.kind}:${p.id}` : 'anonymous',
    key,
    requestHash: requestHash(`${req.method} ${req.originalUrl}`, asked),
  };
}

type BodyRead<S extends RouteSpec> = S['body'] extends z.ZodType
  ? z.output<S['body']>
  : S['body'] extends 'csv'
    ? string
    : never;
type QueryRead<S extends RouteSpec> = S['query'] extends z.ZodType ? z.output<S['query']> : never;
/** What the handler hands back: the reply as the contract writes it (before its schema's transforms). */
type ReplyWritten<S extends RouteSpec> = S['reply'] extends z.ZodType ? z.input<S['reply']> : never;

const ANSWER = Symbol('answer');
/** A reply with its own status, a command's stored reply, or a response the handler wrote itself. */
interface Answer {
  [ANSWER]: true;
  status?: number;
  body?: unknown;
}
const answer = (status?: number, body?: unknown): Answer => ({ [ANSWER]: true, status, body });

/** Function-typed fields, not methods: handlers take them apart (`({ params, body }) => …`). */
export interface RouteContext<S extends RouteSpec> {
  req: Request;
  res: Response;
  params: ParamsOf<S['path']> & Record<string, string>;
  /** The body read by the contract's schema (a 400 naming the field when it does not fit). */
  body: () => BodyRead<S>;
  /** The query read by the contract's schema. */
  query: () => QueryRead<S>;
  /** The reply with another status than the route's usual one (a repeated report: 200 instead of 201). */
  reply: (status: number, body: ReplyWritten<S>) => Answer;
  /** A command's reply from the hall: its status and the visit, or the stored first reply of a retry. */
  replay: (r: Reply) => Answer;
  /** The handler wrote the response itself (a CSV, a script, a 422 with the result). */
  sent: () => Answer;
}

/** A JSON route must answer its reply (or an Answer); a 204, CSV or script route answers nothing or an Answer. */
type HandlerOut<S extends RouteSpec> = S['reply'] extends z.ZodType ? ReplyWritten<S> | Answer : Answer | void;
export type RouteHandler<S extends RouteSpec> = (ctx: RouteContext<S>) => HandlerOut<S> | Promise<HandlerOut<S>>;

const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && ANSWER in x;

/** `route(r, api.greet, handler)`: the contract's method and path on `r`, after any `before` middleware. */
export function route<S extends RouteSpec>(
  r: Router,
  spec: S,
  handler: RouteHandler<S>,
  before: RequestHandler[] = [],
): void {
  const register = spec.method === 'GET' ? r.get.bind(r) : r.post.bind(r);
  register(spec.path, ...before, async (req: Request, res: Response) => {
    const ctx: RouteContext<S> = {
      req,
      res,
      params: req.params as ParamsOf<S['path']> & Record<string, string>,
      body: () => readBody(spec, req) as BodyRead<S>,
      query: () => parse(spec.query!, req.query) as QueryRead<S>,
      reply: (status, body) => answer(status, body),
      replay: (reply) => answer(reply.status, reply.body),
      sent: () => answer(),
    };
    const out = await handler(ctx);
    if (isAnswer(out)) {
      if (out.status === undefined) return; // sent by the handler
      res.status(out.status).json(out.body);
    } else if (spec.reply === 'none') {
      res.status(spec.status ?? 204).end();
    } else if (typeof spec.reply === 'object') {
      res.status(spec.status ?? 200).json(out);
    } // a CSV or a script: the handler wrote it
  });
}

function readBody(spec: RouteSpec, req: Request): unknown {
  if (spec.body === 'csv') {
    if (typeof req.body !== 'string') {
      throw badRequest('invalid', 'the body must be a CSV file sent as Content-Type: text/csv', 'body');
    }
    return req.body;
  }
  return spec.body ? parse(spec.body, req.body ?? {}) : undefined;
}
