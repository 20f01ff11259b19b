import { z } from 'zod';
import { ParticipantSchema } from '../../src/domain/session';
import { SessionReference } from '../../src/domain/sessionListing';
import { fuzzyFind } from '../../src/search/fuzzyMatch';
import { CaseFileAnswer, CaseFileStartOptions } from '../caseFileChoice';

export const ParticipationCode = z.enum(['CLIENT', 'SUPPORT']);
export type ParticipationCode = z.infer<typeof ParticipationCode>;

/** One chosen participant as the flow builds them up; referral purposes are kept per kind. */
export const Assignment = z.object({
  clientId: z.string(),
  name: z.string(),
  participationCode: ParticipationCode.default('CLIENT'),
  internal: z.array(z.string()).default([]),
  external: z.array(z.string()).default([]),
});
export type Assignment = z.infer<typeof Assignment>;

export const AssignParticipantsAnswers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseFileNotFound: z.string().optional(),
  /** What the sentence said, kept so it can be applied again if the user picks another case file. */
  namesSaid: z.array(z.string()).default([]),
  everyone: z.boolean().default(false),
  /** The session the sentence named: "last session", "last week's session", "the 15 Oct session". */
  sessionSaid: SessionReference.optional(),
  sessionId: z.string().optional(),
  suggestedSessionId: z.string().optional(),
  /** Undefined until the participants are known; then `assignments` holds one entry per participant. */
  clientIds: z.array(z.string()).optional(),
  preselected: z.array(z.string()).default([]),
  /** Names from the sentence that fit no client, or several. */
  namesUnclear: z.array(z.string()).default([]),
  assignments: z.array(Assignment).default([]),
  /**
   * The session's participants as this user was shown them (by the participants card, or, when the
   * sentence named everyone, those named who were already in), for `shownFor`. The save applies only the
   * difference between this and `assignments`, so what a colleague did meanwhile is kept.
   */
  shown: z.array(ParticipantSchema).default([]),
  shownFor: z.string().optional(),
  /** For a large group, who was referred, so only they get referral questions. */
  referredIds: z.array(z.string()).optional(),
  /** "make Alice a support person": the role the sentence gave the people it named, shown ready on the role card. */
  participationSaid: ParticipationCode.optional(),
});
export type Answers = z.infer<typeof AssignParticipantsAnswers>;

export const AssignStartOptions = CaseFileStartOptions.extend({
  sessionId: z.string().optional(),
  names: z.array(z.string()).optional(),
  everyone: z.boolean().optional(),
  session: SessionReference.optional(),
  participation: ParticipationCode.optional(),
});
export type StartOptions = z.infer<typeof AssignStartOptions>;

export type NamedClient = { clientId: string; name: string };
export type CaseClientListing = NamedClient & { birthYear: string };

/**
 * Which client a typed name means. The full name, or one word of it (a given or family name), that fits
 * exactly one client wins; otherwise a single close (typo-tolerant) match that no word of the name points
 * away from; otherwise nobody, and the user picks from the list.
 */
export function clientNamed<C extends NamedClient>(said: string, clients: C[]): C | undefined {
  const q = said.trim().toLowerCase();
  const words = (c: C) => c.name.toLowerCase().split(/\s+/);
  const exact = clients.filter((c) => c.name.toLowerCase() === q || words(c).includes(q));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const close = fuzzyFind(
    q,
    clients.map((c) => ({ ...c, key: c.clientId, label: c.name, extra: words(c) })),
    2,
  );
  if (close.length !== 1) return undefined;
  // "margaret betty" (two people typed without a comma) is close to Margaret Nguyen alone; a word that is
  // exactly another client's name and not this one's means the words name someone else too, so nobody is
  // guessed and the user picks, rather than Betty being silently left out.
  const found = close[0]!;
  const own = new Set(words(found));
  const othersWords = new Set(clients.filter((c) => c.clientId !== found.clientId).flatMap(words));
  return q.split(/\s+/).some((w) => !own.has(w) && othersWords.has(w)) ? undefined : found;
}
