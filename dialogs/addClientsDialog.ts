import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  anotherClientCard,
  clientMatchesCard,
  clientsAddedCard,
  clientsReviewBody,
  newClientCheckCard,
  newClientForm,
  noCaseFilesCard,
  reasonsForm,
  type ClientChoice,
  type PendingClient,
  type ReviewedClient,
} from '../cards/clientCards';
import type { Choice } from '../cards/cardKit';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type Accepted, type FlowDefinition, type FlowStep, type FlowTurn } from '../src/bot/guidedFlow';
import { SKIP_WORDS, textStep, type Option } from '../src/bot/stepKit';
import { addCaseClients, type NewCaseClient } from '../src/domain/caseFileOperations';
import { ClientSchema, GenderSchema, type Client } from '../src/domain/client';
import { findClients, likelyDuplicates, type ClientLike } from '../src/domain/clientMatching';
import { formatAuDate, parseBirthDateOrYear } from '../src/domain/dates';
import { generateClientId } from '../src/domain/identifiers';
import { fail } from '../src/domain/outcome';
import type { CodeListName } from '../src/domain/referenceData';
import { checkFreeText, checkReasons } from '../src/domain/rules';
import { computeSlk } from '../src/domain/slk';
import { matchChoice } from '../src/search/fuzzyMatch';
import type { Services } from '../src/services';
import { CaseFileAnswer, CaseFileStartOptions, caseFileStep, resolveCaseFile } from './caseFileChoice';
import { changeContext } from './flowSupport';

const ClientRef = z.object({ clientId: z.string(), givenName: z.string(), familyName: z.string(), birthDate: z.string() });
type ClientRef = z.infer<typeof ClientRef>;

const NewClientDetails = ClientRef.extend({
  birthDateEstimated: z.boolean(),
  gender: GenderSchema,
  genderDetails: z.string().optional(),
  slk: z.string(),
});
type NewClientDetails = z.infer<typeof NewClientDetails>;

/**
 * One client being added. `details` survives a switch to an existing client, so going back to the
 * duplicate check shows the new client that was typed.
 */
const Draft = z.object({
  mode: z.enum(['existing', 'new']).optional(),
  existing: ClientRef.optional(),
  details: NewClientDetails.optional(),
  consentToProvideDetails: z.boolean().optional(),
  consentedForFutureContacts: z.boolean().optional(),
  referralSourceCode: z.string().optional(),
  primaryReason: z.string().optional(),
  otherReasons: z.array(z.string()).default([]),
});
type Draft = z.infer<typeof Draft>;

/**
 * `current` is the client being worked on and `pending` those finished in this pass. "Add another" moves
 * `current` into `pending` and asks for the next name. Going back across that point leaves `current` empty;
 * the client steps then edit the last pending client, which moves it back into `current`.
 */
export const AddClientsAnswers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseNotFound: z.string().optional(),
  search: z.string().optional(),
  current: Draft.default({ otherReasons: [] }),
  pending: z.array(Draft).default([]),
});
type Answers = z.infer<typeof AddClientsAnswers>;

const StartOptions = CaseFileStartOptions.extend({ clientName: z.string().trim().min(1).max(120).optional() });

/** Teams shows at most five buttons in a row; more matches than that mean the search needs more letters. */
const MATCH_LIMIT = 5;
const NEW = 'NEW';
const SEARCH = 'SEARCH';

function editing(a: Answers): Draft {
  return a.current.mode ? a.current : (a.pending.at(-1) ?? a.current);
}

/** Applies a change to the client being edited, reopening the last finished one when `current` is empty. */
function edit(a: Answers, change: Partial<Draft>): Partial<Answers> {
  if (!a.current.mode && a.pending.length) return { current: { ...a.pending.at(-1)!, ...change }, pending: a.pending.slice(0, -1) };
  return { current: { ...a.current, ...change } };
}

function clientIdOf(d: Draft): string | undefined {
  return d.mode === 'existing' ? d.existing?.clientId : d.details?.clientId;
}

function personOf(d: Draft): ClientRef | undefined {
  return d.mode === 'existing' ? d.existing : d.details;
}

function nameOf(d: Draft): string {
  const p = personOf(d);
  return p ? `${p.givenName} ${p.familyName}` : 'the client';
}

function isComplete(d: Draft): boolean {
  const person = personOf(d);
  if (!person || !d.referralSourceCode || !d.primaryReason) return false;
  return d.mode === 'existing' || d.consentToProvideDetails !== undefined;
}

