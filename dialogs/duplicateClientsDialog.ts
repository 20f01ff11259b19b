import { z } from 'zod';
import { duplicateClientsCard, duplicateClientsListCard, type ClientSide } from '../cards/duplicateClientsCards';
import type { Command } from '../src/bot/commands';
import type { Prompt } from '../src/bot/guidedFlow';
import { CLIENT_ID_MAX, type Client } from '../src/domain/client';
import { describeMissing, missingClientDetails } from '../src/domain/clientDetails';
import { formatAuDate } from '../src/domain/dateFormat';
import { DateTime } from 'luxon';
import type { Services } from '../src/services';
import { OneTurnAnswer, type AnswerTurn } from './oneTurnAnswer';

export const REVIEW_DUPLICATES_COMMAND = 'reviewDuplicateClients' as const;

const Options = z.object({ clientId: z.string().min(1).max(CLIENT_ID_MAX), otherClientId: z.string().min(1).max(CLIENT_ID_MAX) });

async function side(turn: AnswerTurn, c: Client): Promise<ClientSide> {
  const ref = turn.services.referenceData;
  const caseFiles = await turn.services.caseFiles.listForClient(c.organisationId, c.clientId);
  const missing = missingClientDetails(c);
  const address = c.residentialAddress ? `${c.residentialAddress.suburb} ${c.residentialAddress.state} ${c.residentialAddress.postcode}` : '';
  return {
    name: `${c.givenName} ${c.familyName}`,
    rows: [
      ['Client id', c.clientId],
      ['Born', c.birthDateEstimated ? `about ${c.birthDate.slice(0, 4)}` : formatAuDate(DateTime.fromISO(c.birthDate))],
      ['Gender', ref.labelOf('gender', c.gender) ?? c.gender],
      ['Country of birth', c.countryOfBirthCode ? (ref.labelOf('country', c.countryOfBirthCode) ?? c.countryOfBirthCode) : ''],
      ['Lives in', address],
      ['Created', `${formatAuDate(DateTime.fromISO(c.createdAt, { setZone: true }))} by ${c.createdBy.name}`],
      ['Missing for DEX', missing.length ? describeMissing(missing) : 'nothing'],
    ],
    caseFiles: caseFiles.map((f) => `${f.name} (${f.caseId})`),
  };
}

/** Every group of the organisation's clients sharing an SLK, each with a button comparing its first two. */
async function listAll(turn: AnswerTurn): Promise<Prompt> {
  const listing = await turn.services.clients.listForSearch(turn.user.organisation.organisationId);
  const bySlk = new Map<string, typeof listing>();
  for (const c of listing) bySlk.set(c.slk, [...(bySlk.get(c.slk) ?? []), c]);
  const groups = [...bySlk.values()].filter((g) => g.length > 1);
  if (groups.length === 0) return { text: 'No two clients of your organisation share an SLK.' };
  return {
    card: duplicateClientsListCard(
      groups.slice(0, 10).map((g) => ({
        names: g.map((c) => `${c.givenName} ${c.familyName} (${c.clientId})`).join(', '),
        args: { clientId: g[0]!.clientId, otherClientId: g[1]!.clientId },
      })),
      groups.length,
    ),
  };
}

async function answer(turn: AnswerTurn, raw: Record<string, unknown>): Promise<Prompt> {
  const parsed = Options.safeParse(raw);
  if (!parsed.success) return listAll(turn);
  const org = turn.user.organisation.organisationId;
  const [a, b] = await Promise.all([turn.services.clients.get(org, parsed.data.clientId), turn.services.clients.get(org, parsed.data.otherClientId)]);
  if (!a || !b) return { text: 'One of those clients is no longer in your client list, so there is nothing to compare.' };
  if (a.slk !== b.slk) return { text: `${a.givenName} ${a.familyName} and ${b.givenName} ${b.familyName} no longer share an SLK: nothing to review.` };
  const advice =
    'If they are the same person, merge them: every case file, session and referral of one record moves to the other. ' +
    'If they are two people (twins with similar names, for example), check the spelling of the names and the birth dates: the SLK is built from them.';
  const canMerge = turn.user.role !== 'viewer' && turn.hasCommand('mergeClients') && !a.mergedInto && !b.mergedInto;
  return {
    card: duplicateClientsCard(
      a.slk,
      [await side(turn, a), await side(turn, b)],
      advice,
      canMerge ? { clientId: a.clientId, otherClientId: b.clientId } : undefined,
    ),
  };
}

export function reviewDuplicateClientsCommand(services: Services): Command<'reviewDuplicateClients'> {
  return {
    id: REVIEW_DUPLICATES_COMMAND,
    title: 'Review two clients with the same SLK',
    description: 'Two clients of your organisation share a statistical linkage key: see both side by side, with their case files.',
    example: 'duplicate clients',
    writes: false,
    args: Options.partial(),
    dialog: new OneTurnAnswer(REVIEW_DUPLICATES_COMMAND, services, answer),
  };
}
