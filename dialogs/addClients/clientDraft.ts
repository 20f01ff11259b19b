import { z } from 'zod';
import type { FlowTurn } from '../../src/bot/guidedFlow';
import { CaseClientSchema } from '../../src/domain/caseFile';
import { GenderSchema } from '../../src/domain/client';
import { ClientDetailsChangeSchema } from '../../src/domain/clientDetails';
import { CaseFileAnswer } from '../caseFileChoice';

const ClientRef = z.object({ clientId: z.string(), givenName: z.string(), familyName: z.string(), birthDate: z.string() });
export type ClientRef = z.infer<typeof ClientRef>;

const NewClientDetails = ClientRef.extend({
  birthDateEstimated: z.boolean(),
  gender: GenderSchema,
  genderDetails: z.string().optional(),
  slk: z.string(),
});
export type NewClientDetails = z.infer<typeof NewClientDetails>;

/**
 * One client being added. `details` survives a switch to an existing client, so going back to the
 * duplicate check shows the new client that was typed.
 */
const Draft = z.object({
  mode: z.enum(['existing', 'new']).optional(),
  existing: ClientRef.optional(),
  details: NewClientDetails.optional(),
  /** A typed full name of three or more words whose family name the user has not yet chosen. */
  nameToSplit: z.string().optional(),
  consentToProvideDetails: z.boolean().optional(),
  consentedForFutureContacts: z.boolean().optional(),
  /** A new client's other DEX details (country, language, address and the rest), from one card. */
  dexDetails: ClientDetailsChangeSchema.optional(),
  referralSourceCode: z.string().optional(),
  primaryReason: z.string().optional(),
  otherReasons: z.array(z.string()).default([]),
});
export type Draft = z.infer<typeof Draft>;

/**
 * `current` is the client being worked on and `pending` those finished in this pass. "Add another" moves
 * `current` into `pending` and asks for the next name. Going back across that point leaves `current` empty;
 * the client steps then edit the last pending client, which moves it back into `current`.
 */
export const AddClientsAnswers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseNotFound: z.string().optional(),
  search: z.string().optional(),
  /** Further names from the user's sentence ("add Joan and Margaret to …"), searched one after another. */
  namesToFind: z.array(z.string()).default([]),
  /** Existing clients the sentence named, each one person for sure: their reasons are asked on one card. */
  named: z.array(ClientRef).default([]),
  current: Draft.default({ otherReasons: [] }),
  pending: z.array(Draft).default([]),
  /** Clients a colleague put on the case file meanwhile, as this user was then shown them (see saveClients). */
  seenOnCase: z.array(CaseClientSchema).default([]),
});
export type AddClientsAnswers = z.infer<typeof AddClientsAnswers>;

export function editing(a: AddClientsAnswers): Draft {
  return a.current.mode ? a.current : (a.pending.at(-1) ?? a.current);
}

/** Applies a change to the client being edited, reopening the last finished one when `current` is empty. */
export function edit(a: AddClientsAnswers, change: Partial<Draft>): Partial<AddClientsAnswers> {
  if (!a.current.mode && a.pending.length) return { current: { ...a.pending.at(-1)!, ...change }, pending: a.pending.slice(0, -1) };
  return { current: { ...a.current, ...change } };
}

export function clientIdOf(d: Draft): string | undefined {
  return d.mode === 'existing' ? d.existing?.clientId : d.details?.clientId;
}

/**
 * Whether the clients the sentence named have had their reasons card answered (or none were named). Until
 * then, the one-by-one questions wait: the named clients go straight to the check unless a name is still to
 * find, and the step count says so.
 */
export function namedClientsAnswered(a: AddClientsAnswers): boolean {
  return a.named.every((n) => a.pending.some((d) => clientIdOf(d) === n.clientId));
}

/** The one-by-one questions (choose, reasons, add another) apply to a name being searched, or once the named clients are answered. */
export function oneByOne(a: AddClientsAnswers): boolean {
  return a.search !== undefined || namedClientsAnswered(a);
}

export function personOf(d: Draft): ClientRef | undefined {
  return d.mode === 'existing' ? d.existing : d.details;
}

export function nameOf(d: Draft): string {
  const p = personOf(d);
  return p ? `${p.givenName} ${p.familyName}` : 'the client';
}

function isComplete(d: Draft): boolean {
  const person = personOf(d);
  if (!person || !d.referralSourceCode || !d.primaryReason) return false;
  return d.mode === 'existing' || (d.consentToProvideDetails !== undefined && d.consentedForFutureContacts !== undefined && d.dexDetails !== undefined);
}

/** Everyone this pass will add: the finished clients, plus the current one once all its questions are answered. */
export function allClients(a: AddClientsAnswers): Draft[] {
  return isComplete(a.current) ? [...a.pending, a.current] : a.pending;
}

/** Who is already on the case file or in this pass, so they are not offered twice. */
export async function taken(turn: FlowTurn<AddClientsAnswers>): Promise<{ onCaseFile: Set<string>; inThisPass: Set<string> }> {
  const a = turn.answers;
  const cf = a.caseFileId ? await turn.services.caseFiles.get(turn.user.organisation.organisationId, a.caseFileId) : undefined;
  const inThisPass = new Set(a.pending.map(clientIdOf).filter((id): id is string => Boolean(id)));
  return { onCaseFile: new Set(cf?.clients.map((c) => c.clientId) ?? []), inThisPass };
}

export function unavailableMessage(name: string, onCaseFile: boolean): string {
  return onCaseFile ? `${name} is already on this case file.` : `${name} is already in the list of clients to add.`;
}
