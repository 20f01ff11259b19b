import { z } from 'zod';
import { clientDetailsCard } from '../cards/clientDetailsCards';
import { nextStepCard, type NextStep } from '../cards/cardKit';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowStep, type FlowTurn, type StartTurn } from '../src/bot/guidedFlow';
import { choiceStep, textStep } from '../src/bot/stepKit';
import { CLIENT_ID_MAX, type Client } from '../src/domain/client';
import { CASE_FILE_ID_MAX } from '../src/domain/caseFile';
import {
  ClientDetailsChangeSchema,
  describeMissing,
  missingClientDetails,
  OPTIONAL_CLIENT_DETAILS,
  REQUIRED_CLIENT_DETAILS,
  type ClientDetailField,
} from '../src/domain/clientDetails';
import { findClients } from '../src/domain/clientMatching';
import { facts, heading, text } from '../cards/cardKit';
import type { Services } from '../src/services';
import { READINESS_COMMAND } from '../cards/statusCards';
import { detailChoices, readClientDetails, submittedValues, valuesOfClient } from './clientDetails/detailsInput';
import { detailRows } from './clientDetails/detailRows';
import { saveClientDetails } from './clientDetails/saveClientDetails';

export const COMPLETE_CLIENT_DETAILS_COMMAND = 'completeClientDetails' as const;

const FieldSchema = z.enum([...REQUIRED_CLIENT_DETAILS, ...OPTIONAL_CLIENT_DETAILS]);

const Answers = z.object({
  clientId: z.string().optional(),
  clientName: z.string().optional(),
  search: z.string().optional(),
  /** The field a readiness button pointed at: asked first. */
  focus: FieldSchema.optional(),
  /** The case file the user came from, so the last card can lead back to its readiness. */
  caseFileId: z.string().optional(),
  change: ClientDetailsChangeSchema.optional(),
});
type Answers = z.infer<typeof Answers>;

const StartOptions = z.object({
  clientId: z.string().min(1).max(CLIENT_ID_MAX).optional(),
  field: FieldSchema.optional(),
  caseFileId: z.string().min(1).max(CASE_FILE_ID_MAX).optional(),
  clientName: z.string().trim().min(1).max(120).optional(),
});

async function clientOf(turn: FlowTurn<Answers>): Promise<Client | undefined> {
  return turn.answers.clientId ? turn.services.clients.get(turn.user.organisation.organisationId, turn.answers.clientId) : undefined;
}

/** The required fields still missing, the one a button pointed at first (a yes to disability brings its kinds). */
function askedFields(client: Client, focus: ClientDetailField | undefined): { required: ClientDetailField[]; optional: ClientDetailField[] } {
  let required: ClientDetailField[] = missingClientDetails(client);
  if (required.includes('hasDisabilities')) required.push('disabilityCodes');
  required = [...new Set(required)];
  if (focus && required.includes(focus)) required = [focus, ...required.filter((f) => f !== focus)];
  const optional = OPTIONAL_CLIENT_DETAILS.filter((f) => client[f] === undefined);
  return { required, optional };
}

const searchStep = textStep<Answers>({
  id: 'search',
  title: 'Find the client',
  help: 'Type part of the client’s given or family name, or their client id. Small typos are fine.',
  applies: (a) => !a.clientId && !a.search,
  question: () => 'Whose details should be completed? Type part of their name.',
  parse: async (value, turn) => {
    const search = value.trim();
    if (search.length > 120) return { ok: false, message: 'Search: type at most 120 characters of the name.' };
    if ((await matches(turn, search)).length === 0)
      return { ok: false, message: `No client matches "${search}". Check the spelling, or type part of the family name.` };
    return { ok: true, answers: { search }, echo: `Search: ${search}` };
  },
});

async function matches(turn: StartTurn, search: string) {
  const listing = await turn.services.clients.listForSearch(turn.user.organisation.organisationId);
  return findClients(search, listing, 8);
}

const pickStep = choiceStep<Answers>({
  id: 'client',
  title: 'Client',
  help: 'Choose the person; the birth year tells people with the same name apart. Type **back** to search with another spelling.',
  applies: (a) => !a.clientId || a.search !== undefined,
  question: (turn) => `Clients like "${turn.answers.search ?? ''}"`,
  async options(turn) {
    return (await matches(turn, turn.answers.search ?? '')).map((c) => ({
      key: c.clientId,
      label: `${c.givenName} ${c.familyName}`,
      description: `born ${c.birthDate.slice(0, 4)}`,
    }));
  },
  current: (a) => a.clientId,
  async pick([clientId], _turn, options) {
    const picked = options.find((o) => o.key === clientId)!;
    return { ok: true, answers: { clientId, clientName: picked.label, change: undefined }, echo: `Client: ${picked.label}` };
  },
});

