import { CardFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';
import { helpCard, menuCard, welcomeCard, type MenuEntry } from '../cards/menuCards';
import { normaliseUtterance, type Command } from '../src/bot/commands';
import { readInput } from '../src/bot/guidedFlow';
import { getUserContext } from '../src/bot/userContext';

/** A button's arguments: an object, or nothing; each command checks its own fields with its own schema. */
const ButtonArgs = z.record(z.string(), z.unknown());

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
    const result = await dc.continueDialog();
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

  private async start(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, command: Command, options: Record<string, unknown>): Promise<void> {
    if (command.writes && getUserContext(context).role === 'viewer') {
      await context.sendActivity(`"${command.title}" changes case files, and your role in ${getUserContext(context).organisation.name} is viewer. Ask a case manager, or ask me about a case file's status instead.`);
      return;
    }
    await dc.beginDialog(command.dialog.id, options);
  }
}
