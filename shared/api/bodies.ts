/**
 * Request bodies and queries of the routes that had them inside the server (devices, pairing, the kiosk's
 * extras, duty, reports): here so the contract, the OpenAPI document and the browsers read the same
 * rules. The visit commands' bodies stay in shared/schemas.ts and shared/commands.ts.
 */
import { z } from 'zod';
import { memberNoSchema, provisionalTicketSchema } from '../schemas.ts';
import { DUTY_STATUSES } from '../socket.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . or -');
const label = z.string().trim().max(100).optional();
const day = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const createDeviceSchema = z.strictObject({ id, role: z.enum(['kiosk', 'wall']), label });
export const issuePairingSchema = z.strictObject({ role: z.enum(['kiosk', 'wall']), label });
export const pairSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'must be the six digits shown on the staff console'),
});

export const ticketVipSchema = z.strictObject({ memberNo: memberNoSchema });
/** The ticket in the path of `POST …/tickets/:ticket/vip`, as the customer reads it off the paper. */
export const ticketParamSchema = z.object({
  ticket: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(
      z.union(
        [z.string().regex(/^[A-Z]{1,3}\d{1,5}$/), provisionalTicketSchema],
        'a ticket is letters then digits, e.g. A003, or a provisional number such as 临-001',
      ),
    ),
});
export const lineStatusQuerySchema = z.object({ visit: z.string().max(64).optional() });

export const callNextSchema = z.strictObject({
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with a time zone' }).optional(),
});
export const dutySchema = z.strictObject({ status: z.enum(DUTY_STATUSES), staffId: id.optional() });

export const dayQuerySchema = z.object({ date: z.iso.date().optional() });

/** A range longer than this is refused: a quarter and a bit is what head office asks for. */
export const MAX_REPORT_DAYS = 400;
export const reportQuerySchema = z
  .object({
    date: day.optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    lang: z.enum(['zh', 'en']).default('zh'),
    revision: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => (q.date !== undefined) !== (q.from !== undefined || q.to !== undefined), {
    message: 'give either date=YYYY-MM-DD or from=…&to=…',
    path: ['date'],
  })
  .refine((q) => q.date !== undefined || (q.from !== undefined && q.to !== undefined), {
    message: 'a range needs both from and to',
    path: ['to'],
  })
  .refine((q) => q.date !== undefined || q.from! <= q.to!, { message: 'from must not be after to', path: ['from'] });

export const importQuerySchema = z.object({
  skipBad: z
    .string()
    .optional()
    .meta({ description: '`true` or `1`: write the good rows of a file that has bad ones' }),
});