/** Everyone this pass will add: the finished clients, plus the current one once all its questions are answered. */
function allClients(a: Answers): Draft[] {
  return isComplete(a.current) ? [...a.pending, a.current] : a.pending;
}

function bornText(birthDate: string, estimated = false): string {
  return estimated ? `about ${birthDate.slice(0, 4)}` : formatAuDate(DateTime.fromISO(birthDate));
}

function birthYear(birthDate: string): string {
  return birthDate.slice(0, 4);
}

function codeOptions(turn: FlowTurn<Answers>, list: CodeListName): Option[] {
  return turn.services.referenceData.codesOf(list).map((c) => ({ key: c.code, label: c.label }));
}

function asChoices(options: Option[]): Choice[] {
  return options.map((o) => ({ title: o.label, value: o.key }));
}

function label(turn: FlowTurn<Answers>, list: CodeListName, code: string | undefined): string {
  return code ? (turn.services.referenceData.labelOf(list, code) ?? code) : '';
}

/** Who is already on the case file or in this pass, so they are not offered twice. */
async function taken(turn: FlowTurn<Answers>): Promise<{ onCaseFile: Set<string>; inThisPass: Set<string> }> {
  const a = turn.answers;
  const cf = a.caseFileId ? await turn.services.caseFiles.get(turn.user.organisation.organisationId, a.caseFileId) : undefined;
  const inThisPass = new Set(a.pending.map(clientIdOf).filter((id): id is string => Boolean(id)));
  return { onCaseFile: new Set(cf?.clients.map((c) => c.clientId) ?? []), inThisPass };
}

function unavailableMessage(name: string, onCaseFile: boolean): string {
  return onCaseFile ? `${name} is already on this case file.` : `${name} is already in the list of clients to add.`;
}

async function matchesFor(turn: FlowTurn<Answers>, search: string): Promise<ClientChoice[]> {
  const listing = await turn.services.clients.listForSearch(turn.user.organisation.organisationId);
  const { onCaseFile, inThisPass } = await taken(turn);
  return findClients(search, listing, MATCH_LIMIT).map((c) => ({
    clientId: c.clientId,
    name: `${c.givenName} ${c.familyName}`,
    born: birthYear(c.birthDate),
    onCaseFile: onCaseFile.has(c.clientId),
    inThisPass: inThisPass.has(c.clientId),
  }));
}

/** Splits a typed full name at the first space: "Anna de Souza" is Anna + de Souza. */
function splitName(full: string): { givenName?: string; familyName?: string } {
  const [given, ...rest] = full.trim().split(/\s+/);
  return { givenName: given || undefined, familyName: rest.join(' ') || undefined };
}

const searchStep = textStep<Answers>({
  id: 'search',
  title: 'Find the client',
  help: 'Type part of the client’s given or family name, e.g. "Marg" or "Nguyen". Small typos are fine. I will show the matches, and you can create a new client if they are not there.',
  applies: (a) => !a.search,
  question: (turn) => `Who should be added to ${turn.answers.caseFileName ?? 'the case file'}? Type part of their name.`,
  parse: (value) => searchFor(value),
});

function searchFor(value: string, goTo?: string): Accepted<Answers> {
  const search = value.trim();
  if (!search) return { ok: false, message: 'Search again: type part of a name first.' };
  if (search.length > 120) return { ok: false, message: 'Search: type at most 120 characters of the name.' };
  return { ok: true, answers: { search }, echo: `Search: ${search}`, ...(goTo ? { goTo } : {}) };
}

const PickSubmit = z.object({ pick: required('choose a client or New client'), search: z.string().optional() });

