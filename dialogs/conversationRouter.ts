import { CardFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';
import { card, namedButton, submit, text } from '../cards/cardKit';
import { helpCard, menuCard, welcomeCard, type MenuEntry } from '../cards/menuCards';
import type { Command } from '../src/bot/commands';
import type { BuildCommands, CreateRouter } from '../src/bot/router';
import { flowsEndedThisTurn, GuidedFlowDialog, readInput, saysSave, sendPrompt, type FlowEnd } from '../src/bot/guidedFlow';
import { getUserContext } from '../src/bot/userContext';
import type { Clock } from '../src/services';
import { readMidFlow } from '../src/understanding/midFlow';
import { SMALL_TALK_REPLIES, type Navigation } from '../src/understanding/navigation';
import { createRecogniser, startOptions, type CommandGrammar, type Recogniser, type Understanding } from '../src/understanding/recogniser';
import { didYouMean, suggestionClassifier } from '../src/understanding/suggestionClassifier';
import { COMMAND_GRAMMAR } from './commandPhrases';

/** A card's button that belongs to a guided flow carries the flow and its run (see `stamp` in guidedFlow). */
const FlowCardPress = z.object({ flowRun: z.string(), flowId: z.string().optional() });

/** A guided flow that has ended, remembered so a button pressed later on one of its cards gets a real answer. */
export type EndedFlow = { run: string; flowId: string; outcome: FlowEnd['outcome'] };
/** Enough for the cards still in view in a chat; older presses get the general answer. */
const ENDED_REMEMBERED = 20;

/** A typed message worked out into what it asks for, with the command's start options. */
export type Routed = { command: Command; options: Record<string, unknown> };

/**
 * The root of every conversation: works out what a message asks for (typed words or a button) before a
 * guided flow reads it as an answer. Navigation goes to the flow; another command typed in the middle of a
 * flow is shown or offered, never stored; everything else is the flow's answer.
 */
export class ConversationRouter {
  private readonly dialogs: DialogSet;
  private readonly recogniser: Recogniser;
  private readonly grammarOf = new Map<string, CommandGrammar>();

  constructor(
    dialogState: StatePropertyAccessor<DialogState>,
    private readonly commands: Command[],
    private readonly clock: Clock,
    private readonly endedFlows: StatePropertyAccessor<EndedFlow[]>,
  ) {
    this.dialogs = new DialogSet(dialogState);
    for (const c of commands) {
      this.dialogs.add(c.dialog);
      const grammar = COMMAND_GRAMMAR.find((g) => g.id === c.id);
      if (!grammar) throw new Error(`command ${c.id} has no phrases in dialogs/commandPhrases.ts`);
      this.grammarOf.set(c.id, grammar);
    }
    this.recogniser = createRecogniser(COMMAND_GRAMMAR.filter((g) => this.grammarOf.has(g.id)));
    // The first reading in a process compiles the grammar and the date parser (about 0.3 s): pay it at start-up, not on a user's first message.
    this.recogniser.understand('add a session to the group yesterday at 10am for 2 hours', this.clock());
    // Trained once a process (about 0.3 s); a message not understood before it is ready waits for it.
    suggestionClassifier().catch((err: Error) => process.emitWarning(`the did-you-mean classifier did not train: ${err.message}`));
  }

  menuEntries(): MenuEntry[] {
    return this.commands
      .filter((c) => c.listed !== false)
      .map(({ id, title, description, example, shortCommand }) => ({ id, title, description, example, shortCommand }));
  }

  understand(said: string, zone: string): Understanding {
    return this.recogniser.understand(said, this.clock().setZone(zone));
  }

  /** The command a sentence starts, with the options it read from it. */
  route(said: string, zone: string): Routed | undefined {
    const u = this.understand(said, zone);
    return u.kind === 'command' ? this.routed(u.command, u.said) : undefined;
  }

  private routed(id: string, said: Parameters<typeof startOptions>[1]): Routed | undefined {
    const command = this.commands.find((c) => c.id === id);
    return command ? { command, options: startOptions(this.grammarOf.get(id)!, said) } : undefined;
  }

  /**
   * Greets someone joining the chat. When a flow is already under way in it (the chat was reopened, or
   * someone joined a shared chat), says what is in progress with Continue and Cancel instead of a fresh
   * welcome that would hide it.
   */
  async welcome(context: TurnContext): Promise<void> {
    const { organisation } = getUserContext(context);
    const dc = await this.dialogs.createContext(context);
    const flow = dc.activeDialog && dc.dialogs.find(dc.activeDialog.id);
    if (flow instanceof GuidedFlowDialog) {
      const where = flow.where(dc.activeDialog!.state);
      const title = this.commands.find((c) => c.dialog.id === dc.activeDialog!.id)?.title ?? 'A task';
      await sendPrompt(context, {
        card: card(
          [text(`Welcome back. **${title}** is still under way here, at ${where.stepTitle}, with the answers so far kept.`)],
          [submit('Continue', { nav: 'resume' }), submit('Cancel', { nav: 'cancel' })],
        ),
      });
      return;
    }
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(welcomeCard(organisation.name, this.menuEntries()))] });
  }

  async run(context: TurnContext): Promise<void> {
    await this.handle(context);
    await this.rememberEnded(context);
  }

  private async handle(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const input = readInput(context);
    const pressed = FlowCardPress.safeParse(input.value);
    if (pressed.success && !dc.activeDialog) return this.answerEndedFlowCard(context, pressed.data);
    const menuCommand = typeof input.value?.command === 'string' ? input.value.command : undefined;
    // In a group chat or channel everyone shares the conversation's flow, so a viewer's message must not
    // answer, save or cancel a flow a case manager started; the role is checked on every turn, not only at the start.
    const { role, organisation } = getUserContext(context);
    const active = dc.activeDialog ? this.commands.find((c) => c.dialog.id === dc.activeDialog!.id) : undefined;
    if (dc.activeDialog && role === 'viewer' && active?.writes !== false) {
      await context.sendActivity(
        `"${active?.title ?? 'A task'}" is under way in this conversation and changes case files, and your role in ${organisation.name} is viewer, so only a case manager can answer it.`,
      );
      return;
    }
    if (dc.activeDialog && menuCommand) {
      const command = this.commands.find((c) => c.id === menuCommand);
      const args = command ? await this.buttonArgs(context, command, input.value?.args) : {};
      if (!args) return;
      // A button that only reads (a status pick, a readiness fix list) runs on top of the flow, which then asks again.
      if (command && (input.value?.switch === true || !command.writes)) return this.start(context, dc, command, args);
      if (command) return this.offerSwitch(dc, { command, options: args }, active);
    }
    if (dc.activeDialog && input.text && !input.value) {
      const handled = await this.interrupt(dc, input.text, organisation.timeZone, active);
      if (handled) return;
    }
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.empty) return;

    if (menuCommand === 'help') return this.showHelp(context);
    if (menuCommand === 'menu') return this.showMenu(context);
    if (menuCommand) {
      const command = this.commands.find((c) => c.id === menuCommand);
      if (command) {
        const args = await this.buttonArgs(context, command, input.value?.args);
        return args ? this.start(context, dc, command, args) : undefined;
      }
    }
    if (!input.text) {
      await context.sendActivity('Type **help** to see what I can do, or **menu** for buttons.');
      return;
    }
    const u = this.understand(input.text, organisation.timeZone);
    switch (u.kind) {
      case 'help':
        return this.showHelp(context);
      case 'menu':
        return this.showMenu(context);
      case 'smallTalk':
        await context.sendActivity(SMALL_TALK_REPLIES[u.talk]);
        return;
      case 'navigation':
        await context.sendActivity(
          u.nav === 'resume'
            ? 'Nothing is under way right now. What would you like to do?'
            : `Nothing is under way, so there is nothing to ${u.nav === 'back' ? 'go back from' : 'cancel'}. Type **menu** for buttons.`,
        );
        return;
      case 'command': {
        const routed = this.routed(u.command, u.said);
        if (routed) return this.start(context, dc, routed.command, routed.options);
        break;
      }
      case 'unknown':
        return this.notUnderstood(context, input.text, u);
    }
  }

  /**
   * A message typed while a flow waits for an answer. Menu shows the menu with the flow kept; small talk
   * gets its reply and the question again; another command is answered (if it only reads) or offered with
   * Switch / Keep going. Returns false when the message is for the flow: navigation or an answer.
   */
  private async interrupt(dc: DialogContext, typed: string, zone: string, active: Command | undefined): Promise<boolean> {
    const read = readMidFlow(typed, (t) => this.understand(t, zone), active?.id);
    const nav = read.kind === 'navigation' ? read.nav : undefined;
    // The menu keeps the flow as it is, so a message that probably asks for it gets it without a question.
    if (nav === 'menu' || (read.kind === 'maybeNavigation' && read.nav === 'menu')) {
      await dc.context.sendActivity({
        text: `"${active?.title ?? 'Your task'}" is still open with your answers kept. Pick something below to switch, or type **continue** to carry on.`,
        attachments: [CardFactory.adaptiveCard(menuCard(this.menuEntries()))],
      });
      return true;
    }
    if (nav) return false;
    if (read.kind === 'smallTalk') {
      await dc.context.sendActivity(SMALL_TALK_REPLIES[read.talk]);
      await dc.repromptDialog();
      return true;
    }
    if (read.kind === 'maybeNavigation' && read.nav !== 'menu') {
      await this.askNavigationOrAnswer(dc, read.nav, typed, active);
      return true;
    }
    if (read.kind !== 'command') return false;
    const routed = this.routed(read.command, read.said);
    if (!routed) return false;
    if (!routed.command.writes) {
      // A question that only reads ("status of X") is answered on top of the flow, which then asks again.
      await dc.beginDialog(routed.command.dialog.id, routed.options);
      return true;
    }
    await this.offerSwitch(dc, routed, active, typed);
    return true;
  }

  /**
   * Words that are probably cancel, back, help, menu or start over but not quite said so ("cancel everything",
   * "oops typo"): asked about, never stored unasked. The buttons carry the navigation to the flow, which reads
   * them before any step does.
   */
  private async askNavigationOrAnswer(dc: DialogContext, nav: Exclude<Navigation, 'menu'>, typed: string, active: Command | undefined): Promise<void> {
    const flow = dc.activeDialog && dc.dialogs.find(dc.activeDialog.id);
    const where = flow instanceof GuidedFlowDialog ? flow.where(dc.activeDialog!.state) : undefined;
    const title = active?.title ?? 'this';
    // The question names the task and the words typed, so the button titles stay short enough for a phone.
    const meaning: Record<Exclude<Navigation, 'menu'>, string> = {
      cancel: `cancel ${title}`,
      back: 'go back a step',
      help: 'get help with this question',
      restart: `start ${title} again`,
      resume: `keep going with ${title}`,
    };
    const button: Record<Exclude<Navigation, 'menu'>, string> = {
      cancel: 'Cancel it',
      back: 'Go back a step',
      help: 'Help with this question',
      restart: 'Start again',
      resume: 'Keep going',
    };
    const actions = [
      submit(button[nav], { nav }),
      ...(nav === 'resume' ? [] : [submit('Keep going', { nav: 'resume' })]),
      ...(where?.typedAnswer ? [submit('Use my words as the answer', { nav: 'answer', answer: typed, flowRun: where.run, stepId: where.stepId })] : []),
    ];
    await sendPrompt(dc.context, {
      card: card([text(`Did you mean to ${meaning[nav]}, or is "${typed}" your answer${where ? ` to ${where.stepTitle}` : ''}?`)], actions),
    });
  }

  /**
   * A button's arguments checked by its command's own schema: buttons can be forged or come from a card an
   * older version of the bot sent, so arguments that fail it get a plain refusal and start nothing.
   */
  private async buttonArgs(context: TurnContext, command: Command, raw: unknown): Promise<Record<string, unknown> | undefined> {
    const args = command.args.safeParse(raw ?? {});
    if (args.success) return args.data;
    await context.sendActivity(
      `That button's details are not ones I can use (it may be from an old card), so I did not start "${command.title}". Type **menu** to choose again, or tell me what you need, e.g. "${command.example}".`,
    );
    return undefined;
  }

  /** Another writing task asked for mid-flow: switch (the open flow resumes after it), keep going, or, for a typed answer, keep the words as the answer. */
  private async offerSwitch(dc: DialogContext, routed: Routed, active: Command | undefined, typed?: string): Promise<void> {
    const flow = dc.activeDialog && dc.dialogs.find(dc.activeDialog.id);
    const where = flow instanceof GuidedFlowDialog ? flow.where(dc.activeDialog!.state) : undefined;
    const actions = [
      // The text above names both tasks and the words typed, so the titles stay short enough for a phone.
      submit('Switch now', { command: routed.command.id, args: routed.options, switch: true }),
      submit('Keep going', { nav: 'resume' }),
      ...(typed && where?.typedAnswer
        ? [submit('Use my words as the answer', { nav: 'answer', answer: typed, flowRun: where.run, stepId: where.stepId })]
        : []),
    ];
    const at = where ? ` (at ${where.stepTitle})` : '';
    // The same task asked for again (e.g. "new client" typed at "Choose the client") is not "another" task.
    const again = active?.id === routed.command.id;
    const what = typed ? `"${typed}" sounds like ${again ? 'starting ' : ''}**${routed.command.title}**` : `That starts **${routed.command.title}**`;
    const body = again
      ? [
          text(`${what} again, but it is already under way${at}.`),
          text('Start it again now and I will bring you back to this one afterwards with your answers kept, or keep going.', { subtle: true }),
        ]
      : [
          text(`${what}, but **${active?.title ?? 'another task'}** is under way${at}.`),
          text('Switch now and I will bring you back to it afterwards with your answers kept, or keep going.', { subtle: true }),
        ];
    await sendPrompt(dc.context, { card: card(body, actions) });
  }

  /** Not understood: the closest commands as buttons, carrying a case file the sentence named. */
  private async notUnderstood(context: TurnContext, typed: string, u: Extract<Understanding, { kind: 'unknown' }>): Promise<void> {
    // "save" typed again after saving, or with nothing open: say that nothing is waiting rather than "didn't understand".
    if (/\b(?:save|confirm)\b/i.test(typed) && saysSave(typed)) {
      await context.sendActivity('There is nothing waiting to be saved: what you saved is stored. Type **menu** to start something new.');
      return;
    }
    // Without the classifier (it failed to train) the cue words alone choose the buttons.
    const guesses = u.suggestions.length
      ? await suggestionClassifier()
          .then((c) => c.guess(typed))
          .catch(() => [])
      : [];
    const suggestions = didYouMean(u.suggestions, guesses)
      .map((id) => this.commands.find((c) => c.id === id))
      .filter((c): c is Command => c !== undefined);
    if (!suggestions.length) {
      await context.sendActivity(`Sorry, I didn't understand "${typed}". Type **help** to see what I can do, or **menu** for buttons.`);
      return;
    }
    const args = u.said.caseName ? { caseName: u.said.caseName } : {};
    await sendPrompt(context, {
      card: card([
        text(`Sorry, I didn't understand "${typed}". Did you mean one of these?`),
        text('Or type **help** to see what I can do.', { subtle: true }),
        ...suggestions.map((c) => namedButton(c.title, 'Start this', { command: c.id, args })),
      ]),
    });
  }

  private async rememberEnded(context: TurnContext): Promise<void> {
    const now = flowsEndedThisTurn(context).flatMap((e) => (e.run ? [{ run: e.run, flowId: e.flowId, outcome: e.outcome }] : []));
    if (!now.length) return;
    const before = (await this.endedFlows.get(context)) ?? [];
    await this.endedFlows.set(context, [...now.reverse(), ...before].slice(0, ENDED_REMEMBERED));
  }

  /** A button on a card of a flow that has ended: say what became of that flow and how to go on, instead of "type help". */
  private async answerEndedFlowCard(context: TurnContext, pressed: z.infer<typeof FlowCardPress>): Promise<void> {
    const ended = ((await this.endedFlows.get(context)) ?? []).find((e) => e.run === pressed.flowRun);
    const command = this.commands.find((c) => c.id === (ended?.flowId ?? pressed.flowId));
    const again = command
      ? `To start again, type **${command.shortCommand ?? command.example}**, or **menu** for buttons.`
      : 'Type **menu** to start something new.';
    const what = command ? `"${command.title}"` : 'a task';
    const happened =
      ended?.outcome === 'saved'
        ? 'was saved, so pressing its buttons now changes nothing.'
        : ended?.outcome === 'cancelled'
          ? 'was cancelled, so nothing from it was saved.'
          : 'has already ended, so I left it alone.';
    await context.sendActivity(`That card is from ${what}, which ${happened} ${again}`);
  }

  private async showHelp(context: TurnContext): Promise<void> {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(helpCard(this.menuEntries()))] });
  }

  private async showMenu(context: TurnContext): Promise<void> {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(menuCard(this.menuEntries()))] });
  }

  private async start(context: TurnContext, dc: DialogContext, command: Command, options: Record<string, unknown>): Promise<void> {
    if (command.writes && getUserContext(context).role === 'viewer') {
      await context.sendActivity(
        `"${command.title}" changes case files, and your role in ${getUserContext(context).organisation.name} is viewer. Ask a case manager, or ask me about a case file's status instead.`,
      );
      return;
    }
    await dc.beginDialog(command.dialog.id, options);
  }
}

/** The router the bot is built with, over these commands, its dialog state kept in the conversation. */
export function createConversationRouter(buildCommands: BuildCommands): CreateRouter {
  return (state, services) =>
    new ConversationRouter(
      state.createProperty<DialogState>('dialogState'),
      buildCommands(services),
      services.clock,
      state.createProperty<EndedFlow[]>('endedFlows'),
    );
}
