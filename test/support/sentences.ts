import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { createRecogniser, startOptions } from '../../src/understanding/recogniser';

const recogniser = createRecogniser(COMMAND_GRAMMAR);

/** The command a typed sentence starts and the options it starts with, as the conversation router reads it. */
export function readSentence(
  text: string,
  now = DateTime.fromISO('2025-11-19T14:00', { zone: 'Australia/Sydney' }),
): { command: string; options: Record<string, unknown> } | undefined {
  const u = recogniser.understand(text, now);
  if (u.kind !== 'command') return undefined;
  return { command: u.command, options: startOptions(COMMAND_GRAMMAR.find((g) => g.id === u.command)!, u.said) };
}

/** The options a sentence starts this command with, or undefined when it starts another command or none. */
export function optionsFor(command: string, text: string): Record<string, unknown> | undefined {
  const read = readSentence(text);
  return read?.command === command ? read.options : undefined;
}
