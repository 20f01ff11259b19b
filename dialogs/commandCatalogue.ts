import type { Command } from '../src/bot/commands';
import type { Services } from '../src/services';
import { addClientsCommand } from './addClientsDialog';
import { addSessionCommand } from './addSessionDialog';
import { assignParticipantsCommand } from './assignParticipantsDialog';
import { cloneScoreCommand } from './cloneScoreDialog';
import { communityScoreCommand, scoreTrendCommand } from './communityScoreDialog';
import { createCaseFileCommand } from './createCaseFileDialog';
import { sessionDetailsCommand } from './sessionDetailsDialog';
import { reminderCommands } from './remindersDialog';
import { statusCommands } from './statusDialog';
import { activityTransferCommands } from './transferActivityDialog';

/** Every command the bot understands, in menu order. */
export function buildCommands(services: Services): Command[] {
  return [createCaseFileCommand(services), ...activityTransferCommands(services), addClientsCommand(services), addSessionCommand(services), assignParticipantsCommand(services), sessionDetailsCommand(services), communityScoreCommand(services), cloneScoreCommand(services), ...statusCommands(services), scoreTrendCommand(services), ...reminderCommands(services)];
}
