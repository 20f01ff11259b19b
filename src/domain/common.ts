import { z } from 'zod';

/** Who did something: the Teams user's stable id (AAD object id when known) and display name. */
export const ActorSchema = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
});
export type Actor = z.infer<typeof ActorSchema>;

/** Timestamps are stored as ISO-8601 strings with offset so the embedded store and MongoDB hold the same thing. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export const IsoDateSchema = z.iso.date();

/** A DEX code from one of the reference lists; membership is checked against the loaded lists, not here. */
export const CodeSchema = z.string().regex(/^[A-Z0-9_]{1,40}$/, 'must be a DEX code such as SELF or MONEY');

export const OrganisationIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a lower-case slug');
