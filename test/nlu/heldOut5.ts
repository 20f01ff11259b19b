import type { CommandPhrase, MidFlowAnswer, MidFlowCommand } from './corpus';
import type { NavigationCase } from './evaluate';

/**
 * A sixth set, written after the fourth set's fixes and run once before any change was made for it: its
 * first run is the estimate for unseen phrases. Written to differ from the earlier sets: texting style,
 * typos, no punctuation, Australian colloquial speech, several facts in one sentence, names that do not
 * exist. Same world and "now" (Wednesday 19 November 2025, 2 pm) as the corpus.
 */
const WED = 'Wednesday seniors social group';
const SHED = "Men's Shed Tuesday";
const MONEY = 'Money Business Parramatta';
const COFFEE = 'Coffee and chat mornings';
const CARERS = 'Carers support group';

export const HELD_OUT_5_COMMANDS: CommandPhrase[] = [
  // New case files
  { text: 'righto need a new case file for the Friday Fishing Club', command: 'createCaseFile', name: 'Friday Fishing Club' },
  { text: 'reckon we need a case file for the grief group', command: 'createCaseFile', name: 'grief group' },
  { text: 'new cse file', command: 'createCaseFile' },
  { text: 'open up a group for the young mums playgroup pls mate', command: 'createCaseFile', name: 'young mums playgroup' },
  { text: 'make a case file', command: 'createCaseFile' },
  // Transfers
  { text: 'can u bring the tuesday tai chi activity over to dex', command: 'transferActivity', query: 'tuesday tai chi' },
  { text: 'transfer pls the garden club', command: 'transferActivity', query: 'garden club' },
  { text: 'list my transfers', command: 'transferList' },
  { text: 'what have i transfered so far', command: 'transferList' },
  // Add clients
  { text: 'stick Doris Nguyen in the carers group', command: 'addClients', clients: ['Doris Nguyen'], caseFile: CARERS },
  { text: 'add Bazza and Shazza to mens shed mate', command: 'addClients', clients: ['Bazza', 'Shazza'], caseFile: SHED },
  { text: 'new client for money business', command: 'addClients', caseFile: MONEY },
  { text: 'can you add Ken, Lyn and Mick to coffee and chat', command: 'addClients', clients: ['Ken', 'Lyn', 'Mick'], caseFile: COFFEE },
  { text: 'add clints to wed seniors', command: 'addClients', caseFile: WED },
  { text: 'enrol Priya in the pottery group', command: 'addClients', clients: ['Priya'], caseFile: null },
  { text: 'got a new bloke for the shed, Trevor Hill', command: 'addClients', caseFile: SHED },
  { text: 'add some people to a case', command: 'addClients' },
  // Add a session
  { text: 'add a session for carers support yesterday arvo 2pm 2 hrs', command: 'addSession', caseFile: CARERS, when: '2025-11-18T14:00', minutes: 120 },
  { text: 'log wed seniors session this morning 10am for an hour', command: 'addSession', caseFile: WED, when: '2025-11-19T10:00', minutes: 60 },
  { text: 'mens shed ran last friday 9am 3 hours', command: 'addSession', caseFile: SHED, when: '2025-11-14T09:00', minutes: 180 },
  { text: 'put in a sessoin for money business on monday 45 mins', command: 'addSession', caseFile: MONEY, when: '2025-11-17', minutes: 45 },
  { text: 'coffee and chat had a session on 10/11 at 9:30', command: 'addSession', caseFile: COFFEE, when: '2025-11-10T09:30' },
  { text: 'add a session to the bush walkers yesterday', command: 'addSession', caseFile: null, when: '2025-11-18' },
  { text: 'enter a new session', command: 'addSession' },
  {
    text: 'heaps of people at carers support today, add the session 11 till 1',
    command: 'addSession',
    caseFile: CARERS,
    when: '2025-11-19T11:00',
    minutes: 120,
  },
  { text: 'need to put in a sesh for mens shed from the 4th, 2 and a half hours', command: 'addSession', caseFile: SHED, when: '2025-11-04', minutes: 150 },
  // Assign participants
  { text: 'Bev and Dot came to yesterdays wed seniors', command: 'assignParticipants', clients: ['Bev', 'Dot'], caseFile: WED, session: '2025-11-18' },
  { text: 'do the roll for carers support', command: 'assignParticipants', caseFile: CARERS },
  { text: 'everyone from mens shed was there last session', command: 'assignParticipants', everyone: true, caseFile: SHED, session: 'latest' },
  { text: 'add Harold to last weeks money business session', command: 'assignParticipants', clients: ['Harold'], caseFile: MONEY, session: 'lastWeek' },
  { text: 'who came to coffee and chat', command: 'assignParticipants', caseFile: COFFEE },
  { text: 'attendence for the last session', command: 'assignParticipants', session: 'latest' },
  { text: 'tick off Margaret for the 12 nov session', command: 'assignParticipants', clients: ['Margaret'], session: '2025-11-12' },
  // Session details
  { text: 'set the service type on the last carers session', command: 'sessionDetails', caseFile: CARERS, session: 'latest' },
  { text: 'fill in the details for yesterdays mens shed session', command: 'sessionDetails', caseFile: SHED, session: '2025-11-18' },
  { text: 'session detials', command: 'sessionDetails' },
  { text: 'what was the topic at the last wed seniors', command: 'sessionDetails', caseFile: WED, session: 'latest' },
  // Community SCORE
  { text: 'enter the scores for carers support last session', command: 'communityScore', caseFile: CARERS, session: 'latest' },
  { text: 'rate the mens shed session yesterday', command: 'communityScore', caseFile: SHED, session: '2025-11-18' },
  { text: 'put in community score for money biz', command: 'communityScore', caseFile: MONEY },
  { text: 'scroe for wed seniors', command: 'communityScore', caseFile: WED },
  { text: 'same score for all the other sessions of coffee and chat', command: 'cloneScore', caseFile: COFFEE },
  { text: 'copy last sessions scores to the rest for mens shed', command: 'cloneScore', caseFile: SHED },
  // Trend
  { text: 'how is group skills going at mens shed over time', command: 'scoreTrend', caseFile: SHED, domain: 'GROUPSKILLS' },
  { text: 'show the trend for social cohesion at wed seniors', command: 'scoreTrend', caseFile: WED, domain: 'SOCIALCOHESION' },
  { text: 'score trend money business', command: 'scoreTrend', caseFile: MONEY },
  { text: 'are carers support scores going up', command: 'scoreTrend', caseFile: CARERS },
  // Status
  { text: 'how we going with mens shed', command: 'caseFileStatus', caseFile: SHED },
  { text: 'give us the rundown on carers support', command: 'caseFileStatus', caseFile: CARERS },
  { text: 'stats for coffee and chat', command: 'caseFileStatus', caseFile: COFFEE },
  { text: 'whos in wed seniors', command: 'caseFileStatus', caseFile: WED },
  { text: 'status of the knitting group', command: 'caseFileStatus', caseFile: null },
  { text: 'hows money business lookin', command: 'caseFileStatus', caseFile: MONEY },
  { text: 'how many sessions has carers support had', command: 'caseFileStatus', caseFile: CARERS },
  // Readiness
  { text: 'is mens shed good to go for dex', command: 'caseFileReadiness', caseFile: SHED },
  { text: 'anything wrong with wed seniors before i submit', command: 'caseFileReadiness', caseFile: WED },
  { text: 'what needs fixing on coffee and chat', command: 'caseFileReadiness', caseFile: COFFEE },
  { text: 'problems with carers support', command: 'caseFileReadiness', caseFile: CARERS },
  { text: 'check money business is ready', command: 'caseFileReadiness', caseFile: MONEY },
  { text: 'is the footy tipping group ready', command: 'caseFileReadiness', caseFile: null },
  { text: 'reckon everything is sorted for dex', command: 'caseFileReadiness' },
  // Due
  { text: 'when do i have to have dex done by', command: 'caseFilesDue' },
  { text: 'whats due this week', command: 'caseFilesDue' },
  { text: 'which groups are overdue', command: 'caseFilesDue' },
  { text: 'list all my groups', command: 'caseFilesDue' },
  { text: 'when does the reporting period end', command: 'caseFilesDue' },
  // Reminders
  { text: 'no more reminders thanks', command: 'stopReminders' },
  { text: 'turn the reminders back on', command: 'startReminders' },
  { text: 'remind me every friday at 3pm', command: 'remindOn' },
  { text: 'what reminders have i got', command: 'reminders' },
  { text: 'pause reminders', command: 'stopReminders' },
  // Corrections
  { text: 'rename wed seniors', command: 'editCaseFile', caseFile: WED },
  { text: 'close off the coffee and chat case', command: 'editCaseFile', caseFile: COFFEE },
  { text: 'fix the date on the last mens shed session', command: 'editSession', caseFile: SHED, session: 'latest' },
  { text: 'edit last session of carers support', command: 'editSession', caseFile: CARERS, session: 'latest' },
  { text: 'correct yesterdays session for money business', command: 'editSession', caseFile: MONEY, session: '2025-11-18' },
  { text: 'get rid of the last session for wed seniors', command: 'removeSession', caseFile: WED, session: 'latest' },
  { text: 'delete yesterdays coffee and chat session', command: 'removeSession', caseFile: COFFEE, session: '2025-11-18' },
  { text: 'remove Bev from wed seniors', command: 'editCaseClient', caseFile: WED },
  { text: 'Harold left the mens shed', command: 'editCaseClient', caseFile: SHED },
  { text: 'change the referral for Joan in carers support', command: 'editCaseClient', caseFile: CARERS },
  // Client details, duplicates, merge, export
  { text: 'finish off the client details for Wei', command: 'completeClientDetails' },
  { text: 'which clients are missing dob', command: 'completeClientDetails' },
  { text: 'any dupes in my clients', command: 'reviewDuplicateClients' },
  { text: 'check for duplicate clients', command: 'reviewDuplicateClients' },
  { text: 'combine the two Joan Smiths', command: 'mergeClients' },
  { text: 'merge clients', command: 'mergeClients' },
  { text: 'download the dex xml', command: 'exportDex' },
  { text: 'export for dss pls', command: 'exportDex' },
  { text: 'make the upload file', command: 'exportDex' },
  // Small talk, help, menu, unknown
  { text: 'thanks heaps', command: 'smallTalk' },
  { text: 'ta mate', command: 'smallTalk' },
  { text: 'morning', command: 'smallTalk' },
  { text: 'see ya', command: 'smallTalk' },
  { text: 'how do i use this thing', command: 'help' },
  { text: 'im stuck', command: 'help' },
  { text: 'main menu pls', command: 'menu' },
  { text: 'options', command: 'menu' },
  { text: 'whats the weather like', command: 'unknown' },
  { text: 'book a meeting room for friday', command: 'unknown' },
  { text: 'send an email to my manager', command: 'unknown' },
];

