/** Request bodies, validated alike by the server and the browsers. */
import { z } from 'zod';

/** `assistance`: the customer pressed 请工作人员协助 on the kiosk (with `helpRequested`); the others they ticked. */
export const SPECIAL_NEEDS = ['disability', 'pregnant', 'elderly', 'other', 'assistance'] as const;
export type SpecialNeed = (typeof SPECIAL_NEEDS)[number];

/** A member or card number: 6 to 20 digits (spaces allowed while typing, removed before checking). */
export const memberNoSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6,20}$/, 'member number must be 6 to 20 digits'));

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with a time zone' });
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . or -');
const reason = z.string().trim().min(1, 'a reason is required').max(500);

/** A kiosk's provisional number, handed out while offline: 临- and three or four digits. */
export const provisionalTicketSchema = z
  .string()
  .regex(/^临-\d{3,4}$/, 'a provisional ticket is 临- and 3 or 4 digits, e.g. 临-001');

export const checkInSchema = z.strictObject({
  line: id,
  vip: z.strictObject({ memberNo: memberNoSchema.optional() }).nullable().optional(),
  specialNeeds: z.array(z.enum(SPECIAL_NEEDS)).max(SPECIAL_NEEDS.length).optional(),
  occurredAt: isoTime.optional(),
  /** The number a kiosk handed out while the server was away (临-001); kept beside the real ticket. */
  provisionalTicket: provisionalTicketSchema.optional(),
  /**
   * 请工作人员协助 (elder mode): the customer asks for a member of staff now. The visit carries the special
   * need `assistance` (so a rule with `appliesTo: special-needs` starts) and shows at once on every tablet.
   */
  helpRequested: z.literal(true).optional(),
});
export type CheckInBody = z.input<typeof checkInSchema>;

/** A kiosk reporting a kept check-in the server refused for good (POST …/kiosk-refusals). */
export const kioskRefusalSchema = z.strictObject({
  key: z
    .string()
    .min(8)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, "must be the kept check-in's idempotency key"),
  provisionalTicket: provisionalTicketSchema,
  checkIn: checkInSchema.safeExtend({ occurredAt: isoTime }),
  refusal: z.strictObject({
    status: z.number().int().min(400).max(499),
    code: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9-]+$/, 'must be an error code such as hall-closed'),
    message: z.string().max(500),
  }),
});

export const vipSchema = z.strictObject({ memberNo: memberNoSchema.optional(), occurredAt: isoTime.optional() });
export const actionSchema = z.strictObject({ occurredAt: isoTime.optional() });
export const correctLineSchema = z.strictObject({ line: id, occurredAt: isoTime.optional() });
export const callSchema = z.strictObject({ counter: id, occurredAt: isoTime.optional() });
export const startSchema = z.strictObject({ counter: id.optional(), occurredAt: isoTime.optional() });
export const transferSchema = z
  .strictObject({ toStaff: id.optional(), toLine: id.optional(), reason, occurredAt: isoTime.optional() })
  .refine((b) => (b.toStaff === undefined) !== (b.toLine === undefined), {
    message: 'give exactly one of toStaff or toLine',
    path: ['toStaff'],
  });
export const correctSchema = z.strictObject({ eventId: z.number().int().positive(), reason });
export const loginSchema = z.strictObject({
  staffId: id,
  pin: z.string().regex(/^\d{4,8}$/, 'PIN must be 4 to 8 digits'),
});
export const visitsQuerySchema = z.object({
  state: z.enum(['open', 'all']).default('open'),
  date: z.iso.date().optional(),
});

/** Turns a zod failure into the field it names and why, for a 400. */
export function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
  return { field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}
