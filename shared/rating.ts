/**
 * A customer's rating of a finished visit (DESIGN §9): 1–5 stars, a few quick tags and an optional
 * comment, given once — from the phone's status page or on a counter tablet's 请您评价 screen.
 */
import { z } from 'zod';

/** The quick tags a customer may tick, in the order screens show them: ids are stored, words shown. */
export const RATING_TAGS = [
  { id: 'long-wait', zh: '等待久', en: 'Long wait' },
  { id: 'friendly', zh: '态度好', en: 'Friendly staff' },
  { id: 'clear', zh: '讲解清楚', en: 'Clearly explained' },
  { id: 'quick', zh: '办理快', en: 'Quickly done' },
  { id: 'pleasant-hall', zh: '环境好', en: 'Pleasant hall' },
  { id: 'unclear', zh: '讲解不清', en: 'Not clearly explained' },
] as const;
export type RatingTag = (typeof RATING_TAGS)[number]['id'];
const TAG_IDS = RATING_TAGS.map((t) => t.id) as [RatingTag, ...RatingTag[]];

/** Where the rating was given: the customer's phone (status link) or a counter tablet. */
export type RatingVia = 'phone' | 'counter';

/** The longest comment kept: enough for a complaint, too short for an essay pasted in. */
const MAX_RATING_COMMENT = 500;

/** `POST /api/v1/status/:token/rating` (and the counter's screen): stars, tags, a comment. */
export const ratingSchema = z.strictObject({
  score: z.number().int().min(1).max(5),
  tags: z
    .array(z.enum(TAG_IDS))
    .max(TAG_IDS.length)
    .default([])
    .transform((tags) => [...new Set(tags)]),
  comment: z
    .string()
    .trim()
    .max(MAX_RATING_COMMENT)
    .nullish()
    .transform((c) => (c ? c : null)),
});
export type RatingBody = z.output<typeof ratingSchema>;

/** A visit's rating as the fold keeps it (payload of the `rated` event, plus when it was given). */
export interface Rating {
  score: number;
  tags: string[];
  comment: string | null;
  at: string;
  via: RatingVia;
}

/** Why a visit cannot be rated now (409), or null: only a completed visit, and only once. */
export function ratingRefusal(v: {
  state: string;
  rating: unknown;
}): { code: 'already-rated' | 'not-served'; message: string } | null {
  if (v.rating !== null) return { code: 'already-rated', message: 'this visit has been rated already' };
  if (v.state !== 'completed')
    return { code: 'not-served', message: 'a visit can be rated once its service is completed' };
  return null;
}