export const HELD_OUT_5_NAVIGATION: NavigationCase[] = [
  { text: 'im done', nav: 'cancel' },
  { text: 'forget about it', nav: 'cancel' },
  { text: 'nah dont worry', nav: 'cancel' },
  { text: 'abort', nav: 'cancel' },
  { text: 'cancle', nav: 'cancel' },
  { text: 'stop stop', nav: 'cancel' },
  { text: 'leave it', nav: 'cancel' },
  { text: 'exit', nav: 'cancel' },
  { text: 'i give up', nav: 'cancel' },
  { text: 'oops back', nav: 'back' },
  { text: 'previous question', nav: 'back' },
  { text: 'bak', nav: 'back' },
  { text: 'undo that', nav: 'back' },
  { text: 'go back a step', nav: 'back' },
  { text: 'huh', nav: 'help' },
  { text: 'what do i put here', nav: 'help' },
  { text: 'dunno', nav: 'help' },
  { text: 'hlep', nav: 'help' },
  { text: 'what does that mean', nav: 'help' },
  { text: 'home', nav: 'menu' },
  { text: 'take me to the menu', nav: 'menu' },
  { text: 'mnu', nav: 'menu' },
  { text: 'start from scratch', nav: 'restart' },
  { text: 'begin again', nav: 'restart' },
  { text: 'redo from the start', nav: 'restart' },
];

