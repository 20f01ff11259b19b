import { randomUUID } from 'node:crypto';
import { CardFactory, TurnContext, type Activity } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { actionSet, card, countActions, MARK, MAX_ACTIONS, submit, text, type AdaptiveCard, type CardAction, type CardElement } from '../../cards/cardKit';
import type { Services } from '../services';
import { navigationOf } from '../understanding/navigation';
import { replaceCardInBackground } from './cardReplacement';
import { getUserContext, type UserContext } from './userContext';

/** What the user sent for a step: typed words, a card submit's values, or both. */
export type FlowInput = { text: string | undefined; value: Record<string, unknown> | undefined };

/** How a step answers back: a line of text, a card, or both. */
export type Prompt = { text?: string; card?: AdaptiveCard };

export type Retry = { message: string; draft?: Record<string, unknown> };

export type Accepted<A> =
  /** `goTo` names the step to ask next instead of the following one, e.g. to loop for "add another"; `CHECK_AND_SAVE` goes to the summary. */
  { ok: true; answers: Partial<A>; echo: string; goTo?: string } | { ok: false; message: string; draft?: Record<string, unknown> };

export type FlowTurn<A> = { context: TurnContext; services: Services; user: UserContext; answers: A; progress: string };
export type StartTurn = Omit<FlowTurn<never>, 'answers' | 'progress'>;

/** One question of a guided flow. Steps hold no business rules: they parse input and call the domain. */
export type FlowStep<A> = {
  id: string;
  title: string;
  help: string;
  /** False when the answer is already known (e.g. named in the user's sentence), so the step is skipped. */
  applies?: (answers: A) => boolean;
  /** Answered by typing free text, so typed words that look like a command are confirmed before they are kept. */
  typed?: boolean;
  /**
   * `keep` is stored with the answers when the question is shown: what the card showed (e.g. who was in
   * the session), so a later save changes only what the user changed relative to it.
   */
  ask(turn: FlowTurn<A>, retry?: Retry): Promise<Prompt & { keep?: Partial<A> }>;
  accept(turn: FlowTurn<A>, input: FlowInput): Promise<Accepted<A>>;
};

/**
 * A refused save names the step to ask again, or stays on the summary. `answers` updates what the flow
 * knows (e.g. a colleague's change it has now shown the user), and the summary is shown again with `message`.
 */
export type SaveResult<A = object> = { ok: true; reply: Prompt } | { ok: false; message: string; stepId?: string; answers?: Partial<A> };

export type FlowDefinition<A, O> = {
  id: string;
  title: string;
  steps: FlowStep<A>[];
  /** Builds the first answers from what the user already said; a refusal ends the flow before it starts. */
  start(turn: StartTurn, options: O): Promise<{ answers: A } | { refuse: Prompt }>;
  /** The summary shown before anything is written. */
  review(turn: FlowTurn<A>): Promise<CardElement[]>;
  /**
   * Reads the inputs the summary card carries (answers shown there to change if needed, such as optional
   * ones), when Save is pressed with them. A refusal shows the summary again with the message.
   */
  readReview?(turn: FlowTurn<A>, value: Record<string, unknown>): Promise<{ ok: true; answers: Partial<A> } | { ok: false; message: string }>;
  /** Writes through the domain. `operationId` is stable across retries of the same save, so a retried save is a no-op. */
  save(turn: FlowTurn<A>, operationId: string): Promise<SaveResult<A>>;
  /** When saving takes something away, the summary's button says so ("Remove session") instead of "Save". */
  removal?(answers: A): string | undefined;
};

/**
 * `trail` lists the steps answered on the way here, so "back" retraces them. Answers are kept when going
 * back, so each step shows what the user said before and a flow can decide what a changed answer affects.
 */
type FlowState<A> = { run: string; stepIndex: number; trail: number[]; answers: A; saves: number; organisationId?: string; initial?: A };

