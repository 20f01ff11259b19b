import type { ConversationState, TurnContext } from 'botbuilder';
import type { MenuEntry } from '../../cards/menuCards';
import type { Services } from '../services';
import type { Command } from './commands';

export type BuildCommands = (services: Services) => Command[];

/**
 * What the bot hands each message to: the flows' entry point (dialogs/conversationRouter.ts). The bot layer knows it only
 * by this shape and receives it from the composition root (src/app.ts), so src/bot never imports dialogs/.
 */
export interface Router {
  welcome(context: TurnContext): Promise<void>;
  run(context: TurnContext): Promise<void>;
  menuEntries(): MenuEntry[];
  route(text: string, zone: string): { command: { id: string } } | undefined;
}

/** Builds the router on the bot's conversation state, where it keeps its dialog state. */
export type CreateRouter = (state: ConversationState, services: Services) => Router;