const pickStep: FlowStep<Answers> = {
  id: 'pick',
  title: 'Choose the client',
  help: 'Choose the person from the list: the birth year helps tell people with the same name apart. Choose **New client** if they are not listed, or search again with another spelling.',
  async ask(turn) {
    const search = turn.answers.search ?? '';
    return { card: clientMatchesCard(search, turn.answers.caseFileName ?? 'the case file', search ? await matchesFor(turn, search) : []) };
  },
  async accept(turn, input) {
    const a = turn.answers;
    let pick: string;
    if (input.value) {
      const parsed = PickSubmit.safeParse(input.value);
      if (!parsed.success) return { ok: false, message: `Client: ${parsed.error.issues[0]!.message}.` };
      pick = parsed.data.pick;
      if (pick === SEARCH) return searchFor(parsed.data.search ?? '', 'pick');
    } else {
      const typed = input.text ?? '';
      const matches = await matchesFor(turn, a.search ?? '');
      const exact = matches.filter((m) => m.name.toLowerCase() === typed.toLowerCase());
      if (/^new(?: client)?$/i.test(typed)) pick = NEW;
      else if (exact.length === 1) pick = exact[0]!.clientId;
      else return searchFor(typed, 'pick');
    }
    const fresh = a.current.mode ? a.current : { otherReasons: [] };
    if (pick === NEW) return { ok: true, answers: { current: { ...fresh, mode: 'new' } }, echo: 'New client' };
    const client = await turn.services.clients.get(turn.user.organisation.organisationId, pick);
    if (!client) return { ok: false, message: 'Client: that person is not in your organisation’s client list. Search again.' };
    const { onCaseFile, inThisPass } = await taken(turn);
    const name = `${client.givenName} ${client.familyName}`;
    if (onCaseFile.has(client.clientId) || inThisPass.has(client.clientId)) return { ok: false, message: unavailableMessage(name, onCaseFile.has(client.clientId)) };
    const existing: ClientRef = { clientId: client.clientId, givenName: client.givenName, familyName: client.familyName, birthDate: client.birthDate };
    return { ok: true, answers: { current: { ...fresh, mode: 'existing', existing } }, echo: `Client: ${name}, born ${birthYear(client.birthDate)}` };
  },
};

/** A card leaves an empty input out of its submit, so a missing value and an empty one get the same message. */
function required(message: string) {
  return z.string({ error: message }).trim().min(1, message);
}

const DetailsSubmit = z.object({
  givenName: required('is required').max(60, 'can be at most 60 characters'),
  familyName: required('is required').max(60, 'can be at most 60 characters'),
  birthDate: required('is required'),
  gender: required('is required: pick one'),
  genderDetails: z.string().trim().max(100, 'can be at most 100 characters').optional(),
});
type DetailsInput = z.infer<typeof DetailsSubmit>;

const DETAIL_LABELS: Record<keyof DetailsInput, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  birthDate: 'Date of birth',
  gender: 'Gender',
  genderDetails: 'Gender in the client’s own words',
};

/** "Alice Smith, 3/7/1951, female" typed instead of filling in the card. */
function readTypedDetails(typed: string, genders: Option[]): Record<string, unknown> | string {
  const [name = '', birthDate = '', gender = '', ...details] = typed.split(',').map((p) => p.trim());
  const { givenName, familyName } = splitName(name);
  if (!givenName || !familyName || !birthDate || !gender) {
    return 'Fill in the card, or type the given and family name, date of birth and gender separated by commas, e.g. "Alice Smith, 3/7/1951, female".';
  }
  const match = matchChoice(gender, genders);
  if (!match) return `Gender: "${gender}" is not one of ${genders.map((g) => g.label).join(', ')}.`;
  return { givenName, familyName, birthDate, gender: match.key, genderDetails: details.join(', ') || undefined };
}