/** Where a flow stands, for a message about it from outside: its run, the step it asks and how that step is answered. */
export type FlowPosition = { run: string; stepId: string; stepTitle: string; typedAnswer: boolean };

const CONFIRM = -1;
/** A step's `goTo` that skips the remaining questions: everything they would ask is known already. */
export const CHECK_AND_SAVE = 'confirm';
const SAVE_WORDS = new Set(['save', 'yes', 'y', 'yep', 'yeah', 'yup', 'confirm', 'ok', 'okay', 'sure']);
/** Words that may stand around a save word ("yep save it", "ok go ahead and save that pls"); any other word ("no", "don't") means it is not a plain save. */
const AROUND_SAVE = new Set(['it', 'that', 'this', 'please', 'pls', 'plz', 'go', 'ahead', 'and', 'thanks', 'ta', 'now']);

export function saysSave(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[.,!]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return words.some((w) => SAVE_WORDS.has(w)) && words.every((w) => SAVE_WORDS.has(w) || AROUND_SAVE.has(w));
}

/** `run` is absent when the flow refused to start, so no card of it was ever sent. */
export type FlowEnd = { flowId: string; run?: string; outcome: 'saved' | 'cancelled' };

/** Flows that ended in this turn, for the root to remember (a flow under another one ends without the root seeing its result). */
const ENDED_THIS_TURN = Symbol('flowsEndedThisTurn');

export function flowsEndedThisTurn(context: TurnContext): FlowEnd[] {
  return (context.turnState.get(ENDED_THIS_TURN) as FlowEnd[] | undefined) ?? [];
}

function ended(dc: DialogContext, end: FlowEnd): Promise<DialogTurnResult> {
  dc.context.turnState.set(ENDED_THIS_TURN, [...flowsEndedThisTurn(dc.context), end]);
  return dc.endDialog(end);
}

export function readInput(context: TurnContext): FlowInput {
  const raw = context.activity.text ? TurnContext.removeRecipientMention(context.activity as Activity) : undefined;
  const text = raw?.trim() || undefined;
  const value = context.activity.value && typeof context.activity.value === 'object' ? (context.activity.value as Record<string, unknown>) : undefined;
  return { text, value };
}

export async function sendPrompt(context: TurnContext, prompt: Prompt): Promise<void> {
  await context.sendActivity({
    type: 'message',
    ...(prompt.text ? { text: prompt.text } : {}),
    ...(prompt.card ? { attachments: [CardFactory.adaptiveCard(prompt.card)] } : {}),
  });
}

/**
 * A waterfall that asks one thing at a time and, unlike the SDK's WaterfallDialog, can go back a step, give
 * help and cancel anywhere, shows progress, re-asks with the user's draft kept, and confirms before saving.
 * Its whole state (answers included) lives in dialog state, so it survives a restart of the bot.
 */
export class GuidedFlowDialog<A extends object, O extends object> extends Dialog<O> {
  constructor(
    private readonly flow: FlowDefinition<A, O>,
    private readonly services: Services,
  ) {
    super(flow.id);
  }

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    const user = getUserContext(dc.context);
    const started = await this.flow.start({ context: dc.context, services: this.services, user }, (options ?? {}) as O);
    if ('refuse' in started) {
      await sendPrompt(dc.context, started.refuse);
      return dc.endDialog({ flowId: this.flow.id, outcome: 'cancelled' } satisfies FlowEnd);
    }
    const state: FlowState<A> = {
      run: randomUUID(),
      stepIndex: CONFIRM,
      trail: [],
      answers: started.answers,
      saves: 0,
      organisationId: user.organisation.organisationId,
      initial: started.answers,
    };
    dc.activeDialog!.state = state;
    return this.advance(dc, state, -1);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as FlowState<A>;
    // The answers belong to the organisation that started the flow: should a conversation ever be shared
    // across tenants, a user of another organisation must not see them (they name case files) or continue it.
    if (state.organisationId && state.organisationId !== getUserContext(dc.context).organisation.organisationId) {
      await dc.context.sendActivity('Someone from another organisation has a task under way in this conversation, so I left it alone.');
      return Dialog.EndOfTurn;
    }
    let input = readInput(dc.context);
    const stepId = state.stepIndex === CONFIRM ? 'confirm' : this.flow.steps[state.stepIndex]!.id;

