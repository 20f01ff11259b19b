import type { Dialog } from 'botbuilder-dialogs';

/**
 * A thing the bot can do, as the main dialog routes to it: by a typed sentence (`match`) or by a menu
 * button (`{ command: id }`). `match` returns the options the flow starts with (e.g. a case-file name the
 * user already gave), or undefined when the sentence is not about this command.
 */
export type Command = {
  id: string;
  title: string;
  description: string;
  example: string;
  /** A phrase of at most 32 characters that starts this command, for Teams' command menu. */
  shortCommand?: string;
  /** False for commands reached only by typing or from another card, kept out of the menu and help lists. */
  listed?: boolean;
  /** Changes data, so viewers may not run it. */
  writes: boolean;
  /** Patterns should be case-insensitive: the sentence keeps its case so names come out as typed. */
  match(text: string): Record<string, unknown> | undefined;
  dialog: Dialog;
};

/** Squeezes a typed sentence so patterns stay simple; case is kept because names are extracted from it. */
export function normaliseUtterance(text: string): string {
  return text.replace(/[“”"']/g, '').replace(/[!?.,;]+$/g, '').replace(/\s+/g, ' ').trim();
}
