/**
 * Every command the bot has, by id. Buttons, readiness fixes and the command catalogue all name commands
 * through these types, so renaming or removing one is a type error wherever it is still named, and the
 * catalogue must supply exactly one command for each id (see dialogs/commandCatalogue.ts). Plain data, so
 * the domain (readiness fixes) can name commands without knowing the Bot Framework.
 */
export const COMMAND_IDS = [
  'createCaseFile',
  'transferActivity',
  'transferList',
  'addClients',
  'addSession',
  'assignParticipants',
  'sessionDetails',
  'communityScore',
  'cloneScore',
  'caseFileStatus',
  'caseFileReadiness',
  'caseFilesDue',
  'scoreTrend',
  'reminders',
  'stopReminders',
  'startReminders',
  'remindOn',
  'editCaseFile',
  'editSession',
  'removeSession',
  'editCaseClient',
  'completeClientDetails',
  'reviewDuplicateClients',
  'mergeClients',
  'exportDex',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Built into the conversation router rather than registered as commands. */
export type BuiltInButton = 'menu' | 'help';

/** What a card button may start. */
export type ButtonCommand = CommandId | BuiltInButton;