    if (input.value && typeof input.value.flowRun === 'string' && (input.value.flowRun !== state.run || input.value.stepId !== stepId)) {
      await dc.context.sendActivity('That card is from an earlier step, so I left it alone. Here is where we are:');
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }

    // Navigation is recognised before a step reads the message, so "never mind" or "canel" is never stored as an answer.
    const nav = typeof input.value?.nav === 'string' ? input.value.nav : input.text ? navigationOf(input.text) : undefined;
    if (nav === 'answer' && typeof input.value?.answer === 'string') {
      // Words that looked like a command, confirmed by the user as their answer.
      input = { text: input.value.answer, value: undefined };
    } else if (nav === 'resume') {
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    } else if (nav === 'restart') {
      state.answers = state.initial ?? state.answers;
      state.trail = [];
      await dc.context.sendActivity(`Starting "${this.flow.title}" again from the first question. Nothing was saved.`);
      return this.advance(dc, state, -1);
    }
    if (nav === 'cancel') {
      await dc.context.sendActivity(`Cancelled "${this.flow.title}". Nothing from this run was saved.`);
      return ended(dc, { flowId: this.flow.id, run: state.run, outcome: 'cancelled' });
    }
    if (nav === 'help') {
      const help =
        state.stepIndex === CONFIRM
          ? 'Check the summary. Choose Save to write it, Back to change the last answer, or Cancel.'
          : this.flow.steps[state.stepIndex]!.help;
      await dc.context.sendActivity(`${help}\n\nAt any step you can type **back**, **help** or **cancel**.`);
      return Dialog.EndOfTurn;
    }
    if (nav === 'back') {
      const previous = state.trail.pop();
      if (previous === undefined) {
        await dc.context.sendActivity('This is the first step, so there is nothing to go back to. Type **cancel** to stop.');
      } else {
        state.stepIndex = previous;
      }
      await this.ask(dc, state);
      return Dialog.EndOfTurn;
    }

    if (state.stepIndex === CONFIRM) return this.confirm(dc, state, input, nav === 'answer' ? undefined : nav);