const detailsStep: FlowStep<Answers> = {
  id: 'details',
  title: 'New client details',
  help: 'DEX needs the given name, family name, date of birth and gender of every client, and builds the statistical linkage key (SLK) from them. If only the year of birth is known, type the year, e.g. "about 1950": DEX records 1 January of that year as an estimate. For gender Other you may add the client’s own words.',
  applies: (a) => editing(a).mode === 'new',
  async ask(turn, retry) {
    const d = editing(turn.answers);
    const draft = retry?.draft;
    const fromDraft = (key: keyof DetailsInput) => (typeof draft?.[key] === 'string' ? (draft[key] as string) : undefined);
    const saved = d.details;
    const typed = turn.answers.search ? splitName(turn.answers.search) : {};
    return {
      card: newClientForm(
        {
          givenName: fromDraft('givenName') ?? saved?.givenName ?? typed.givenName,
          familyName: fromDraft('familyName') ?? saved?.familyName ?? typed.familyName,
          birthDate: fromDraft('birthDate') ?? (saved ? (saved.birthDateEstimated ? `about ${birthYear(saved.birthDate)}` : formatAuDate(DateTime.fromISO(saved.birthDate))) : undefined),
          gender: fromDraft('gender') ?? saved?.gender,
          genderDetails: fromDraft('genderDetails') ?? saved?.genderDetails,
        },
        asChoices(codeOptions(turn, 'gender')),
      ),
    };
  },
  async accept(turn, input) {
    const genders = codeOptions(turn, 'gender');
    const raw = input.value ?? readTypedDetails(input.text ?? '', genders);
    if (typeof raw === 'string') return { ok: false, message: raw };
    const parsed = DetailsSubmit.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, message: `${DETAIL_LABELS[issue.path[0] as keyof DetailsInput] ?? 'New client'} ${issue.message}.`, draft: raw };
    }
    const v = parsed.data;
    for (const field of ['givenName', 'familyName'] as const) {
      if (!/\p{L}/u.test(v[field])) return { ok: false, message: `${DETAIL_LABELS[field]} must contain at least one letter.`, draft: raw };
      const problem = checkFreeText(field, v[field]);
      if (problem) return { ok: false, message: problem.message, draft: raw };
    }
    const org = turn.user.organisation;
    const birth = parseBirthDateOrYear(v.birthDate, turn.services.clock(), org.timeZone);
    if (!birth.ok) return { ok: false, message: `Date of birth: ${birth.reason}`, draft: raw };
    const gender = GenderSchema.safeParse(v.gender);
    if (!gender.success || !turn.services.referenceData.isValidCode('gender', v.gender)) {
      return { ok: false, message: `Gender: "${v.gender}" is not an option. Pick one of ${genders.map((g) => g.label).join(', ')}.`, draft: raw };
    }
    const genderDetails = gender.data === 'OTHER' && v.genderDetails ? v.genderDetails : undefined;
    if (genderDetails) {
      const problem = checkFreeText('genderDetails', genderDetails);
      if (problem) return { ok: false, message: problem.message, draft: raw };
    }
    const d = editing(turn.answers);
    const details: NewClientDetails = {
      // The id is fixed the first time so a retried save, or an edit after going back, never makes a second client.
      clientId: d.details?.clientId ?? generateClientId(),
      givenName: v.givenName,
      familyName: v.familyName,
      birthDate: birth.birthDate,
      birthDateEstimated: birth.estimated,
      gender: gender.data,
      genderDetails,
      slk: computeSlk({ givenName: v.givenName, familyName: v.familyName, birthDate: birth.birthDate, sex: gender.data }),
    };
    return {
      ok: true,
      answers: edit(turn.answers, { mode: 'new', details }),
      echo: `New client: ${v.givenName} ${v.familyName}, born ${bornText(details.birthDate, details.birthDateEstimated)}, ${label(turn, 'gender', details.gender)}`,
    };
  },
};

const DUPLICATE_WHY = {
  sameSlk: 'same SLK (same name letters, date of birth and gender)',
  similarNameSameBirthDate: 'similar name and the same date of birth',
} as const;

const CheckSubmit = z.object({
  use: required('choose Use or Create'),
  consent: z.enum(['yes', 'no']).optional(),
  futureContact: z.enum(['yes', 'no']).optional(),
});

async function duplicatesOf(turn: FlowTurn<Answers>, details: NewClientDetails) {
  const listing = await turn.services.clients.listForSearch(turn.user.organisation.organisationId);
  const { onCaseFile, inThisPass } = await taken(turn);
  const existing = likelyDuplicates(details, listing).map(({ client, reason }) => ({ client, reason, available: !onCaseFile.has(client.clientId) && !inThisPass.has(client.clientId) }));
  const newInPass: ClientLike[] = turn.answers.pending.flatMap((p) => (p.mode === 'new' && p.details && p.details.clientId !== details.clientId ? [p.details] : []));
  return { existing, alsoInThisPass: likelyDuplicates(details, newInPass).map(({ client }) => `${client.givenName} ${client.familyName}`) };
}

const NO_DETAILS = 'There are no new client details to check yet. Type **back** to enter them.';

