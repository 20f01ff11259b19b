import { z } from 'zod';

/**
 * One broken rule, in words a user can act on. `code` is stable for programs (tests, analytics, picking a
 * follow-up question); `field` names the input it is about, so a card can show the message beside it;
 * `message` is plain Australian English that names the field and the rule.
 */
export const ProblemSchema = z.object({
  code: z.string().min(1),
  field: z.string().min(1),
  message: z.string().min(1),
  /** For a problem with one item of a list (e.g. a conflicting participant): that item's key. */
  item: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