const detailsStep: FlowStep<Answers> = {
  id: 'details',
  title: 'Client details for DEX',
  help: 'Answer what DEX still needs for this client. Type in the country and language boxes to search; choose "Not stated" if the client would rather not say. The optional questions may stay blank.',
  async ask(turn, retry) {
    const client = await clientOf(turn);
    if (!client) return { text: 'That client is no longer in your organisation’s client list. Type **back** to choose another, or **cancel**.' };
    const { required, optional } = askedFields(client, turn.answers.focus);
    const name = `${client.givenName} ${client.familyName}`;
    if (required.length === 0 && optional.length === 0) return { text: `${name} has every detail DEX asks for. Type **cancel** to stop.` };
    return {
      card: clientDetailsCard({
        title: required.length ? `What DEX still needs for ${name}` : `${name} has every detail DEX requires`,
        intro: required.length ? `Missing: ${describeMissing(required.filter((f) => f !== 'disabilityCodes'))}.` : 'You can add the optional details below.',
        required,
        optional,
        values: retry?.draft ? submittedValues(retry.draft) : valuesOfClient(turn.answers.change ?? {}),
        choices: detailChoices(turn.services.referenceData),
        submitData: { step: 'details' },
      }),
    };
  },
  async accept(turn, input) {
    const client = await clientOf(turn);
    if (!client) return { ok: false, message: 'That client is no longer in your organisation’s client list. Type **back** to choose another.' };
    if (!input.value) return { ok: false, message: 'Fill in the card and press Continue: these answers come from lists, so the card is the quickest way.' };
    const { required, optional } = askedFields(client, turn.answers.focus);
    const read = readClientDetails(input.value, required, optional, turn.services.referenceData);
    if (!read.ok) return { ok: false, message: read.message, draft: input.value };
    if (Object.keys(read.change).length === 0) return { ok: false, message: 'Nothing was filled in. Answer at least one question, or type **cancel**.' };
    const rows = detailRows(turn.services.referenceData, read.change);
    return { ok: true, answers: { change: read.change }, echo: rows.map(([k, v]) => `${k}: ${v}`).join('; ') };
  },
};

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: COMPLETE_CLIENT_DETAILS_COMMAND,
    title: 'Complete client details',
    async start(turn, options) {
      const parsed = StartOptions.safeParse(options);
      const o = parsed.success ? parsed.data : {};
      if (o.clientId) {
        const client = await turn.services.clients.get(turn.user.organisation.organisationId, o.clientId);
        if (client)
          return {
            answers: Answers.parse({
              clientId: client.clientId,
              clientName: `${client.givenName} ${client.familyName}`,
              focus: o.field,
              caseFileId: o.caseFileId,
            }),
          };
      }
      const found = o.clientName ? await matches(turn, o.clientName) : [];
      // A full name that is exactly one client's needs no pick list of one; a first name alone keeps it, where the birth year confirms the person.
      const typed = (o.clientName ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
      const sameName = found.filter((c) => `${c.givenName} ${c.familyName}`.toLowerCase() === typed);
      if (sameName.length === 1) {
        const c = sameName[0]!;
        return { answers: Answers.parse({ clientId: c.clientId, clientName: `${c.givenName} ${c.familyName}`, caseFileId: o.caseFileId }) };
      }
      // A name from the sentence that matches nobody is asked for again rather than shown as an empty list.
      const search = found.length > 0 ? o.clientName : undefined;
      return { answers: Answers.parse({ search, caseFileId: o.caseFileId }) };
    },
    steps: [searchStep, pickStep, detailsStep],
    async review(turn) {
      return [
        heading(`Save these details for ${turn.answers.clientName ?? 'the client'}?`),
        facts(detailRows(turn.services.referenceData, turn.answers.change ?? {})),
        text('Only the answers shown are recorded.', { subtle: true }),
      ];
    },
    async save(turn) {
      const a = turn.answers;
      if (!a.clientId || !a.change) return { ok: false, message: 'There is nothing to save yet.', stepId: 'details' };
      const org = turn.user.organisation;
      const result = await saveClientDetails(turn.services, org.organisationId, a.clientId, a.change, {
        now: turn.services.clock().setZone(org.timeZone).toISO()!,
        actor: turn.user.actor,
      });
      if (!result.ok) return { ok: false, message: result.problems.map((p) => p.message).join(' '), stepId: 'details' };
      const still = missingClientDetails(result.value);
      const name = `${result.value.givenName} ${result.value.familyName}`;
      const message = still.length ? `Saved. ${name} still needs: ${describeMissing(still)}.` : `Saved. ${name} now has every detail DEX requires.`;
      const next: NextStep = a.caseFileId
        ? { title: 'Check the case file again', command: READINESS_COMMAND, args: { caseFileId: a.caseFileId } }
        : { title: 'Complete another client', command: COMPLETE_CLIENT_DETAILS_COMMAND };
      return { ok: true, reply: { card: nextStepCard(`${name}'s details saved`, message, next) } };
    },
  };
}

export function completeClientDetailsCommand(services: Services): Command<'completeClientDetails'> {
  return {
    id: COMPLETE_CLIENT_DETAILS_COMMAND,
    title: 'Complete client details',
    description:
      'Record what DEX still needs about a client: consent, pseudonym, country of birth, language, Indigenous origin, disability and address, plus optional details.',
    example: 'complete client details for Margaret Nguyen',
    shortCommand: 'complete client details',
    writes: true,
    args: StartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