const checkStep: FlowStep<Answers> = {
  id: 'check',
  title: 'Check and consent',
  help: 'Check the new client is not already in your client list: choose **Use** to add the existing client instead of creating a duplicate. Then record whether the client agreed to their details being given to DSS and to being contacted in future. Without consent to provide details, DSS receives only the SLK, not the name.',
  applies: (a) => editing(a).mode === 'new',
  async ask(turn, retry) {
    const d = editing(turn.answers);
    const details = d.details;
    if (!details) return { text: NO_DETAILS };
    const { existing, alsoInThisPass } = await duplicatesOf(turn, details);
    const draft = retry?.draft;
    const draftYes = (key: string, fallback: boolean | undefined) => (draft?.[key] === 'yes' ? true : draft?.[key] === 'no' ? false : fallback);
    return {
      card: newClientCheckCard({
        name: `${details.givenName} ${details.familyName}`,
        born: bornText(details.birthDate, details.birthDateEstimated),
        gender: label(turn, 'gender', details.gender),
        slk: details.slk,
        duplicates: existing.map((e) => ({
          clientId: e.client.clientId,
          name: `${e.client.givenName} ${e.client.familyName}`,
          born: birthYear(e.client.birthDate),
          why: DUPLICATE_WHY[e.reason],
          available: e.available,
        })),
        alsoInThisPass,
        consentToProvideDetails: draftYes('consent', d.consentToProvideDetails),
        consentedForFutureContacts: draftYes('futureContact', d.consentedForFutureContacts),
      }),
    };
  },
  async accept(turn, input) {
    const a = turn.answers;
    const details = editing(a).details;
    if (!details) return { ok: false, message: NO_DETAILS };
    let submitted: z.infer<typeof CheckSubmit>;
    if (input.value) {
      const parsed = CheckSubmit.safeParse(input.value);
      if (!parsed.success) return { ok: false, message: 'Consent: answer Yes or No.', draft: input.value };
      submitted = parsed.data;
    } else {
      const typed = (input.text ?? '').toLowerCase();
      const useNumber = /^use(?: (\d+))?$/.exec(typed);
      if (useNumber) {
        const { existing } = await duplicatesOf(turn, details);
        const chosen = existing[Number(useNumber[1] ?? '1') - 1];
        if (!chosen) return { ok: false, message: 'There is no existing client with that number to use. Answer **yes** or **no** for consent instead.' };
        submitted = { use: chosen.client.clientId };
      } else if (['yes', 'y', 'no', 'n'].includes(typed)) {
        submitted = { use: NEW, consent: typed.startsWith('y') ? 'yes' : 'no', futureContact: 'no' };
      } else {
        return { ok: false, message: 'Consent: answer **yes** or **no** (has the client agreed to their details being provided to DSS?), or type **use** to add the existing client shown instead.' };
      }
    }
    if (submitted.use !== NEW) {
      const { existing } = await duplicatesOf(turn, details);
      const chosen = existing.find((e) => e.client.clientId === submitted.use);
      if (!chosen) return { ok: false, message: 'Client: that person is not one of the possible duplicates shown.' };
      const name = `${chosen.client.givenName} ${chosen.client.familyName}`;
      if (!chosen.available) {
        const { onCaseFile } = await taken(turn);
        return { ok: false, message: unavailableMessage(name, onCaseFile.has(chosen.client.clientId)) };
      }
      const c = chosen.client;
      return {
        ok: true,
        answers: edit(a, { mode: 'existing', existing: { clientId: c.clientId, givenName: c.givenName, familyName: c.familyName, birthDate: c.birthDate } }),
        echo: `Using the existing client ${name}, born ${birthYear(c.birthDate)}, instead of creating a new one`,
      };
    }
    if (!submitted.consent) return { ok: false, message: 'Consent: answer Yes or No: has the client agreed to their details being provided to DSS?', draft: input.value };
    const consentToProvideDetails = submitted.consent === 'yes';
    const consentedForFutureContacts = submitted.futureContact === 'yes';
    return {
      ok: true,
      answers: edit(a, { mode: 'new', consentToProvideDetails, consentedForFutureContacts }),
      echo: `Create ${details.givenName} ${details.familyName} (SLK ${details.slk}); consent to provide details: ${consentToProvideDetails ? 'yes' : 'no'}; future contact: ${consentedForFutureContacts ? 'yes' : 'no'}`,
    };
  },
};

const ReasonsSubmit = z.object({
  referralSource: required('Referral source is required: pick who directed the client to you'),
  primaryReason: required('Main reason for seeking assistance is required'),
  otherReasons: z.string().trim().optional(),
});

