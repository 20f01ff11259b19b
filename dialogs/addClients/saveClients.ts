import { clientsAddedCard, clientsReviewBody, type ReviewedClient } from '../../cards/clientCards';
import type { CardElement } from '../../cards/cardKit';
import type { FlowTurn, SaveResult } from '../../src/bot/guidedFlow';
import { CASE_CLIENTS, changeCaseClients, type ChangeContext } from '../../src/domain/caseFileOperations';
import type { CaseClient } from '../../src/domain/caseFile';
import { diffList, LIST_CONFLICT, rebaseShown } from '../../src/domain/listChange';
import { ClientSchema, type Client } from '../../src/domain/client';
import { changeContext } from '../changeContext';
import { allClients, clientIdOf, nameOf, personOf, type AddClientsAnswers as Answers, type Draft } from './clientDraft';
import { birthYear, bornText, label } from './stepSupport';
import { detailRows } from '../clientDetails/detailRows';

function reviewed(turn: FlowTurn<Answers>, d: Draft): ReviewedClient {
  const others = d.otherReasons.map((k) => label(turn, 'reasonForAssistance', k)).join(', ') || 'none';
  const reasonRows: [string, string][] = [
    ['Referral source', label(turn, 'referralSource', d.referralSourceCode)],
    ['Main reason', label(turn, 'reasonForAssistance', d.primaryReason)],
    ['Other reasons', others],
  ];
  if (d.mode === 'existing') return { name: nameOf(d), isNew: false, rows: [['Born', birthYear(d.existing!.birthDate)], ...reasonRows] };
  const n = d.details!;
  return {
    name: nameOf(d),
    isNew: true,
    rows: [
      ['Born', bornText(n.birthDate, n.birthDateEstimated)],
      ['Gender', label(turn, 'gender', n.gender) + (n.genderDetails ? ` (${n.genderDetails})` : '')],
      ['SLK', n.slk],
      ['Consent to provide details', d.consentToProvideDetails ? 'Yes' : 'No'],
      ['Future contact', d.consentedForFutureContacts ? 'Yes' : 'No'],
      ...detailRows(turn.services.referenceData, d.dexDetails ?? {}),
      ...reasonRows,
    ],
  };
}

function toCaseClient(d: Draft, ctx: ChangeContext): CaseClient {
  return {
    clientId: personOf(d)!.clientId,
    ...(d.referralSourceCode ? { referralSourceCode: d.referralSourceCode } : {}),
    reasons: [{ code: d.primaryReason!, isPrimary: true }, ...d.otherReasons.map((code) => ({ code, isPrimary: false }))],
    addedAt: ctx.now.toISO()!,
    addedBy: ctx.actor,
  };
}

async function createNewClients(turn: FlowTurn<Answers>, entries: Draft[]): Promise<string | undefined> {
  const ctx = changeContext(turn);
  const org = turn.user.organisation;
  for (const d of entries) {
    if (d.mode !== 'new') continue;
    const n = d.details!;
    const client: Client = ClientSchema.parse({
      organisationId: org.organisationId,
      clientId: n.clientId,
      givenName: n.givenName,
      familyName: n.familyName,
      birthDate: n.birthDate,
      birthDateEstimated: n.birthDateEstimated,
      gender: n.gender,
      genderDetails: n.genderDetails,
      slk: n.slk,
      consentToProvideDetails: d.consentToProvideDetails,
      consentedForFutureContacts: d.consentedForFutureContacts,
      ...d.dexDetails,
      createdAt: ctx.now.toISO(),
      createdBy: ctx.actor,
    });
    if (await turn.services.clients.insert(client)) continue;
    // The id was fixed when the details were typed, so finding it taken by the same person means an earlier
    // attempt of this save already created them.
    const stored = await turn.services.clients.get(org.organisationId, n.clientId);
    if (stored?.slk !== n.slk) {
      return `Could not create ${n.givenName} ${n.familyName}: the client id made for them, ${n.clientId}, is already used by another client. Type **cancel** and add them again, which makes a new id.`;
    }
  }
  return undefined;
}

export async function reviewClients(turn: FlowTurn<Answers>): Promise<CardElement[]> {
  return clientsReviewBody(
    turn.answers.caseFileName ?? 'the case file',
    allClients(turn.answers).map((d) => reviewed(turn, d)),
  );
}

export async function saveClients(turn: FlowTurn<Answers>, operationId: string): Promise<SaveResult<Answers>> {
  const a = turn.answers;
  const org = turn.user.organisation;
  const entries = allClients(a);
  if (entries.length === 0) return { ok: false, message: 'There are no clients to add yet.', stepId: 'search' };
  const problem = await createNewClients(turn, entries);
  if (problem) return { ok: false, message: problem };
  const ctx = changeContext(turn);
  // Only this user's clients change: a client a colleague added meanwhile with the same answers is left as
  // it is; with other answers the summary says so first (`seenOnCase` then holds what the user was shown).
  // A run saved in dialog state before this field existed has none.
  const seen = a.seenOnCase ?? [];
  const mine = entries.map((d) => toCaseClient(d, ctx));
  const submitted = [...seen.filter((s) => !mine.some((m) => m.clientId === s.clientId)), ...mine];
  const change = diffList(seen, submitted, CASE_CLIENTS);
  const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) => changeCaseClients(cf, change, ctx), operationId);
  if (!result.ok) {
    const conflicts = result.problems.filter((p) => p.code === LIST_CONFLICT).map((p) => p.item!);
    if (conflicts.length === 0) return { ok: false, message: result.problems.map((p) => p.message).join(' ') };
    const stored = (await turn.services.caseFiles.get(org.organisationId, a.caseFileId!))?.clients ?? [];
    const names = entries
      .filter((d) => conflicts.includes(clientIdOf(d)!))
      .map(nameOf)
      .join(', ');
    return {
      ok: false,
      message: `Not saved yet: a colleague added ${names} to this case file after you started, with a different referral source or reasons. Choose **Save** to replace theirs with yours, **Back** to change yours, or **Cancel** to keep theirs.`,
      answers: { seenOnCase: rebaseShown(seen, stored, conflicts, CASE_CLIENTS) },
    };
  }
  const cf = result.value;
  return { ok: true, reply: { card: clientsAddedCard(cf.caseFileId, cf.name, entries.map(nameOf), cf.clients.length) } };
}
