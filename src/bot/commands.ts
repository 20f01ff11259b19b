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
  /** Changes data, so viewers may not run it. */
  writes: boolean;
  match(text: string): Record<string, unknown> | undefined;
  dialog: Dialog;
};

/** Lower-cases and squeezes a typed sentence so patterns stay simple. */
export function normaliseUtterance(text: string): string {
  return text.toLowerCase().replace(/[“”"']/g, '').replace(/[!?.,;]+$/g, '').replace(/\s+/g, ' ').trim();
}