/** "self; money; housing, mental" typed instead of filling in the card: source, main reason, other reasons. */
function readTypedReasons(typed: string, sources: Option[], reasons: Option[]): Record<string, string> | string {
  const [source = '', primary = '', others = ''] = typed.split(/\s*(?:;|\n)\s*/);
  if (!source || !primary) return 'Fill in the card, or type the referral source, main reason and other reasons separated by semicolons, e.g. "self; money; housing, mental health".';
  const sourceMatch = matchChoice(source, sources);
  if (!sourceMatch) return `Referral source: I couldn't match "${source}" to an option. Pick from the list.`;
  const primaryMatch = matchChoice(primary, reasons);
  if (!primaryMatch) return `Main reason: I couldn't match "${primary}" to a reason for seeking assistance. Pick from the list.`;
  const otherKeys: string[] = [];
  if (others && !SKIP_WORDS.has(others.toLowerCase())) {
    for (const part of others.split(/\s*(?:,| and )\s*/i).filter(Boolean)) {
      const m = matchChoice(part, reasons);
      if (!m) return `Other reasons: I couldn't match "${part}" to a reason for seeking assistance. Pick from the list.`;
      otherKeys.push(m.key);
    }
  }
  return { referralSource: sourceMatch.key, primaryReason: primaryMatch.key, otherReasons: otherKeys.join(',') };
}

const reasonsStep: FlowStep<Answers> = {
  id: 'reasons',
  title: 'Referral and reasons',
  help: 'Referral source: the person or agency that directed the client to you ("Self" if they came on their own). Main reason: the main reason they sought help, which informs service planning. Other reasons: any secondary reasons, or none. You can also type them separated by semicolons, e.g. "self; money; housing, mental health".',
  async ask(turn, retry) {
    const d = editing(turn.answers);
    const draft = retry?.draft;
    const fromDraft = (key: string) => (typeof draft?.[key] === 'string' ? (draft[key] as string) : undefined);
    const draftOthers = fromDraft('otherReasons');
    return {
      card: reasonsForm(nameOf(d), asChoices(codeOptions(turn, 'referralSource')), asChoices(codeOptions(turn, 'reasonForAssistance')), {
        referralSource: fromDraft('referralSource') ?? d.referralSourceCode,
        primaryReason: fromDraft('primaryReason') ?? d.primaryReason,
        otherReasons: draftOthers !== undefined ? draftOthers.split(',').filter(Boolean) : d.otherReasons,
      }),
    };
  },
  async accept(turn, input) {
    const sources = codeOptions(turn, 'referralSource');
    const reasons = codeOptions(turn, 'reasonForAssistance');
    const raw = input.value ?? readTypedReasons(input.text ?? '', sources, reasons);
    if (typeof raw === 'string') return { ok: false, message: raw };
    const parsed = ReasonsSubmit.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `${parsed.error.issues[0]!.message}.`, draft: raw };
    const v = parsed.data;
    const refData = turn.services.referenceData;
    if (!refData.isValidCode('referralSource', v.referralSource)) return { ok: false, message: `Referral source: "${v.referralSource}" is not an option.`, draft: raw };
    if (!refData.isValidCode('reasonForAssistance', v.primaryReason)) return { ok: false, message: `Main reason: "${v.primaryReason}" is not an option.`, draft: raw };
    const others = [...new Set((v.otherReasons ?? '').split(',').map((k) => k.trim()).filter(Boolean))];
    const unknown = others.find((k) => !refData.isValidCode('reasonForAssistance', k));
    if (unknown) return { ok: false, message: `Other reasons: "${unknown}" is not an option.`, draft: raw };
    if (others.includes(v.primaryReason)) {
      return {
        ok: false,
        message: `Other reasons: "${label(turn, 'reasonForAssistance', v.primaryReason)}" is already the main reason, so untick it under other reasons.`,
        draft: raw,
      };
    }
    const problem = checkReasons([{ code: v.primaryReason, isPrimary: true }, ...others.map((code) => ({ code, isPrimary: false }))]);
    if (problem) return { ok: false, message: problem.message, draft: raw };
    const otherLabels = others.map((k) => label(turn, 'reasonForAssistance', k)).join(', ') || 'none';
    return {
      ok: true,
      answers: edit(turn.answers, { referralSourceCode: v.referralSource, primaryReason: v.primaryReason, otherReasons: others }),
      echo: `${nameOf(editing(turn.answers))}: referred by ${label(turn, 'referralSource', v.referralSource)}; main reason ${label(turn, 'reasonForAssistance', v.primaryReason)}; other reasons ${otherLabels}`,
    };
  },
};

