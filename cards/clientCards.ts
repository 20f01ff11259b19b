import {
  MARK,
  actionSet,
  card,
  choiceSet,
  container,
  facts,
  heading,
  MAX_ACTIONS,
  nextStepCard,
  submit,
  text,
  textInput,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Choice,
  namedButton,
} from './cardKit';
import { CLIENT_NAME_MAX, GENDER_DETAILS_MAX } from '../src/domain/client';

/** Teams renders at most five actions in one set. */
/**
 * Client buttons on a pick card: with "New client" and the flow's Back and Cancel the card stays within
 * `MAX_ACTIONS`, and one tap still picks a listed person. Searching again is typing another spelling.
 */
const MAX_BUTTONS = MAX_ACTIONS - 3;
/** With more people than this, per-person Remove buttons would crowd the card: one list does it instead. */
const MAX_REMOVE_BUTTONS = MAX_ACTIONS - 2;

/** What a button sends in place of a client id: create a new client, or search again with the typed words. */
export const NEW_CLIENT = 'NEW';
export const SEARCH_AGAIN = 'SEARCH';

/** A client as the lists in this flow show them: a name and a birth year, so two people of one name can be told apart. */
export type ClientChoice = { clientId: string; name: string; born: string; onCaseFile: boolean; inThisPass: boolean };

function whyUnavailable(c: ClientChoice): string | undefined {
  if (c.onCaseFile) return 'already on this case file';
  if (c.inThisPass) return 'already added in this pass';
  return undefined;
}

export function clientMatchesCard(search: string, caseFileName: string, matches: ClientChoice[]): AdaptiveCard {
  const available = matches.filter((m) => !whyUnavailable(m));
  const taken = matches.filter((m) => whyUnavailable(m));
  const body: CardElement[] = [
    heading(matches.length ? `Clients like "${search}"` : `No client matches "${search}"`),
    text(`Adding to ${caseFileName}.`, { subtle: true }),
  ];
  body.push(...available.slice(0, MAX_BUTTONS).map((m) => namedButton(`${m.name}, born ${m.born}`, 'Choose', { pick: m.clientId })));
  if (available.length > MAX_BUTTONS)
    body.push(text(`${available.length - MAX_BUTTONS} more match: type more of the name to narrow it down.`, { subtle: true }));
  if (taken.length) body.push(...taken.map((m) => text(`${m.name}, born ${m.born}: ${whyUnavailable(m)}`, { subtle: true })));
  if (available.length) {
    body.push(
      text('Not the right person? Type another spelling to search again, or create a new client.'),
      actionSet([submit('New client', { pick: NEW_CLIENT })]),
    );
  } else {
    body.push(
      text('Check the spelling and search again, or create a new client.'),
      textInput('search', 'Search again', { placeholder: 'part of a given or family name' }),
      actionSet([submit('Search', { pick: SEARCH_AGAIN }, 'positive'), submit('New client', { pick: NEW_CLIENT })]),
    );
  }
  return card(body);
}

export type NewClientValues = { givenName?: string; familyName?: string; birthDate?: string; gender?: string; genderDetails?: string };

export function newClientForm(values: NewClientValues, genders: Choice[]): AdaptiveCard {
  return card(
    [
      heading('New client'),
      textInput('givenName', 'Given name', { value: values.givenName, maxLength: CLIENT_NAME_MAX }),
      textInput('familyName', 'Family name', { value: values.familyName, maxLength: CLIENT_NAME_MAX }),
      textInput('birthDate', 'Date of birth', { value: values.birthDate, placeholder: '3/7/1951, or the year if only that is known: about 1950' }),
      choiceSet('gender', 'Gender', genders, { value: values.gender, style: 'expanded' }),
      textInput('genderDetails', 'Gender in the client’s own words (only for Other, optional)', { value: values.genderDetails, maxLength: GENDER_DETAILS_MAX }),
    ],
    [submit('Continue', { step: 'details' }, 'positive')],
  );
}

export type DuplicateChoice = { clientId: string; name: string; born: string; why: string; available: boolean };

export type NewClientCheck = {
  name: string;
  /** Shown apart, so a wrong division of a typed full name (and so a wrong SLK) is seen before saving. */
  givenName: string;
  familyName: string;
  born: string;
  gender: string;
  slk: string;
  duplicates: DuplicateChoice[];
  alsoInThisPass: string[];
  consentToProvideDetails?: boolean;
  consentedForFutureContacts?: boolean;
};

const YES_NO: Choice[] = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');