    const step = this.flow.steps[state.stepIndex]!;
    const accepted = await step.accept(this.turn(dc, state), input);
    if (!accepted.ok) {
      await this.ask(dc, state, { message: accepted.message, draft: accepted.draft ?? input.value });
      return Dialog.EndOfTurn;
    }
    state.answers = { ...state.answers, ...accepted.answers };
    this.sealSubmittedCard(dc.context, `${this.progress(state)} · ${step.title}`, accepted.echo);
    state.trail.push(state.stepIndex);
    if (accepted.goTo === CHECK_AND_SAVE) return this.advance(dc, state, this.flow.steps.length);
    const jump = accepted.goTo === undefined ? -1 : this.flow.steps.findIndex((s) => s.id === accepted.goTo);
    if (accepted.goTo !== undefined && jump < 0) throw new Error(`flow ${this.flow.id} has no step ${accepted.goTo}`);
    return this.advance(dc, state, jump >= 0 ? jump - 1 : state.stepIndex);
  }

  /** Asks the current question again, e.g. after a reply to small talk typed mid-flow. */
  override async repromptDialog(context: TurnContext, instance: { state: unknown }): Promise<void> {
    await this.askIn(context, instance.state as FlowState<A>);
  }

  /** Another command ran on top of this flow and finished: say so and ask where we were. */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as FlowState<A>;
    await dc.context.sendActivity(`Back to "${this.flow.title}", where you left it.`);
    await this.ask(dc, state);
    return Dialog.EndOfTurn;
  }

  where(stateOfInstance: unknown): FlowPosition {
    const state = stateOfInstance as FlowState<A>;
    if (state.stepIndex === CONFIRM) return { run: state.run, stepId: 'confirm', stepTitle: 'the check before saving', typedAnswer: false };
    const step = this.flow.steps[state.stepIndex]!;
    return { run: state.run, stepId: step.id, stepTitle: `the step “${step.title}”`, typedAnswer: step.typed === true };
  }

  private async confirm(dc: DialogContext, state: FlowState<A>, input: FlowInput, nav: string | undefined): Promise<DialogTurnResult> {
    const wantsSave = nav === 'save' || (input.text !== undefined && saysSave(input.text));
    if (!wantsSave) {
      await dc.context.sendActivity('Choose **Save** to write this, **Back** to change an answer, or **Cancel**.');
      return Dialog.EndOfTurn;
    }
    if (this.flow.readReview && input.value) {
      const read = await this.flow.readReview(this.turn(dc, state), input.value);
      if (!read.ok) {
        await this.ask(dc, state, { message: read.message });
        return Dialog.EndOfTurn;
      }
      state.answers = { ...state.answers, ...read.answers };
    }
    const result = await this.flow.save(this.turn(dc, state), `${state.run}:${state.saves}`);
    if (!result.ok) {
      if (result.answers) state.answers = { ...state.answers, ...result.answers };
      const target = result.stepId ? this.flow.steps.findIndex((s) => s.id === result.stepId) : -1;
      if (target >= 0) {
        // Retrace to that step as if the user had gone back to it, so "back" and progress stay right.
        const visited = state.trail.indexOf(target);
        if (visited >= 0) state.trail = state.trail.slice(0, visited);
        state.stepIndex = target;
        await this.ask(dc, state, { message: result.message });
      } else if (result.answers) {
        await this.ask(dc, state, { message: result.message });
      } else {
        await dc.context.sendActivity(result.message);
      }
      return Dialog.EndOfTurn;
    }
    state.saves += 1;
    this.sealSubmittedCard(dc.context, this.flow.title, 'Saved.');
    await sendPrompt(dc.context, result.reply);
    return ended(dc, { flowId: this.flow.id, run: state.run, outcome: 'saved' });
  }

  private async advance(dc: DialogContext, state: FlowState<A>, from: number): Promise<DialogTurnResult> {
    const next = this.flow.steps.findIndex((s, i) => i > from && (s.applies?.(state.answers) ?? true));
    state.stepIndex = next >= 0 ? next : CONFIRM;
    await this.ask(dc, state);
    return Dialog.EndOfTurn;
  }

  private turn(dc: DialogContext | { context: TurnContext }, state: FlowState<A>): FlowTurn<A> {
    return { context: dc.context, services: this.services, user: getUserContext(dc.context), answers: state.answers, progress: this.progress(state) };
  }

  /**
   * "Step 2 of 5": the steps answered on the way here (a loop counts each pass), this one, and those still
   * ahead that apply to the answers so far, plus the final check.
   */
  private progress(state: FlowState<A>): string {
    const done = state.trail.length;
    if (state.stepIndex === CONFIRM) return `Step ${done + 1} of ${done + 1}`;
    const ahead = this.flow.steps.filter((s, i) => i > state.stepIndex && (s.applies?.(state.answers) ?? true)).length;
    return `Step ${done + 1} of ${done + 1 + ahead + 1}`;
  }

  private async ask(dc: DialogContext, state: FlowState<A>, retry?: Retry): Promise<void> {
    await this.askIn(dc.context, state, retry);
  }

  private async askIn(context: TurnContext, state: FlowState<A>, retry?: Retry): Promise<void> {
    const dc = { context };
    const turn = this.turn(dc, state);
    const canGoBack = state.trail.length > 0;
    if (state.stepIndex === CONFIRM) {
      const body = [...(retry ? [text(`${MARK.warning} ${retry.message}`, { weight: 'Bolder' })] : []), ...(await this.flow.review(turn))];
      const removal = this.flow.removal?.(state.answers);
      const confirm = removal ? submit(removal, { nav: 'save' }, 'destructive') : submit('Save', { nav: 'save' }, 'positive');
      const actions = [confirm, ...(canGoBack ? [navButton('Back', 'back')] : []), navButton('Cancel', 'cancel')];
      await sendPrompt(dc.context, {
        card: stamp(card([text(`${turn.progress} · Check and save`, { subtle: true }), ...body], actions), this.flow.id, state.run, 'confirm'),
      });
      return;
    }
    const step = this.flow.steps[state.stepIndex]!;
    const prompt = await step.ask(turn, retry);
    if (prompt.keep) state.answers = { ...state.answers, ...prompt.keep };
    const header = `${turn.progress} · ${step.title}`;
    if (prompt.card) {
      // Back and Cancel always; Help as a button only while the card stays within six actions (typing help works anyway).
      const roomForHelp = countActions(prompt.card) + (canGoBack ? 3 : 2) <= MAX_ACTIONS;
      const nav: CardAction[] = [
        ...(canGoBack ? [navButton('Back', 'back')] : []),
        ...(roomForHelp ? [navButton('Help', 'help')] : []),
        navButton('Cancel', 'cancel'),
      ];
      const body: CardElement[] = [
        text(header, { subtle: true }),
        ...(retry ? [text(`${MARK.error} ${retry.message}`, { weight: 'Bolder' })] : []),
        ...prompt.card.body,
      ];
      const withNav = card([...body, ...(prompt.card.actions?.length ? [actionSet(prompt.card.actions)] : [])], nav);
      await sendPrompt(dc.context, { ...(prompt.text ? { text: prompt.text } : {}), card: stamp(withNav, this.flow.id, state.run, step.id) });
    } else {
      // The first line is what Teams shows in the chat list's preview, which does not render markdown, so it is plain.
      const lines = [header, ...(retry ? [`**${retry.message}**`] : []), prompt.text ?? ''];
      await dc.context.sendActivity(lines.filter(Boolean).join('\n\n'));
    }
  }

  /**
   * Replaces the card the user just submitted with a read-only record so it cannot be submitted twice. It
   * runs alongside the reply rather than before it, so a slow or unreachable Teams service never delays it.
   */
  private sealSubmittedCard(context: TurnContext, header: string, echo: string): void {
    const replyToId = context.activity.replyToId;
    if (!context.activity.value || !replyToId) return;
    replaceCardInBackground(
      context,
      { type: 'message', id: replyToId, attachments: [CardFactory.adaptiveCard(card([text(header, { subtle: true }), text(`✓ ${echo}`)]))] },
      this.services.logger,
    );
  }
}

/** Back, Help and Cancel must work even while a required input on the card is still empty. */
function navButton(title: string, nav: 'back' | 'help' | 'cancel'): CardAction {
  return { ...submit(title, { nav }), associatedInputs: 'none' };
}

/**
 * Tags every submit button with the flow, run and step it belongs to, so a stale card can be recognised and,
 * after the flow has ended, answered with what became of it.
 */
function stamp(c: AdaptiveCard, flowId: string, run: string, stepId: string): AdaptiveCard {
  const tagAction = (a: CardAction): CardAction => (a.type === 'Action.Submit' ? { ...a, data: { ...a.data, flowId, flowRun: run, stepId } } : a);
  const tagElement = (e: CardElement): CardElement => {
    if (e.type === 'ActionSet') return { ...e, actions: e.actions.map(tagAction) };
    if (e.type === 'Container') return { ...e, items: e.items.map(tagElement) };
    return e;
  };
  return { ...c, body: c.body.map(tagElement), ...(c.actions ? { actions: c.actions.map(tagAction) } : {}) };
}
