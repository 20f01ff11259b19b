import { z } from 'zod';
import { clientMatchesCard, NEW_CLIENT, SEARCH_AGAIN, type ClientChoice } from '../../cards/clientCards';
import type { Accepted, FlowStep, FlowTurn } from '../../src/bot/guidedFlow';
import { textStep } from '../../src/bot/stepKit';
import { findClients } from '../../src/domain/clientMatching';
import { namedClientsAnswered, oneByOne, taken, unavailableMessage, type AddClientsAnswers as Answers, type ClientRef } from './clientDraft';
import { birthYear, required } from './stepSupport';

/** Teams shows at most five buttons in a row; more matches than that mean the search needs more letters. */
const MATCH_LIMIT = 5;

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

export const searchStep = textStep<Answers>({
  id: 'search',
  title: 'Find the client',
  help: 'Type part of the client’s given or family name, e.g. "Marg" or "Nguyen". Small typos are fine. I will show the matches, and you can create a new client if they are not there.',
  // Also after the named clients' card, when "Add another client" comes back here for a name to find.
  applies: (a) => !a.search && namedClientsAnswered(a),
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

export const pickStep: FlowStep<Answers> = {
  id: 'pick',
  title: 'Choose the client',
  applies: oneByOne,
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
      if (pick === SEARCH_AGAIN) return searchFor(parsed.data.search ?? '', 'pick');
    } else {
      const typed = input.text ?? '';
      const matches = await matchesFor(turn, a.search ?? '');
      const exact = matches.filter((m) => m.name.toLowerCase() === typed.toLowerCase());
      if (/^new(?: client)?$/i.test(typed)) pick = NEW_CLIENT;
      else if (exact.length === 1) pick = exact[0]!.clientId;
      else return searchFor(typed, 'pick');
    }
    const fresh = a.current.mode ? a.current : { otherReasons: [] };
    if (pick === NEW_CLIENT) return { ok: true, answers: { current: { ...fresh, mode: 'new' } }, echo: 'New client' };
    const client = await turn.services.clients.get(turn.user.organisation.organisationId, pick);
    if (!client) return { ok: false, message: 'Client: that person is not in your organisation’s client list. Search again.' };
    const { onCaseFile, inThisPass } = await taken(turn);
    const name = `${client.givenName} ${client.familyName}`;
    if (onCaseFile.has(client.clientId) || inThisPass.has(client.clientId))
      return { ok: false, message: unavailableMessage(name, onCaseFile.has(client.clientId)) };
    const existing: ClientRef = { clientId: client.clientId, givenName: client.givenName, familyName: client.familyName, birthDate: client.birthDate };
    return { ok: true, answers: { current: { ...fresh, mode: 'existing', existing } }, echo: `Client: ${name}, born ${birthYear(client.birthDate)}` };
  },
};
