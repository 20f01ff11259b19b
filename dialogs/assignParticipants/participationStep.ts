import { card, submit } from '../../cards/cardKit';
import { participationBody } from '../../cards/sessionCards';
import type { Accepted, FlowInput, FlowStep } from '../../src/bot/guidedFlow';
import { saysNothing } from '../../src/bot/stepKit';
import type { Services } from '../../src/services';
import { clientNamed, ParticipationCode, type Answers, type Assignment } from './answers';

export function participationLabel(services: Services, code: ParticipationCode): string {
  return services.referenceData.labelOf('participation', code) ?? code;
}

/**
 * Reads a typed answer to the participation question: "all clients", "support person" (everyone), or
 * names with their role ("Sam support person, Ali client"); anyone not named is a client.
 */
function typedParticipation(textIn: string, assignments: Assignment[]): Map<string, ParticipationCode> | string {
  const said = textIn.trim().toLowerCase();
  const everyone = (code: ParticipationCode) => new Map(assignments.map((x) => [x.clientId, code]));
  if (saysNothing(said) || /^(?:all |everyone )?(?:as )?clients?$/.test(said)) return everyone('CLIENT');
  if (/^(?:all |everyone )?(?:as )?support(?: people| persons?)?$/.test(said)) return everyone('SUPPORT');
  const result = everyone('CLIENT');
  for (const part of said.split(/\s*[,;]\s*|\s+and\s+/).filter(Boolean)) {
    const m = /^(.+?)\s+(?:is\s+)?(?:an?\s+|as\s+(?:an?\s+)?)?(client|support(?: person)?)$/.exec(part);
    const who = m ? clientNamed(m[1]!, assignments) : undefined;
    if (!m || !who) return `I couldn't read "${part}". Use the card, or type for example "all clients" or "${assignments[0]!.name} support person".`;
    result.set(who.clientId, m[2] === 'client' ? 'CLIENT' : 'SUPPORT');
  }
  return result;
}

export function chooseParticipation(): FlowStep<Answers> {
  const inputId = (i: number) => `participation_${i}`;
  return {
    id: 'participation',
    title: 'Participation type',
    help: 'Client: the person received the service. Support person: they came to support a client, such as a carer or family member.',
    async ask(turn, retry) {
      const draft = retry?.draft ?? {};
      const choices = (['CLIENT', 'SUPPORT'] as const).map((code) => ({ title: participationLabel(turn.services, code), value: code }));
      const rows = turn.answers.assignments.map((x, i) => ({
        inputId: inputId(i),
        name: x.name,
        value: typeof draft[inputId(i)] === 'string' ? (draft[inputId(i)] as string) : x.participationCode,
      }));
      return {
        card: card(participationBody('Did each person take part as a client or as a support person?', rows, choices), [
          submit('Continue', { step: 'participation' }, 'positive'),
        ]),
      };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<Answers>> {
      const assignments = turn.answers.assignments;
      let codes: Map<string, ParticipationCode>;
      if (input.value) {
        codes = new Map();
        for (const [i, x] of assignments.entries()) {
          const parsed = ParticipationCode.safeParse(input.value[inputId(i)]);
          if (!parsed.success) return { ok: false, message: `Participation type for ${x.name}: choose Client or Support person.`, draft: input.value };
          codes.set(x.clientId, parsed.data);
        }
      } else {
        const typed = typedParticipation(input.text ?? '', assignments);
        if (typeof typed === 'string') return { ok: false, message: typed };
        codes = typed;
      }
      const updated = assignments.map((x) => ({ ...x, participationCode: codes.get(x.clientId) ?? x.participationCode }));
      const echo = updated.map((x) => `${x.name} ${participationLabel(turn.services, x.participationCode).toLowerCase()}`).join(', ');
      return { ok: true, answers: { assignments: updated }, echo: `Participation: ${echo}` };
    },
  };
}