function summaryOf(turn: FlowTurn<Answers>, d: Draft): string {
  const others = d.otherReasons.map((k) => label(turn, 'reasonForAssistance', k)).join(', ');
  return [
    `Referred by ${label(turn, 'referralSource', d.referralSourceCode)}`,
    `main reason ${label(turn, 'reasonForAssistance', d.primaryReason)}`,
    ...(others ? [`other reasons ${others}`] : []),
  ].join('; ');
}

function pendingOf(turn: FlowTurn<Answers>, list: Draft[]): PendingClient[] {
  return list.map((d) => ({ clientId: clientIdOf(d)!, name: nameOf(d), isNew: d.mode === 'new', summary: summaryOf(turn, d) }));
}

const AnotherSubmit = z.union([z.object({ remove: z.string().min(1) }), z.object({ another: z.enum(['yes', 'no']) })]);

const anotherStep: FlowStep<Answers> = {
  id: 'another',
  title: 'Add another client?',
  help: 'You can add several clients in one go: choose **Add another client** to find the next person, or **No** to check the list and save. **Remove** takes a client off this list before anything is saved.',
  async ask(turn) {
    return { card: anotherClientCard(pendingOf(turn, allClients(turn.answers))) };
  },
  async accept(turn, input) {
    const all = allClients(turn.answers);
    const cleared = { current: { otherReasons: [] }, pending: all };
    let submitted: z.infer<typeof AnotherSubmit>;
    if (input.value) {
      const parsed = AnotherSubmit.safeParse(input.value);
      if (!parsed.success) return { ok: false, message: 'Add another client: choose Add another client or No.' };
      submitted = parsed.data;
    } else {
      const typed = (input.text ?? '').toLowerCase();
      if (/^(?:y|yes|yep|another|add another(?: client)?)$/.test(typed)) submitted = { another: 'yes' };
      else if (/^(?:n|no|nope|done|no more|that'?s all|finish(?:ed)?)$/.test(typed)) submitted = { another: 'no' };
      else return { ok: false, message: 'Add another client: answer **yes** or **no**.' };
    }
    if ('remove' in submitted) {
      const removed = all.find((d) => clientIdOf(d) === submitted.remove);
      if (!removed) return { ok: false, message: 'That client is not in the list any more.' };
      const rest = all.filter((d) => d !== removed);
      const echo = `Removed ${nameOf(removed)} from the list`;
      if (rest.length === 0) return { ok: true, answers: { current: { otherReasons: [] }, pending: [], search: undefined }, echo, goTo: 'search' };
      return { ok: true, answers: { ...cleared, pending: rest }, echo, goTo: 'another' };
    }
    if (submitted.another === 'yes') return { ok: true, answers: { ...cleared, search: undefined }, echo: 'Add another client: yes', goTo: 'search' };
    if (all.length === 0) return { ok: true, answers: { ...cleared, search: undefined }, echo: 'No clients chosen yet', goTo: 'search' };
    return { ok: true, answers: cleared, echo: 'Add another client: no' };
  },
};

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
      ...reasonRows,
    ],
  };
}

function toCaseClient(d: Draft): NewCaseClient {
  const p = personOf(d)!;
  return {
    clientId: p.clientId,
    givenName: p.givenName,
    familyName: p.familyName,
    referralSourceCode: d.referralSourceCode,
    reasons: [{ code: d.primaryReason!, isPrimary: true }, ...d.otherReasons.map((code) => ({ code, isPrimary: false }))],
  };
}

