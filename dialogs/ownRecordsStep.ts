import type { Accepted, FlowStep, FlowTurn } from '../src/bot/guidedFlow';
import { choiceStep } from '../src/bot/stepKit';

type ConfirmsOwnRecords = { ownRecordsConfirmed: boolean };
type TransfersClosedSessions = ConfirmsOwnRecords & { closedSessions: number };

/**
 * The question asked when sessions are dated in a reporting period DEX has closed: DEX will not accept them,
 * so they are saved only once the user confirms they are for the organisation's own records. `changeStep`
 * names the step that lets the user correct the date instead.
 */
export function ownRecordsStep<A extends ConfirmsOwnRecords>(spec: {
  applies: (a: A) => boolean;
  why: (turn: FlowTurn<A>) => string;
  keepLabel: string;
  change?: { label: string; step: string };
}): FlowStep<A> {
  return choiceStep<A>({
    id: 'ownRecords',
    title: 'Reporting period closed',
    help: 'DEX takes sessions only until their reporting period closes. Sessions after that can be kept for your organisation’s own records, where they show as "not reported (period closed)". Type **cancel** to save nothing.',
    applies: spec.applies,
    question: (turn) => `${spec.why(turn)} Is it for your organisation's own records?`,
    options: () => [{ key: 'keep', label: spec.keepLabel }, ...(spec.change ? [{ key: 'change', label: spec.change.label }] : [])],
    pick: ([key]): Accepted<A> =>
      key === 'keep' || !spec.change
        ? { ok: true, answers: { ownRecordsConfirmed: true } as Partial<A>, echo: 'Kept for our own records; DEX will not receive it' }
        : { ok: true, answers: { ownRecordsConfirmed: false } as Partial<A>, echo: spec.change.label, goTo: spec.change.step },
  });
}

/** For a transfer: the activity's sessions in closed periods go in only once the user confirms they are for their own records. */
export function closedSessionsStep<A extends TransfersClosedSessions>(): FlowStep<A> {
  return ownRecordsStep<A>({
    applies: (a) => a.closedSessions > 0,
    why: ({ answers: { closedSessions: n } }) =>
      n === 1
        ? 'One session of this activity is dated in a reporting period DEX has closed, so DEX will not accept it.'
        : `${n} sessions of this activity are dated in reporting periods DEX has closed, so DEX will not accept them.`,
    keepLabel: 'Yes, transfer them for our own records (not reported to DEX)',
  });
}
