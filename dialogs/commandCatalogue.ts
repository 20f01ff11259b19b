import type { Command } from '../src/bot/commands';
import type { Services } from '../src/services';
import { createCaseFileCommand } from './createCaseFileDialog';
import { sessionDetailsCommand } from './sessionDetailsDialog';

/** Every command the bot understands, in menu order. */
export function buildCommands(services: Services): Command[] {
  return [createCaseFileCommand(services), sessionDetailsCommand(services)];
}
