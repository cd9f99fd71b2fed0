/**
 * The OpenAPI 3.1 document of the REST contract, generated from it (served at GET /api/v1/openapi.json):
 * what an integrator — a WeCom bot, head office's BI — needs without reading our code. Pure: the same
 * contract gives the same document.
 */
import { z } from 'zod';
import { paramNames, openApiPath, type RouteSpec } from './contract.ts';
import { ERROR_CODES, errorReplySchema, type ErrorCode } from './errors.ts';

/** Refusals any route may give: sign-in, roles, limits, a body that cannot be read, the store out of reach. */
const COMMON_ERRORS = [
  'unauthorized',
  'forbidden',
  'invalid',
  'invalid-json',
  'bad-request',
  'too-large',
  'not-found',
  'store-unavailable',
  'internal',
] as const satisfies readonly ErrorCode[];

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (2020-12, the dialect of OpenAPI 3.1) of a zod schema as a caller writes it. Replies are written
 * this way too: without zod's `additionalProperties: false` of parsed output, so a field added later breaks
 * no integrator.
 */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const MEDIA: Record<Exclude<RouteSpec['reply'], z.ZodType>, string> = {
  csv: 'text/csv',
  javascript: 'text/javascript',
  none: '',
};

function operation(name: string, spec: RouteSpec) {
  const parameters: JsonSchema[] = paramNames(spec.path).map((p) => ({
    name: p,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (spec.query) {
    const q = jsonSchema(spec.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [p, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name: p, in: 'query', required: q.required?.includes(p) ?? false, schema });
    }
  }
  if (spec.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'the same key and body returns the first reply and writes nothing; another body is a 409',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
    });
  }
  const body =
    spec.body === undefined
      ? undefined
      : spec.body === 'csv'
        ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
        : { required: false, content: { 'application/json': { schema: jsonSchema(spec.body) } } };
  const content =
    typeof spec.reply === 'object'
      ? { 'application/json': { schema: jsonSchema(spec.reply) } }
      : spec.reply === 'none'
        ? undefined
        : { [MEDIA[spec.reply]]: { schema: { type: 'string' } } };
  const success: Record<string, unknown> = {};
  for (const status of [spec.status ?? (spec.reply === 'none' ? 204 : 200), ...(spec.alsoStatus ?? [])]) {
    success[String(status)] = { description: spec.summary, ...(content ? { content } : {}) };
  }
  const codes = [...new Set<ErrorCode>([...spec.errors, ...COMMON_ERRORS])];
  return {
    operationId: name,
    summary: spec.summary,
    description: `Who: ${spec.who}. Refusals: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    ...(spec.who.startsWith('anyone') ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: {
      ...success,
      default: {
        description: 'a refusal (4xx) or a failure (5xx): `{error: {code, message, field?}}`',
        content: { 'application/json': { schema: errorSchemaOf(codes) } },
      },
    },
  };
}

function errorSchemaOf(codes: ErrorCode[]): JsonSchema {
  const schema = jsonSchema(errorReplySchema) as {
    properties: { error: { properties: { code: JsonSchema } } };
  };
  schema.properties.error.properties.code = { type: 'string', enum: codes };
  return schema;
}

export function openApiDocument(routes: Record<string, RouteSpec>): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(routes)) {
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(name, spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Yingbin 迎宾 API',
      version: '1',
      description:
        'The queue and reception-SLA monitor of a service hall. JSON under /api/v1; `Authorization: Bearer <token>` ' +
        '(a staff session from POST /auth/login, or a device token). Every refusal is `{error: {code, message, field?}}` ' +
        'with a stable code; a malformed body is a 400 naming the field, an illegal transition a 409; neither writes anything.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: { ...jsonSchema(errorReplySchema), description: `codes: ${ERROR_CODES.join(', ')}` },
      },
    },
    paths,
  };
}
