import { DateTime } from 'luxon';
import { z } from 'zod';
import { newClientCheckCard, newClientForm, NEW_CLIENT } from '../../cards/clientCards';
import type { FlowStep, FlowTurn } from '../../src/bot/guidedFlow';
import type { Option } from '../../src/bot/stepKit';
import { CLIENT_NAME_MAX, GENDER_DETAILS_MAX, GenderSchema } from '../../src/domain/client';
import { likelyDuplicates, type ClientLike } from '../../src/domain/clientMatching';
import { parseBirthDateOrYear } from '../../src/domain/birthDates';
import { formatAuDate } from '../../src/domain/dateFormat';
import { generateClientId } from '../../src/domain/identifiers';
import { cleanPersonName, nameSplits } from '../../src/domain/personName';
import { checkFreeText } from '../../src/domain/rules';
import { computeSlk } from '../../src/domain/slk';
import { matchChoice } from '../../src/search/fuzzyMatch';
import { edit, editing, taken, unavailableMessage, type AddClientsAnswers as Answers, type NewClientDetails } from './clientDraft';
import { asChoices, birthYear, bornText, codeOptions, label, required } from './stepSupport';

/** These steps are asked only for a client being created, not for one picked from the client list. */
function creatingClient(a: Answers): boolean {
  return editing(a).mode === 'new';
}

/** A first division of a typed full name, to start from; three words or more are asked about (`nameSplitStep`). */
function splitName(full: string): { givenName?: string; familyName?: string } {
  const [first] = nameSplits(full);
  return first ?? { givenName: full.trim() || undefined };
}

const DetailsSubmit = z.object({
  givenName: required('is required').max(CLIENT_NAME_MAX, `can be at most ${CLIENT_NAME_MAX} characters`),
  familyName: required('is required').max(CLIENT_NAME_MAX, `can be at most ${CLIENT_NAME_MAX} characters`),
  birthDate: required('is required'),
  gender: required('is required: pick one'),
  genderDetails: z.string().trim().max(GENDER_DETAILS_MAX, `can be at most ${GENDER_DETAILS_MAX} characters`).optional(),
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
  const nameToSplit = nameSplits(name).length > 1 ? name : undefined;
  return { givenName, familyName, birthDate, gender: match.key, genderDetails: details.join(', ') || undefined, nameToSplit };
}

export const detailsStep: FlowStep<Answers> = {
  id: 'details',
  title: 'New client details',
  help: 'DEX needs the given name, family name, date of birth and gender of every client, and builds the statistical linkage key (SLK) from them. If only the year of birth is known, type the year, e.g. "about 1950": DEX records 1 January of that year as an estimate. For gender Other you may add the client’s own words.',
  applies: creatingClient,
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
          birthDate:
            fromDraft('birthDate') ??
            (saved ? (saved.birthDateEstimated ? `about ${birthYear(saved.birthDate)}` : formatAuDate(DateTime.fromISO(saved.birthDate))) : undefined),
          gender: fromDraft('gender') ?? saved?.gender,
          genderDetails: fromDraft('genderDetails') ?? saved?.genderDetails,
        },
        asChoices(codeOptions(turn, 'gender')),
      ),
    };
  },
  async accept(turn, input) {
    const genders = codeOptions(turn, 'gender');
    const typed = input.value ?? readTypedDetails(input.text ?? '', genders);
    if (typeof typed === 'string') return { ok: false, message: typed };
    // Names are checked as sent, before any trimming, so a pasted invisible character is refused, not hidden.
    const raw = { ...typed };
    for (const field of ['givenName', 'familyName'] as const) {
      const sent = raw[field];
      if (typeof sent !== 'string' || !sent.trim()) continue;
      const name = cleanPersonName(field, sent);
      if (!name.ok) return { ok: false, message: name.problem.message, draft: typed };
      raw[field] = name.value;
    }
    const parsed = DetailsSubmit.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, message: `${DETAIL_LABELS[issue.path[0] as keyof DetailsInput] ?? 'New client'} ${issue.message}.`, draft: raw };
    }
    const v = parsed.data;
    // Only a typed sentence can leave the division open; the card has the two names apart.
    const nameToSplit = !input.value && typeof raw.nameToSplit === 'string' ? raw.nameToSplit : undefined;
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
      answers: edit(turn.answers, { mode: 'new', details, nameToSplit }),
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
  const existing = likelyDuplicates(details, listing).map(({ client, reason }) => ({
    client,
    reason,
    available: !onCaseFile.has(client.clientId) && !inThisPass.has(client.clientId),
  }));
  const newInPass: ClientLike[] = turn.answers.pending.flatMap((p) =>
    p.mode === 'new' && p.details && p.details.clientId !== details.clientId ? [p.details] : [],
  );
  return { existing, alsoInThisPass: likelyDuplicates(details, newInPass).map(({ client }) => `${client.givenName} ${client.familyName}`) };
}

const NO_DETAILS = 'There are no new client details to check yet. Type **back** to enter them.';

export const checkStep: FlowStep<Answers> = {
  id: 'check',
  title: 'Check and consent',
  help: 'Check the new client is not already in your client list: choose **Use** to add the existing client instead of creating a duplicate. Then record whether the client agreed to their details being given to DSS and to being contacted in future. Without consent to provide details, DSS receives only the SLK, not the name.',
  applies: creatingClient,
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
        givenName: details.givenName,
        familyName: details.familyName,
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
      } else if (/^(?:yes|y|no|n)(?:[\s,]+(?:yes|y|no|n))?$/.test(typed)) {
        // "yes" answers consent only; "yes no" answers future contact too. Nothing is assumed for an answer not given.
        const [consent, future] = typed.split(/[\s,]+/);
        submitted = {
          use: NEW_CLIENT,
          consent: consent!.startsWith('y') ? 'yes' : 'no',
          ...(future ? { futureContact: future.startsWith('y') ? 'yes' : 'no' } : {}),
        };
      } else {
        // "use" is offered only when the card shows a possible duplicate to use.
        const { existing } = await duplicatesOf(turn, details);
        return {
          ok: false,
          message: `Consent: answer on the card, or type **yes** or **no** for each question in order, e.g. "yes no" (details to DSS: yes; future contact: no)${existing.length ? ', or type **use** to add the existing client shown instead' : ''}.`,
        };
      }
    }
    if (submitted.use !== NEW_CLIENT) {
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
    if (!submitted.consent)
      return { ok: false, message: 'Consent: answer Yes or No: has the client agreed to their details being provided to DSS?', draft: input.value };
    if (!submitted.futureContact) {
      return {
        ok: false,
        message: 'Future contact: answer Yes or No: has the client agreed to be contacted by DSS in future? (Typed, answer both at once, e.g. "yes no".)',
        draft: { ...(input.value ?? {}), consent: submitted.consent },
      };
    }
    const consentToProvideDetails = submitted.consent === 'yes';
    const consentedForFutureContacts = submitted.futureContact === 'yes';
    return {
      ok: true,
      answers: edit(a, { mode: 'new', consentToProvideDetails, consentedForFutureContacts }),
      echo: `Create ${details.givenName} ${details.familyName} (SLK ${details.slk}); consent to provide details: ${consentToProvideDetails ? 'yes' : 'no'}; future contact: ${consentedForFutureContacts ? 'yes' : 'no'}`,
    };
  },
};
