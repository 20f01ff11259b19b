import type { Dialog } from 'botbuilder-dialogs';
import { z } from 'zod';
import type { CommandId } from '../domain/commandIds';

/**
 * A thing the bot can do, as the conversation router routes to it: by a typed sentence (its phrases live in
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
  /**
   * The options this command starts with, as a button (`{ command, args }`) gives them. A button whose args
   * fail it is refused before the command runs, since buttons can be forged.
   */
  args: z.ZodType<Record<string, unknown>>;
  dialog: Dialog;
};

/** Args of a command that starts with nothing: whatever a button adds is dropped. */
export const NoArgs = z.object({});
