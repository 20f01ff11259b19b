import type { Command } from '../src/bot/commands';
import type { Services } from '../src/services';
import { addSessionCommand } from './addSessionDialog';
import { assignParticipantsCommand } from './assignParticipantsDialog';
import { createCaseFileCommand } from './createCaseFileDialog';
import { sessionDetailsCommand } from './sessionDetailsDialog';

/** Every command the bot understands, in menu order. */
export function buildCommands(services: Services): Command[] {
  return [createCaseFileCommand(services), addSessionCommand(services), assignParticipantsCommand(services), sessionDetailsCommand(services)];
}