const ALREADY_ADDED = 'caseClients.allPresent';

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
      consentToProvideDetails: d.consentToProvideDetails ?? false,
      consentedForFutureContacts: d.consentedForFutureContacts ?? false,
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

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  const chooseCaseFile = caseFileStep<Answers>('should the clients be added to');
  return {
    id: 'addClients',
    title: 'Add clients to a case file',
    async start(turn, options) {
      const parsed = StartOptions.safeParse(options);
      const o = parsed.success ? parsed.data : {};
      const resolved = await resolveCaseFile(turn, o);
      if (!resolved.answer.caseFileId && resolved.candidates.length === 0) return { refuse: { card: noCaseFilesCard() } };
      return {
        answers: AddClientsAnswers.parse({
          ...resolved.answer,
          caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
          caseNotFound: resolved.notFound,
          search: o.clientName,
        }),
      };
    },
    steps: [
      {
        ...chooseCaseFile,
        async ask(turn, retry) {
          const prompt = await chooseCaseFile.ask(turn, retry);
          const missing = turn.answers.caseNotFound;
          return missing && !retry ? { ...prompt, text: `I couldn't find a case file called "${missing}".` } : prompt;
        },
      },
      searchStep,
      pickStep,
      detailsStep,
      checkStep,
      reasonsStep,
      anotherStep,
    ],
    async review(turn) {
      return clientsReviewBody(turn.answers.caseFileName ?? 'the case file', allClients(turn.answers).map((d) => reviewed(turn, d)));
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const entries = allClients(a);
      if (entries.length === 0) return { ok: false, message: 'There are no clients to add yet.', stepId: 'search' };
      const problem = await createNewClients(turn, entries);
      if (problem) return { ok: false, message: problem };
      const ctx = changeContext(turn);
      // A retried save is recognised by its operation id. A client a colleague added meanwhile is skipped
      // rather than refused: the aim, having them on the case file, is met either way.
      const result = await turn.services.caseFiles.update(
        org.organisationId,
        a.caseFileId!,
        (cf) => {
          const onCase = new Set(cf.clients.map((c) => c.clientId));
          const toAdd = entries.filter((d) => !onCase.has(clientIdOf(d)!));
          if (toAdd.length === 0) return fail({ code: ALREADY_ADDED, field: 'clientId', message: 'Every client is already on the case file.' });
          return addCaseClients(cf, toAdd.map(toCaseClient), ctx);
        },
        operationId,
      );
      let cf = result.ok ? result.value : undefined;
      if (!result.ok) {
        if (result.problems[0]?.code !== ALREADY_ADDED) return { ok: false, message: result.problems.map((p) => p.message).join(' ') };
        cf = await turn.services.caseFiles.get(org.organisationId, a.caseFileId!);
      }
      return { ok: true, reply: { card: clientsAddedCard(cf!.caseFileId, cf!.name, entries.map(nameOf), cf!.clients.length) } };
    },
  };
}

const NOT_A_PERSON = /^(?:(?:a|an|the|new|another|more|some)\s+)?(?:sessions?|scores?|community\s+score|case(?:\s+files?)?|details?|notes?|participants?|attendees?)\b/i;
const SESSION_TARGET = /^(?:the\s+)?(?:(?:last|latest|most\s+recent|newest|previous|next|this|today'?s|yesterday'?s)\s+)?sessions?\b/i;

/** "the Tuesday seniors group case file" → "Tuesday seniors group". */
function caseNameOf(words: string): string {
  return words
    .replace(/^(?:the\s+)?(?:case(?:\s+file)?\s+)?/i, '')
    .replace(/\s+case(?:\s+file)?$/i, '')
    .trim();
}

/** Reads "add clients", "add client to Tuesday seniors group", "add Alice to Tuesday seniors group". */
export function matchAddClients(said: string): Record<string, unknown> | undefined {
  const verb = '(?:add|enrol|enroll)';
  const plain = new RegExp(`^${verb}(?:\\s+(?:a|an|new|another|more|some))?\\s+(?:clients?|people|persons?)(?:\\s+(?:to|into|onto|on)\\s+(.+))?$`, 'i').exec(said);
  if (plain) return plain[1] ? { caseName: caseNameOf(plain[1]) } : {};
  const named = new RegExp(`^${verb}\\s+(?:(?:the\\s+)?(?:new\\s+)?clients?\\s+)?(.+?)\\s+(?:to|into|onto)\\s+(.+)$`, 'i').exec(said);
  if (named && !NOT_A_PERSON.test(named[1]!) && !SESSION_TARGET.test(named[2]!)) return { clientName: named[1]!.trim(), caseName: caseNameOf(named[2]!) };
  const clientOnly = new RegExp(`^${verb}\\s+(?:a\\s+|the\\s+)?(?:new\\s+)?client\\s+(.+)$`, 'i').exec(said);
  if (clientOnly) return { clientName: clientOnly[1]!.trim() };
  return undefined;
}

export function addClientsCommand(services: Services): Command {
  return {
    id: 'addClients',
    title: 'Add clients to a case file',
    description: 'Find clients by name (or create new ones, with a duplicate check and the SLK), then record referral source and reasons for seeking assistance. Several clients in one go.',
    example: 'add Alice to Tuesday seniors group',
    writes: true,
    match: matchAddClients,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
