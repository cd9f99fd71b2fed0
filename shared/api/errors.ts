/**
 * Every refusal the API can answer with, by its stable code. The pages translate the code (the zh and en
 * catalogues are typed against this list, so a code without words in both fails to compile); integrators
 * read the same list in the OpenAPI document.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  // the browser's own: the server could not be reached, or answered with something other than JSON
  'network',
  'internal',
  'store-unavailable',
  'invalid',
  'unauthorized',
  'forbidden',
  'locked',
  'wrong-pin',
  'id-in-use',
  'unknown-line',
  'unknown-counter',
  'unknown-staff',
  'unknown-visit',
  'hall-closed',
  'visit-ended',
  'already-greeted',
  'already-vip',
  'not-waiting',
  'not-called',
  'not-serving',
  'already-serving',
  'same-line',
  'same-owner',
  'idempotency-key-reused',
  'too-large',
  'rate-limited',
  'queue-empty',
  'occurred-after-receipt',
  'occurred-before-arrival',
  'occurred-before-latest',
  'not-disputed',
  'not-found',
  'bad-request',
  'invalid-json',
  'invalid-idempotency-key',
  'unknown-action',
  'unknown-branch',
  'unknown-region',
  'unknown-ticket',
  'unknown-event',
  'unknown-alert',
  'unknown-device',
  'unknown-revision',
  'cannot-void-check-in',
  'already-acknowledged',
  'already-revoked',
  'device-exists',
  'configured-device',
  'future-time',
  'stale-time',
  'invalid-csv',
  'bad-rows',
  'unknown-pairing-code',
  'pairing-code-expired',
  'pairing-code-used',
  'unknown-import',
  'already-rated',
  'not-served',
  'unknown-channel',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The words of every error code in one language: a missing or extra code is a compile error. */
export type ErrorTexts = Record<`error.${ErrorCode}`, string>;

/** `{error: {code, message, field?}}`: every 4xx and 5xx the API sends. Some refusals add a figure. */
export const errorReplySchema = z
  .object({
    error: z
      .object({
        code: z.enum(ERROR_CODES),
        message: z.string(),
        field: z.string().optional(),
        attemptsLeft: z.number().int().optional(),
        retryAfterMs: z.number().int().optional(),
      })
      .meta({ description: 'a stable code the pages translate, and the reason in English' }),
  })
  .meta({ title: 'Error' });
export type ErrorReply = z.infer<typeof errorReplySchema>;
