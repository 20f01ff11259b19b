import { CardFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';
import { helpCard, menuCard, welcomeCard, type MenuEntry } from '../cards/menuCards';
import { normaliseUtterance, type Command } from '../src/bot/commands';
import { readInput, type FlowEnd } from '../src/bot/guidedFlow';
import { getUserContext } from '../src/bot/userContext';

/** A button's arguments: an object, or nothing; each command checks its own fields with its own schema. */
const ButtonArgs = z.record(z.string(), z.unknown());

/** A card's button that belongs to a guided flow carries the flow and its run (see `stamp` in guidedFlow). */
const FlowCardPress = z.object({ flowRun: z.string(), flowId: z.string().optional() });

/** A guided flow that has ended, remembered so a button pressed later on one of its cards gets a real answer. */
export type EndedFlow = { run: string; flowId: string; outcome: FlowEnd['outcome'] };
/** Enough for the cards still in view in a chat; older presses get the general answer. */
const ENDED_REMEMBERED = 20;

const HELP_WORDS = new Set(['help', '?', 'what can you do', 'how does this work', 'commands']);
const MENU_WORDS = new Set(['menu', 'start', 'hi', 'hello', 'hey', 'gday', 'good morning', 'good afternoon', 'options', 'home']);

/**
 * The root of every conversation: continues the active guided flow if there is one, otherwise works out
 * what the user asked for (typed words or a menu button) and starts it.
 */
export class MainDialog {
  private readonly dialogs: DialogSet;

  constructor(
    private readonly dialogState: StatePropertyAccessor<DialogState>,
    private readonly commands: Command[],
    private readonly endedFlows: StatePropertyAccessor<EndedFlow[]>,
  ) {
    this.dialogs = new DialogSet(dialogState);
    for (const c of commands) this.dialogs.add(c.dialog);
  }

  menuEntries(): MenuEntry[] {
    return this.commands.filter((c) => c.listed !== false).map(({ id, title, description, example, shortCommand }) => ({ id, title, description, example, shortCommand }));
  }

  /** The first command, in catalogue order, that recognises the sentence, with the options it read from it. */
  route(said: string): { command: Command; options: Record<string, unknown> } | undefined {
    if (!said) return undefined;
    for (const command of this.commands) {
      const options = command.match(said);
      if (options) return { command, options };
    }
    return undefined;
  }

  async welcome(context: TurnContext): Promise<void> {
    const { organisation } = getUserContext(context);
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(welcomeCard(organisation.name, this.menuEntries()))] });
  }

  async run(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const input = readInput(context);
    const menuCommand = typeof input.value?.command === 'string' ? input.value.command : undefined;
    // In a group chat or channel everyone shares the conversation's flow, so a viewer's message must not
    // answer, save or cancel a flow a case manager started; the role is checked on every turn, not only at the start.
    const { role, organisation } = getUserContext(context);
    if (dc.activeDialog && role === 'viewer') {
      const active = this.commands.find((c) => c.dialog.id === dc.activeDialog!.id);
      if (active?.writes !== false) {
        await context.sendActivity(`"${active?.title ?? 'A task'}" is under way in this conversation and changes case files, and your role in ${organisation.name} is viewer, so only a case manager can answer it.`);
        return;
      }
    }
    if (dc.activeDialog && menuCommand) {
      const active = this.commands.find((c) => c.dialog.id === dc.activeDialog!.id);
      await context.sendActivity(`You are in the middle of "${active?.title ?? 'another task'}". Finish it, or type **cancel** first; your answers so far are kept.`);
      return;
    }
    const pressed = FlowCardPress.safeParse(input.value);
    if (pressed.success && !dc.activeDialog) return this.answerEndedFlowCard(context, pressed.data);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.complete) await this.rememberEnded(context, result.result);
    if (result.status !== DialogTurnStatus.empty) return;

    if (menuCommand) {
      const command = this.commands.find((c) => c.id === menuCommand);
      if (command) return this.start(context, dc, command, ButtonArgs.safeParse(input.value?.args).data ?? {});
    }
    const said = input.text ? normaliseUtterance(input.text) : '';
    if (HELP_WORDS.has(said.toLowerCase()) || menuCommand === 'help') {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(helpCard(this.menuEntries()))] });
      return;
    }
    if (MENU_WORDS.has(said.toLowerCase()) || menuCommand === 'menu') {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(menuCard(this.menuEntries()))] });
      return;
    }
    const routed = this.route(said);
    if (routed) return this.start(context, dc, routed.command, routed.options);
    await context.sendActivity(
      said
        ? `Sorry, I didn't understand "${input.text}". Type **help** to see what I can do, or **menu** for buttons.`
        : 'Type **help** to see what I can do, or **menu** for buttons.',
    );
  }

  private async rememberEnded(context: TurnContext, result: unknown): Promise<void> {
    const end = result as Partial<FlowEnd> | undefined;
    if (!end?.run || !end.flowId || !end.outcome) return;
    const ended = (await this.endedFlows.get(context)) ?? [];
    await this.endedFlows.set(context, [{ run: end.run, flowId: end.flowId, outcome: end.outcome }, ...ended].slice(0, ENDED_REMEMBERED));
  }

  /** A button on a card of a flow that has ended: say what became of that flow and how to go on, instead of "type help". */
  private async answerEndedFlowCard(context: TurnContext, pressed: z.infer<typeof FlowCardPress>): Promise<void> {
    const ended = ((await this.endedFlows.get(context)) ?? []).find((e) => e.run === pressed.flowRun);
    const command = this.commands.find((c) => c.id === (ended?.flowId ?? pressed.flowId));
    const again = command ? `To start again, type **${command.shortCommand ?? command.example}**, or **menu** for buttons.` : 'Type **menu** to start something new.';
    const what = command ? `"${command.title}"` : 'a task';
    const happened =
      ended?.outcome === 'saved'
        ? `was saved, so pressing its buttons now changes nothing.`
        : ended?.outcome === 'cancelled'
          ? `was cancelled, so nothing from it was saved.`
          : `has already ended, so I left it alone.`;
    await context.sendActivity(`That card is from ${what}, which ${happened} ${again}`);
  }

  private async start(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, command: Command, options: Record<string, unknown>): Promise<void> {
    if (command.writes && getUserContext(context).role === 'viewer') {
      await context.sendActivity(`"${command.title}" changes case files, and your role in ${getUserContext(context).organisation.name} is viewer. Ask a case manager, or ask me about a case file's status instead.`);
      return;
    }
    await dc.beginDialog(command.dialog.id, options);
  }
}
