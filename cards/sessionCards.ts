import type { CaseFile } from '../src/domain/caseFile';
import { formatDuration } from '../src/domain/dateFormat';
import type { Session } from '../src/domain/session';
import { participantCount, sessionWhen } from '../src/domain/sessionListing';
import { actionSet, card, choiceSet, container, facts, heading, nextStepCard, submit, text, type AdaptiveCard, type CardElement, type Choice } from './cardKit';

function sessionFacts(session: Session, zone: string): CardElement {
  return facts([
    ['Session id', session.sessionId],
    ['Date and time', sessionWhen(session, zone)],
    ['Duration', formatDuration(session.durationMinutes)],
    ['Unidentified participants', String(session.unidentifiedParticipants)],
  ]);
}

/** After a session is saved: the natural next steps are another session or putting people in this one. */
export function sessionAddedCard(cf: CaseFile, session: Session, zone: string): AdaptiveCard {
  return card([
    heading(`Session ${session.sessionId} added to "${cf.name}"`),
    sessionFacts(session, zone),
    text('Add another session?'),
    actionSet([
      submit('Add another session', { command: 'addSession', args: { caseFileId: cf.caseFileId } }, 'positive'),
      submit('Assign participants', { command: 'assignParticipants', args: { caseFileId: cf.caseFileId, sessionId: session.sessionId } }),
      submit('Menu', { command: 'menu' }),
    ]),
  ]);
}

/** `newSession`: the session was saved in the same step, which the heading says first. */
export function participantsAssignedCard(cf: CaseFile, session: Session, lines: [string, string][], zone: string, newSession = false): AdaptiveCard {
  return card([
    heading(
      newSession
        ? `Session ${session.sessionId} saved with ${participantCount(lines.length)}`
        : `${participantCount(lines.length)} assigned to session ${session.sessionId}`,
    ),
    text(`"${cf.name}", ${sessionWhen(session, zone)}. The session now has ${participantCount(session.participants.length)}.`),
    facts(lines),
    text('Next, fill in the session details such as service type and setting.', { subtle: true }),
    actionSet([
      submit('Fill in session details', { command: 'sessionDetails', args: { caseFileId: cf.caseFileId, sessionId: session.sessionId } }, 'positive'),
      submit('Menu', { command: 'menu' }),
    ]),
  ]);
}

/** Assigning needs clients on the case file first, so the refusal offers that instead. */
export function noClientsCard(cf: CaseFile): AdaptiveCard {
  return nextStepCard(`"${cf.name}" has no clients yet`, 'Only clients on the case file can join its sessions. Add clients first, then assign them.', {
    title: 'Add clients',
    command: 'addClients',
    args: { caseFileId: cf.caseFileId },
  });
}

export function noSessionsCard(cf: CaseFile): AdaptiveCard {
  return nextStepCard(`"${cf.name}" has no sessions yet`, 'Add a session first, then assign participants to it.', {
    title: 'Add a session',
    command: 'addSession',
    args: { caseFileId: cf.caseFileId },
  });
}

export type ParticipantRow = { inputId: string; name: string; value: string };

/** One Client / Support person choice per participant, on one card. */
export function participationBody(question: string, rows: ParticipantRow[], choices: Choice[]): CardElement[] {
  return [
    heading(question),
    ...rows.map((r) => choiceSet(r.inputId, r.name, choices, { value: r.value, required: true, style: 'expanded' })),
    text(`Or type, for example, "all clients" or "${rows.at(-1)?.name ?? 'Sam'} support person".`, { subtle: true }),
  ];
}

export type ReferralRow = { name: string; internalId: string; internal: string; externalId: string; external: string };

/** Per participant, the purposes of an internal and of an external referral; leaving both empty means no referral. */
export function referralsBody(question: string, rows: ReferralRow[], purposes: Choice[]): CardElement[] {
  return [
    heading(question),
    text('Leave a box empty when there was no referral of that kind.', { subtle: true }),
    ...rows.map((r) =>
      container(
        [
          text(r.name, { weight: 'Bolder' }),
          choiceSet(r.internalId, 'Internal referral (another service of ours): purposes', purposes, {
            value: r.internal,
            multi: true,
            style: 'compact',
            placeholder: 'No internal referral',
          }),
          choiceSet(r.externalId, 'External referral (another organisation): purposes', purposes, {
            value: r.external,
            multi: true,
            style: 'compact',
            placeholder: 'No external referral',
          }),
        ],
        { separator: true },
      ),
    ),
    text('Or type **none** if nobody was referred.', { subtle: true }),
  ];
}
