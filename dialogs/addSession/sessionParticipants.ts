import { z } from 'zod';
import { choiceSet, container, text, textInput, type CardElement } from '../../cards/cardKit';
import type { Accepted, FlowStep, FlowTurn, StartTurn } from '../../src/bot/guidedFlow';
import { choiceStep } from '../../src/bot/stepKit';
import type { CaseFile } from '../../src/domain/caseFile';
import { SESSION_ID_MAX, type Participant } from '../../src/domain/session';
import { requireChosenCaseFile } from '../caseFileChoice';
import { ParticipationCode } from '../assignParticipants/answers';
import { caseClients, namedCaseClients } from '../assignParticipants/caseClients';
import { participationLabel } from '../assignParticipants/participationStep';

/** Someone who came to the new session, as the review card shows them and the save assigns them. */
export const Attendee = z.object({ clientId: z.string(), name: z.string(), participationCode: ParticipationCode.default('CLIENT') });
export type Attendee = z.infer<typeof Attendee>;

/** What the add-session answers hold about the people the sentence said came. */
export const SessionParticipantsAnswers = z.object({
  /** "Joan and Margaret came": kept so they can be matched again if the user picks another case file. */
  namesSaid: z.array(z.string()).default([]),
  /** Names that fit no client of the case file, or several: the user resolves them on the participants card. */
  namesUnclear: z.array(z.string()).default([]),
  attendees: z.array(Attendee).default([]),
  /** The case file has no clients yet, so nobody named can be chosen; the review card says so. */
  noCaseClients: z.boolean().default(false),
});
type Answers = z.infer<typeof SessionParticipantsAnswers> & { caseFileId?: string; caseFileName?: string };

/** The named people matched to the case file's clients; the role starts as Client, as on the assign card. */
export async function attendeesNamed(
  turn: StartTurn,
  cf: CaseFile,
  names: readonly string[],
): Promise<Pick<Answers, 'attendees' | 'namesUnclear' | 'noCaseClients'>> {
  if (names.length === 0) return { attendees: [], namesUnclear: [], noCaseClients: false };
  const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
  if (clients.length === 0) return { attendees: [], namesUnclear: [...names], noCaseClients: true };
  const { found, unclear } = namedCaseClients(names, clients);
  return {
    attendees: found.map((c) => ({ clientId: c.clientId, name: c.name, participationCode: 'CLIENT' as const })),
    namesUnclear: unclear,
    noCaseClients: false,
  };
}

/**
 * Asked only when a name in the sentence fits no client of the case file, or several: the case file's
 * clients with those that were matched ticked, and the unclear names said, so nobody is guessed.
 */
export function attendeesStep<A extends Answers>(): FlowStep<A> {
  return choiceStep<A>({
    id: 'attendees',
    title: 'Who came',
    help: 'Tick everyone from the case file who came to this session. Only clients already on the case file can be chosen; add others to the case file first, then assign them.',
    applies: (a) => a.namesUnclear.length > 0 && !a.noCaseClients,
    question: (turn) => {
      const unclear = turn.answers.namesUnclear.map((n) => `"${n}"`).join(', ');
      return `I couldn't match ${unclear} to one client of "${turn.answers.caseFileName}". Who came to the session?`;
    },
    options: async (turn) => {
      const cf = await requireChosenCaseFile(turn);
      const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
      const ticked = new Set(turn.answers.attendees.map((x) => x.clientId));
      return clients.map((c) => ({
        key: c.clientId,
        label: c.name,
        description: c.birthYear ? `born ${c.birthYear}` : undefined,
        extra: c.name.split(/\s+/),
        selected: ticked.has(c.clientId),
      }));
    },
    multi: true,
    allowNone: true,
    current: (a) => a.attendees.map((x) => x.clientId),
    pick: (keys, turn, options): Accepted<A> => {
      const earlier = new Map(turn.answers.attendees.map((x) => [x.clientId, x]));
      const attendees = keys.map(
        (clientId) =>
          earlier.get(clientId) ?? { clientId, name: options.find((o) => o.key === clientId)?.label ?? clientId, participationCode: 'CLIENT' as const },
      );
      return { ok: true, answers: { attendees } as Partial<A>, echo: `Who came: ${attendees.map((x) => x.name).join(', ') || 'nobody from the case file'}` };
    },
  });
}

const roleInput = (i: number) => `participation_${i}`;

/** On the review card: each person's role, changeable there, with the same two roles as the assign card. */
export function attendeesOnReview(turn: FlowTurn<Answers>): CardElement[] {
  const people = turn.answers.attendees;
  if (people.length === 0) return [];
  const roles = (['CLIENT', 'SUPPORT'] as const).map((code) => ({ title: participationLabel(turn.services, code), value: code }));
  return [
    container(
      [
        text(`Who came (${people.length}): client or support person`, { weight: 'Bolder' }),
        ...people.map((x, i) => choiceSet(roleInput(i), x.name, roles, { value: x.participationCode, required: true, style: 'expanded' })),
        text('No referrals are recorded with them here; if someone was referred on, use Assign participants after saving.', { subtle: true }),
      ],
      { separator: true },
    ),
  ];
}

/** Reads the roles from the review card; a role left out keeps what the card showed. */
export function readAttendeeRoles(a: Answers, value: Record<string, unknown>): { ok: true; attendees: Attendee[] } | { ok: false; message: string } {
  const attendees: Attendee[] = [];
  for (const [i, x] of a.attendees.entries()) {
    const raw = value[roleInput(i)];
    if (raw === undefined) {
      attendees.push(x);
      continue;
    }
    const parsed = ParticipationCode.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `Participation type for ${x.name}: choose Client or Support person.` };
    attendees.push({ ...x, participationCode: parsed.data });
  }
  return { ok: true, attendees };
}

/** The "Who came" line of the review card. */
export function whoCame(a: Answers): string {
  if (a.noCaseClients) return `nobody assigned: ${a.namesUnclear.map((n) => `"${n}"`).join(', ')} not on this case file yet (add them to it, then assign them)`;
  return a.attendees.map((x) => x.name).join(', ') || 'nobody from the case file';
}

export function participantsOf(a: Answers): Participant[] {
  return a.attendees.map((x) => ({ clientId: x.clientId, participationCode: x.participationCode, referrals: [] }));
}

/** The optional session fields, shown filled in on the review card to change if needed instead of asked one by one. */
export function optionalFieldsOnReview(sessionId: string | undefined, unidentified: number): CardElement[] {
  return [
    container(
      [
        text('Change if needed', { weight: 'Bolder' }),
        textInput('sessionId', 'Session id (leave empty to make one from the date)', {
          value: sessionId,
          placeholder: 'made from the date on save',
          maxLength: SESSION_ID_MAX,
        }),
        textInput('unidentifiedParticipants', 'Unidentified participants (people whose details were not collected)', {
          value: String(unidentified),
          maxLength: 3,
        }),
      ],
      { separator: true },
    ),
  ];
}
