import { COMMAND_IDS } from '../../src/domain/commandIds';
import { COMMAND_PHRASES } from './corpus';
import { HELD_OUT_COMMANDS } from './heldOut';
import { HELD_OUT_2_COMMANDS } from './heldOut2';
import { HELD_OUT_3_COMMANDS } from './heldOut3';
import { HELD_OUT_4_COMMANDS } from './heldOut4';
import { HELD_OUT_5_COMMANDS } from './heldOut5';
import { HELD_OUT_6_COMMANDS } from './heldOut6';
import { HELD_OUT_7_COMMANDS } from './heldOut7';

/** What the "did you mean" classifier learns from: every phrase set's commands (not help, menu, small talk or requests the bot does not handle). */
export function suggestionExamples(): [string, string][] {
  const ids = new Set<string>(COMMAND_IDS);
  const sets = [
    COMMAND_PHRASES,
    HELD_OUT_COMMANDS,
    HELD_OUT_2_COMMANDS,
    HELD_OUT_3_COMMANDS,
    HELD_OUT_4_COMMANDS,
    HELD_OUT_5_COMMANDS,
    HELD_OUT_6_COMMANDS,
    HELD_OUT_7_COMMANDS,
  ];
  return sets.flatMap((set) => set.filter((p) => ids.has(p.command)).map((p): [string, string] => [p.text, p.command]));
}