export const HELD_OUT_5_MID_FLOW_COMMANDS: MidFlowCommand[] = [
  { text: 'whats the status of carers support', command: 'caseFileStatus' },
  { text: 'when is dex due', command: 'caseFilesDue' },
  { text: 'is mens shed ready for dex', command: 'caseFileReadiness' },
  { text: 'add a session for wed seniors', command: 'addSession' },
  { text: 'turn off reminders', command: 'stopReminders' },
  { text: 'export to dex', command: 'exportDex' },
  { text: 'new case file', command: 'createCaseFile' },
  { text: 'check for duplicates', command: 'reviewDuplicateClients' },
  { text: 'score trend for coffee and chat', command: 'scoreTrend' },
  { text: 'remove the last session', command: 'removeSession' },
];

export const HELD_OUT_5_MID_FLOW_ANSWERS: MidFlowAnswer[] = [
  { text: 'Friday arvo yarning circle' },
  { text: 'Back to Basics cooking' },
  { text: 'Cancer Council support' },
  { text: 'Home Help volunteers' },
  { text: 'Stop Smoking group' },
  { text: 'New Beginnings' },
  { text: 'Start Strong playgroup' },
  { text: 'Options for Living' },
  { text: 'Exit Pathways program' },
  { text: 'Mums Menu planning' },
  { text: 'Reminder Buddies' },
  { text: 'Status Quo band practice' },
  { text: 'Abbotsford' },
  { text: 'Done and Dusted gardening' },
  { text: 'Heaps Good walkers' },
];