export function newClientCheckCard(c: NewClientCheck): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Check before creating ${c.name}`),
    facts([
      ['Given name', c.givenName],
      ['Family name', c.familyName],
      ['Born', c.born],
      ['Gender', c.gender],
      ['SLK', c.slk],
    ]),
  ];
  if (c.duplicates.length) {
    const usable = c.duplicates.filter((d) => d.available);
    body.push(
      container(
        [
          text(`${MARK.warning} This may be someone already in your client list. Creating them again would make a duplicate client in DEX.`, {
            weight: 'Bolder',
          }),
          ...c.duplicates.map((d) => text(`${d.name}, born ${d.born}: ${d.why}${d.available ? '' : ' (already on this case file or in this pass)'}`)),
          ...usable.slice(0, MAX_BUTTONS).map((d) => namedButton(`Use ${d.name}, born ${d.born}`, 'Use this client', { use: d.clientId })),
        ],
        { style: 'warning' },
      ),
    );
  }
  if (c.alsoInThisPass.length) {
    body.push(text(`${MARK.warning} You are already creating a similar new client in this pass: ${c.alsoInThisPass.join(', ')}.`));
  }
  body.push(
    choiceSet('consent', 'Has the client agreed to their details being provided to DSS?', YES_NO, {
      value: yesNo(c.consentToProvideDetails),
      style: 'expanded',
    }),
    choiceSet('futureContact', 'Has the client agreed to be contacted by DSS in future (for research or evaluation)?', YES_NO, {
      value: yesNo(c.consentedForFutureContacts),
      style: 'expanded',
    }),
  );
  return card(body, [submit(c.duplicates.length ? 'Create a new client anyway' : 'Create new client', { use: NEW_CLIENT }, 'positive')]);
}

export type ReasonsValues = { referralSource?: string; primaryReason?: string; otherReasons: string[] };

export function reasonsForm(clientName: string, referralSources: Choice[], reasons: Choice[], values: ReasonsValues): AdaptiveCard {
  return card(
    [
      heading(`Why ${clientName} came to you`),
      choiceSet('referralSource', 'Referral source: who directed them to you', referralSources, { value: values.referralSource, style: 'filtered' }),
      choiceSet('primaryReason', 'Main reason for seeking assistance', reasons, { value: values.primaryReason, style: 'compact' }),
      choiceSet('otherReasons', 'Other reasons (optional, tick any that apply)', reasons, {
        value: values.otherReasons.length ? values.otherReasons.join(',') : undefined,
        multi: true,
        style: 'compact',
      }),
    ],
    [submit('Continue', { step: 'reasons' }, 'positive')],
  );
}

export type PendingClient = { clientId: string; name: string; isNew: boolean; summary: string };

function pendingList(clients: PendingClient[], withRemove: boolean): CardElement[] {
  return clients.map((c) =>
    container(
      [
        text(`**${c.name}**${c.isNew ? ' (new client)' : ''}`),
        text(c.summary, { subtle: true }),
        ...(withRemove && clients.length <= MAX_REMOVE_BUTTONS ? [namedButton(`Remove ${c.name}`, 'Remove', { remove: c.clientId })] : []),
      ],
      { separator: true },
    ),
  );
}

export function anotherClientCard(clients: PendingClient[]): AdaptiveCard {
  const actions: CardAction[] = [submit('Add another client', { another: 'yes' }, 'positive'), submit('No, check and save', { another: 'no' })];
  if (clients.length > MAX_REMOVE_BUTTONS) {
    actions.push({
      type: 'Action.ShowCard',
      title: 'Remove someone…',
      card: card([
        choiceSet(
          'remove',
          'Take out of this pass',
          clients.map((c) => ({ title: c.name, value: c.clientId })),
          { required: true },
        ),
        actionSet([submit('Remove', {}, 'destructive')]),
      ]),
    });
  }
  return card([heading(`Clients to add so far: ${clients.length}`), ...pendingList(clients, true), text('Add another client to this case file?')], actions);
}

export type ReviewedClient = { name: string; isNew: boolean; rows: [string, string][] };

export function clientsReviewBody(caseFileName: string, clients: ReviewedClient[]): CardElement[] {
  return [
    heading(`Add ${clients.length} client${clients.length === 1 ? '' : 's'} to ${caseFileName}`),
    ...clients.map((c) => container([text(`**${c.name}**${c.isNew ? ' (new client, created on save)' : ''}`), facts(c.rows)], { separator: true })),
  ];
}

export function clientsAddedCard(caseFileId: string, caseFileName: string, added: string[], totalOnCaseFile: number): AdaptiveCard {
  const scoreReminder =
    totalOnCaseFile < 2
      ? [text(`${MARK.warning} Community SCORE needs more than one client on the case file. Add at least one more client before you record a Community SCORE.`)]
      : [];
  return card([
    heading(`${caseFileName}: ${totalOnCaseFile} client${totalOnCaseFile === 1 ? '' : 's'}`),
    // The heading counts everyone on the case file; this line names only those this pass added, so it must say
    // so when others were there already.
    text(added.length === totalOnCaseFile ? `On the case file now: ${added.join(', ')}.` : `Added: ${added.join(', ')}.`),
    ...scoreReminder,
    actionSet([
      submit('Add a session', { command: 'addSession', args: { caseFileId } }, 'positive'),
      submit('Add more clients', { command: 'addClients', args: { caseFileId } }),
      submit('Menu', { command: 'menu' }),
    ]),
  ]);
}

export function noCaseFilesCard(): AdaptiveCard {
  return nextStepCard('There are no case files yet', 'Clients are added to a case file, so create one first. Type **new case file**, or use the button.', {
    title: 'New case file',
    command: 'createCaseFile',
  });
}

export type SeveralReasonsRow = { name: string; born: string; values: ReasonsValues };

/** Referral source and reasons for several clients on one card, one block per client; inputs end in the client's row number. */
export function reasonsForSeveralForm(rows: SeveralReasonsRow[], referralSources: Choice[], reasons: Choice[]): AdaptiveCard {
  return card(
    [
      heading(`Why they came to you (${rows.length} client${rows.length === 1 ? '' : 's'})`),
      ...rows.map((r, i) =>
        container(
          [
            text(`**${r.name}**, born ${r.born}`),
            choiceSet(`referralSource_${i}`, 'Referral source: who directed them to you', referralSources, {
              value: r.values.referralSource,
              style: 'filtered',
            }),
            choiceSet(`primaryReason_${i}`, 'Main reason for seeking assistance', reasons, { value: r.values.primaryReason, style: 'compact' }),
            choiceSet(`otherReasons_${i}`, 'Other reasons (optional, tick any that apply)', reasons, {
              value: r.values.otherReasons.length ? r.values.otherReasons.join(',') : undefined,
              multi: true,
              style: 'compact',
            }),
          ],
          { separator: true },
        ),
      ),
    ],
    [submit('Continue', { step: 'namedReasons' }, 'positive')],
  );
}
