import type { Command } from '../src/bot/commands';
import { COMMAND_IDS, type CommandId } from '../src/domain/commandIds';
import type { Services } from '../src/services';
import { addClientsCommand } from './addClientsDialog';
import { addSessionCommand } from './addSessionDialog';
import { assignParticipantsCommand } from './assignParticipantsDialog';
import { cloneScoreCommand } from './cloneScoreDialog';
import { communityScoreCommand, scoreTrendCommand } from './communityScoreDialog';
import { completeClientDetailsCommand } from './completeClientDetailsDialog';
import { createCaseFileCommand } from './createCaseFileDialog';
import { reviewDuplicateClientsCommand } from './duplicateClientsDialog';
import { mergeClientsCommand } from './mergeClientsDialog';
import { exportCommand } from './exportDialog';
import { editCaseClientCommand } from './editCaseClientDialog';
import { editCaseFileCommand } from './editCaseFileDialog';
import { editSessionCommand } from './editSessionDialog';
import { removeSessionCommand } from './removeSessionDialog';
import { sessionDetailsCommand } from './sessionDetailsDialog';
import { reminderCommands } from './remindersDialog';
import { statusCommands } from './statusDialog';
import { activityTransferCommands } from './transferActivityDialog';

/** One command for every id, each under its own id: a missing, extra or misnamed command fails the type check. */
type Catalogue = { [K in CommandId]: Command<K> };

/**
 * Every command the bot understands, in menu order (the order of COMMAND_IDS). How each is said lives in
 * `./commandPhrases` (COMMAND_GRAMMAR, one entry per CommandId): a new command adds its phrases there.
 */
export function buildCommands(services: Services): Command[] {
  const [transferActivity, transferList] = activityTransferCommands(services);
  const [caseFileStatus, caseFileReadiness, caseFilesDue] = statusCommands(services);
  const [reminders, stopReminders, startReminders, remindOn] = reminderCommands(services);
  const catalogue: Catalogue = {
    createCaseFile: createCaseFileCommand(services),
    transferActivity,
    transferList,
    addClients: addClientsCommand(services),
    addSession: addSessionCommand(services),
    assignParticipants: assignParticipantsCommand(services),
    sessionDetails: sessionDetailsCommand(services),
    communityScore: communityScoreCommand(services),
    cloneScore: cloneScoreCommand(services),
    caseFileStatus,
    caseFileReadiness,
    caseFilesDue,
    scoreTrend: scoreTrendCommand(services),
    reminders,
    stopReminders,
    startReminders,
    remindOn,
    editCaseFile: editCaseFileCommand(services),
    editSession: editSessionCommand(services),
    removeSession: removeSessionCommand(services),
    editCaseClient: editCaseClientCommand(services),
    completeClientDetails: completeClientDetailsCommand(services),
    reviewDuplicateClients: reviewDuplicateClientsCommand(services),
    mergeClients: mergeClientsCommand(services),
    exportDex: exportCommand(services),
  };
  return COMMAND_IDS.map((id) => catalogue[id]);
}
