import type { Dialog } from 'botbuilder-dialogs';
import type { CommandId } from '../domain/commandIds';

/**
 * A thing the bot can do, as the main dialog routes to it: by a typed sentence (its phrases live in
 * dialogs/commandPhrases.ts, read by src/understanding) or by a menu button (`{ command: id, args }`).
 */
export type Command<I extends CommandId = CommandId> = {
  id: I;
  title: string;
  description: string;
  example: string;
  /** A phrase of at most 32 characters that starts this command, for Teams' command menu. */
  shortCommand?: string;
  /** False for commands reached only by typing or from another card, kept out of the menu and help lists. */
  listed?: boolean;
  /** Changes data, so viewers may not run it. */
  writes: boolean;
  dialog: Dialog;
};
