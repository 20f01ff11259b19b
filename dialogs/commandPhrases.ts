import { COMMAND_IDS, type CommandId } from '../src/domain/commandIds';
import { COMMAND_SIGNS, NEWCOMER } from './commandSigns';
import { ART, caseOnly, phrase, target, TO, type Grammar } from './phraseKit';
import {
  completeClientDetails,
  editCaseClient,
  editCaseFile,
  editSession,
  exportDex,
  mergeClients,
  remindOn,
  reminders,
  removeSession,
  reviewDuplicateClients,
  startReminders,
  stopReminders,
} from './recordPhrases';
import { due, readiness, scoreTrend, status } from './questionPhrases';

/**
 * How staff say each command: the one place a command's phrases live. The sentence these patterns read is
 * described at `Phrase` (src/understanding/recogniser.ts): lower case, wrappers gone, typos and synonyms
 * settled, details replaced by markers. A new command adds its entry here.
 */

const createCaseFile: Grammar = {
  id: 'createCaseFile',
  options: (said) => ({ ...(said.name ? { name: said.name } : {}) }),
  cues: ['new', 'create', 'case', 'file', 'casefile', 'group', 'start', 'set up'],
  phrases: [
    phrase(
      String.raw`^(?:(?:create|make|start|open|open up|set up|setup|add|need|get|want|start up|begin|we are starting|were starting|starting|setting up|opening) )?(?:me )?(?:a |an )?(?:new|brand new|fresh|another new) (?:(?:case ?file|casefile) (?!(?:for|called|named|titled|about|to|with|in|on|at|needed|please|pls|now|today|session|sessions|SESSION|client|member|members|people|participants|score)\b)(?<nameAfter>.+?)|(?:case ?file|casefile|case|group file|group|program|programme)(?: (?:for|called|named|titled|about) (?:the )?(?<name>.+?))?)(?: (?:can|could) you .+)?$`,
    ),
    // "(reckon we need) a case file for the grief group": the wrapper taken off leaves no verb.
    phrase(String.raw`^(?:a |an )(?:case ?file|casefile|group file) (?:for|called|named) (?:the )?(?<name>.+)$`),
    phrase(
      String.raw`^(?:create|make|start|start up|open|open up|set up|setup|begin) (?:a |an )?(?:case ?file|casefile|case|group file|group)(?: (?:for|called|named|titled) (?:the )?(?<name>.+))?$`,
    ),
  ],
};

const transferActivity: Grammar = {
  id: 'transferActivity',
  options: (said) => ({ ...(said.query ? { query: said.query } : {}) }),
  cues: ['transfer', 'activity', 'import', 'attendance'],
  phrases: [
    phrase(String.raw`^(?:activity )?transfer(?: an?| the| some)?(?: activity| activities)?$`),
    phrase(
      String.raw`^transfer (?:over |across )?(?:the |an? )?(?:activity )?(?!list$|history$|log$|record$)(?<query>.+?)(?: activity| attendance)?(?: (?:into|to|over to|across to|in) (?:a )?(?:new )?(?:case ?file|dex|dss))?$`,
    ),
    phrase(
      String.raw`^(?:bring across|bring over|bring in|import|move across|move over|pull in|pull across|convert) (?:the )?(?<query>.+?)(?: activity| attendance)?(?: from (?:the )?(?:roll|attendance roll|attendance|import|system))?(?: (?:into|to) (?:a )?(?:new )?case ?file)?$`,
    ),
    phrase(
      String.raw`^(?:bring|move|pull) (?:the )?(?<query>.+?)(?: activity| attendance)? (?:across|over|in)(?: (?:into|to) (?:dex|(?:a )?(?:new )?case ?file))?$`,
    ),
    phrase(String.raw`^(?:move|turn|make|put) (?:the )?(?<query>.+?)(?: activity| attendance)? (?:into|to) (?:dex|dss|(?:a )?(?:new )?case ?file)$`),
  ],
};

const transferList: Grammar = {
  id: 'transferList',
  cues: ['transfer', 'transferred', 'history', 'list'],
  phrases: [
    phrase(
      String.raw`^(?:show |see |view |open |list |check )?(?:me )?(?:the |my |our |all )?(?:list of )?(?:the )?(?:activity )?(?:transfers(?: list| history| record| so far)?|transfer (?:list|history|record))$`,
    ),
    phrase(String.raw`^(?:list of|history of) (?:the |all )?(?:activity )?transfers$`),
    phrase(String.raw`^what (?:is |has |have )?(?:been |was |were |got |we )?(?:already )?transferred(?: so far| already)?$`),
    phrase(
      String.raw`^(?:which|what) activities (?:have |has |did we |did i )?(?:been |were |we |i |got )?(?:already )?(?:transferred|transfer)(?: already| so far)?$`,
    ),
    phrase(String.raw`^transferred activities$`),
    // "what activities can i transfer", "show imported activities": what is there to transfer.
    phrase(
      String.raw`^(?:which|what) activities (?:can|could|should|do|need to) (?:i|we) (?:need to |have to |still )?(?:transfer|bring over|bring across|move over)(?: .+)?$`,
    ),
    phrase(String.raw`^(?:show |list |see |view )?(?:me )?(?:the |all |all the |any )?(?:imported|available|new) activities(?: to transfer)?$`),
    // Asking whether it was done is asking for the list: "did i already transfer knit and natter", "show me what ive transferred".
    phrase(String.raw`^(?:did|have|has) (?:i|we|you|someone) (?:already )?(?:transfer|transferred|bring over|brought over|move over|moved over) .+$`),
    // "have i moved tuesday seniors over yet": the activity between the verb and its "over".
    phrase(
      String.raw`^(?:did|have|has) (?:i|we|you|someone) (?:already )?(?:bring|brought|move|moved|bring|pull|pulled) .+ (?:over|across|in)(?: yet| already)?$`,
    ),
    phrase(
      String.raw`^(?:show (?:me )?)?what (?:i have|we have|has been|have been|i|we) (?:already )?(?:transferred|moved over|brought over)(?: so far| already)?$`,
    ),
    phrase(
      String.raw`^(?:which|what) (?:of (?:my|our|the) )?activities (?:have |has )?(?:been |got )?(?:already )?(?:transferred|moved over|moved across|brought over|brought across)(?: so far| already)?$`,
    ),
  ],
};

const VERB_ADD = String.raw`(?:add|register|enrol|sign up|put|record|include|enter)`;
const PEOPLE = String.raw`(?:client|person|people|participants|member|members|customer|customers)`;
const addClients: Grammar = {
  id: 'addClients',
  options: (said) => ({ ...caseOnly(said), ...(said.clients?.length ? { clientNames: said.clients } : {}) }),
  cues: ['add', 'client', 'person', 'people', 'enrol', 'register'],
  phrases: [
    // "new client for money business - Priya Sharma", "add a client to carers: Jo Bloggs": the names after the case file.
    phrase(String.raw`^(?:${VERB_ADD} )?(?:(?:a|an|new|another) )*${PEOPLE} ${TO} ${ART}(?<case>[^,]+?) , (?<clients>[^,].*)$`),
    phrase(String.raw`^${VERB_ADD} (?:(?:a|an|new|another|more|some|couple of|a couple of|few|a few|the) )*${PEOPLE}(?: ${TO} ${ART}(?<case>.+?))?$`),
    phrase(String.raw`^new ${PEOPLE}(?: ${TO} ${ART}(?<case>.+?))?$`),
    phrase(
      String.raw`^${VERB_ADD} (?:new )?(?:client )?(?<clients>(?!SESSION)(?!(?:a |an |the |some |our )?(?:community |pre and post )?(?:scores?|ratings?|details|session|sessions|attendance|interpreter|topic)\b).+?) (?:to|into|onto|on|in|with) ${ART}(?<case>(?!.*SESSION).+?)$`,
    ),
    // "new client Ahmed Khalil, money business": the names first, the case file after the comma.
    phrase(String.raw`^(?:(?:add|enrol|register) )?(?:a )?new client (?<clients>[^,]+?) , ${ART}(?<case>[^,]+)$`),
    phrase(String.raw`^add (?:a )?(?:new )?client (?<clients>.+)$`),
    // "jo bloggs is new to wed seniors": someone new to a group is someone to add.
    phrase(
      String.raw`^(?!(?:we|i|they|you|it|there|who|someone|somebody|what|which|this|that)\b)(?<clients>.+?) (?:is|are) new (?:to|at|in) ${ART}(?<case>.+)$`,
    ),
    // "Ngaire wants to join wed seniors": someone joining is someone to add.
    phrase(
      String.raw`^(?!(?:we|i|they|you|it|there|who|someone|somebody)\b)(?<clients>.+?) (?:wants to|would like to|wanna|is keen to|is going to|will) (?:join|come to|start at|start coming to|sign up for|sign up to) ${ART}(?<case>.+)$`,
    ),
    phrase(String.raw`^sign (?<clients>.+?) up (?:for|to|with|at|in|into) ${ART}(?<case>.+)$`),
    phrase(String.raw`^(?:sign up|enrol|register) (?:new )?(?:client )?(?<clients>(?!SESSION).+?) (?:for|to|into|in|with|at) ${ART}(?<case>(?!.*SESSION).+?)$`),
  ],
};

const addSession: Grammar = {
  id: 'addSession',
  options: (said) => ({
    ...caseOnly(said),
    ...(said.when ? { when: said.when } : {}),
    ...(said.minutes !== undefined ? { minutes: said.minutes } : {}),
    ...(said.clients?.length ? { names: said.clients } : {}),
  }),
  dateNames: 'when',
  cues: ['add', 'session', 'record', 'new session'],
  phrases: [
    phrase(
      String.raw`^(?:add|new|create|record|put in|put|make|do|start|book in|book|enter) (?:(?:a|an|another|one more|the|new|one) )*(?:group )?(?:session|sessions|SESSION)(?: (?:in|on))?(?: ,)?(?: (?:to|for|in|into|on|with|at|of) ${ART}| )?(?<case>.+?)?(?: ,? (?<clients>.+?) (?:came|attended|were there|was there|turned up|showed up|came along))?$`,
    ),
    phrase(
      String.raw`^(?:add|record|put in|enter|do) ${ART}(?<case>(?!.*\b(?:score|community|details|topic|service|setting|interpreter|attendance|participants|client)\b).+?) (?:session|SESSION)$`,
    ),
    phrase(
      String.raw`^(?:we |i )?(?:had|ran|held|did|run|hold|facilitated) (?!(?:i|we|you|someone|anyone) )(?!.*${NEWCOMER})(?:the |a |our )?(?<case>.+?)(?: session)?(?: ,? (?<clients>.+?) (?:came|attended))?$`,
      { needs: ['when'] },
    ),
    phrase(String.raw`^session (?:for|to|in) ${ART}(?<case>.+?)$`, { needs: ['when'] }),
    // "session today for carers 10-11.30": the day read as the session's, with a length, is a new one.
    phrase(String.raw`^SESSION (?:for|to|in) ${ART}(?<case>.+?)$`, { needs: ['when', 'minutes'] }),
    // "just ran wed seniors, can you log it? 2 hours": a group run, with how long it went, is a session held.
    phrase(
      String.raw`^(?:we |i )?(?:just )?(?:had|ran|held|facilitated|finished) (?!(?:i|we|you|someone|anyone) )(?!.*${NEWCOMER})(?:the |a |our )?(?<case>.+?)(?: session)?$`,
      { needs: ['minutes'] },
    ),
    // "log the carers group from this arvo": a group named with the day it met.
    phrase(String.raw`^(?:add|record|put in) ${ART}(?<case>(?!.*\b(?:new|client|people|participants)\b).+? (?:group|class))$`, { needs: ['when'] }),
    // "log yesterday's mens shed, 9 till 12": a group named with when it met and for how long is a session held.
    phrase(
      String.raw`^(?:record|put in) ${ART}(?<case>(?!.*\b(?:new|clients?|people|participants|scores?|details|attendance|to|into|for|at|with)\b).+?)(?: ,)?$`,
      { needs: ['when', 'minutes'] },
    ),
    // "put in today's group": the group that met that day.
    phrase(String.raw`^(?:add|record|put in|put|do) (?:the |a |our |my |this |that )?(?:group|class)$`, { needs: ['when'] }),
    // "money business session friday just gone 5pm half an hour": a session described by when and how long.
    phrase(String.raw`^(?:the )?(?<case>.+?) (?:session|SESSION)$`, { needs: ['when', 'minutes'] }),
    phrase(String.raw`^(?:the )?(?<case>.+?) (?:had|ran|held|did) (?:a |an |another |their |its )?(?:session|SESSION)(?: (?:on|at|for|from) SESSION)?$`, {
      needs: ['when'],
    }),
  ],
};

const assignParticipants: Grammar = {
  id: 'assignParticipants',
  options: (said) => ({
    ...caseOnly(said),
    ...(said.clients?.length ? { names: said.clients } : {}),
    ...(said.everyone ? { everyone: true } : {}),
    ...(said.session ? { session: said.session } : {}),
    ...(said.participation ? { participation: said.participation } : {}),
  }),
  dateNames: 'session',
  cues: ['assign', 'participants', 'attendance', 'came', 'attended', 'who came'],
  phrases: [
    ...(
      [
        ['(?:support person|supporter|carer)', 'SUPPORT'],
        ['client', 'CLIENT'],
      ] as const
    ).flatMap(([role, participation]) => [
      phrase(String.raw`^make (?<clients>.+?) (?:an? )?${role} (?:in|for|at|on) ${target()}$`, { implies: { participation } }),
      phrase(String.raw`^(?:change|set|mark|switch|put) (?<clients>.+?) (?:as|to|into|down as) (?:an? )?${role} (?:in|for|at|on) ${target()}$`, {
        implies: { participation },
      }),
    ]),
    phrase(String.raw`^(?:assign|allocate)(?: (?<clients>.+?))? (?:to|into|in|for|on) ${target()}$`),
    phrase(String.raw`^(?:assign|allocate) (?<clients>.+)$`),
    phrase(
      String.raw`^(?:mark|put|record|tick|tick off|enter) (?<clients>.+?) (?:as )?(?:attending|attended|present|here|there|in attendance)(?: (?:at|in|for|to|on) ${target()})?$`,
    ),
    phrase(
      String.raw`^(?:add|put|record|mark|tick off|tick|include|enter) (?<clients>(?!(?:a |an |the |some )?(?:community |pre and post )?(?:score|details|session|interpreter|topic|service)\b).+?) (?:to|into|in|on|for|at|as being at|as attending) (?:the )?(?:session (?:on |from |of )?)?SESSION(?: (?:of|for|in|at|on) ${ART}(?<case>.+)| ${ART}(?<caseBefore>.+?) session)?$`,
    ),
    phrase(
      String.raw`^(?:take|do|fill in|fill out|record|mark|update|enter|complete|add|put in|check|finish|sort|sort out) (?:the )?(?:attendance|participants)(?: (?:for|of|in|at|on|to) ${target()}| ,? (?:the )?SESSION(?: (?:of|for|in|at) ${ART}(?<case>.+))?)?$`,
    ),
    phrase(String.raw`^(?:attendance|participants|attendance list|participant list) (?:for|of|at|in|on) ${target()}$`),
    phrase(
      String.raw`^(?:who is|who|who was|who were) (?:came|come|attended|at|went|turned up|showed up|was there|was at|were at|came to|went to|turned up to|showed up to|come to)(?: to| at)? ${target()}$`,
    ),
    phrase(
      String.raw`^(?:mark|tick off|tick|record|put|add) (?<clients>.+?) (?:as )?(?:present |here |there )?(?:for|at|in|to) (?:the )?(?:last|latest) (?<case>(?!.*\b(?:SESSION|session|week)\b).+)$`,
      { implies: { session: { kind: 'latest' } } },
    ),
    phrase(
      String.raw`^(?:record|mark|enter|add|put in|note|tick off|tick|take down|write down) who (?:came|attended|was there|was at|turned up|showed up)(?: to| at)? ${target()}$`,
    ),
    // "all of them came to the last coffee and chat", "Dot was at the last carers group": the last of a case file is its latest session.
    phrase(
      String.raw`^(?!(?:we|i|they|you|it|there|who|what|which|anyone|someone|somebody|nobody|no one)\b)(?<clients>.+?) (?:came|attended|were at|was at|went|turned up|showed up)(?: to| at)? (?:the )?(?:last|latest) (?<case>(?!.*\b(?:SESSION|session|week)\b).+)$`,
      { implies: { session: { kind: 'latest' } } },
    ),
    phrase(
      String.raw`^ALL (?:from|in|at|of) ${ART}(?<case>.+?) (?:came|attended|turned up|showed up|were there|was there)(?: (?:to|at|for))?(?: (?:the )?SESSION)?$`,
    ),
    // "Bev and Dot came to yesterday's wed seniors": a day said makes it a session's roll, not a new client.
    // "Raj and Fatima attended money business last thursday", "Harold was at the shed on tuesday".
    phrase(
      String.raw`^(?!(?:we|i|they|you|it|there)\b)(?<clients>.+?) (?:(?:came|turned up|showed up|went) (?:to|at)|attended(?: at)?|(?:was|were) (?:at|in)) ${ART}(?<case>(?!.*SESSION).+)$`,
      { needs: ['when'] },
    ),
    phrase(
      String.raw`^(?<clients>.+?) (?:came|attended|were at|was at|went|turned up|showed up|were there|was there)(?: to| at| for)? (?:the )?SESSION(?: (?:of|for|at|in) ${ART}(?<case>.+))?$`,
    ),
  ],
};

const ONE_FIELD = String.raw`(?:service type|service setting|setting|topic|interpreter|hardship(?: type)?|referral destination|money business workshop|workshop|service)`;
/** "the service type and topic": one field or several. */
const FIELD = String.raw`${ONE_FIELD}(?:(?: ,| and| ,? and) (?:the )?${ONE_FIELD})*`;
const sessionDetails: Grammar = {
  id: 'sessionDetails',
  options: (said) => ({ ...caseOnly(said), ...(said.session ? { session: said.session } : {}) }),
  dateNames: 'session',
  cues: ['session', 'details', 'service', 'setting', 'topic', 'interpreter', 'edit'],
  phrases: [
    // "details for the last mens shed": the last of a case file is its latest session.
    phrase(
      String.raw`^(?:(?:fill in|fill out|update|change|record|add|do|complete|enter|finish|set|put in|put|fix) )?(?:the )?(?:session )?details (?:for|of|in|on) (?:the )?(?:last|latest) (?<case>(?!.*SESSION).+?)(?: session)?$`,
      { implies: { session: { kind: 'latest' } } },
    ),
    phrase(
      String.raw`^(?:(?:fill in|fill out|edit|update|change|record|add|do|complete|enter|finish|set|put in|put|fix) )?(?:the )?(?:SESSION |session )?(?:session )?details(?: (?:for|of|in|on|to) ${target()})?$`,
    ),
    phrase(String.raw`^(?:the )?SESSION (?:of|for|in) ${ART}(?<case>.+?) (?:needs|need|is missing) (?:its |the |some )?details$`),
    phrase(String.raw`^(?:edit|update|change) (?:the )?(?:SESSION|session)(?: (?:of|for|in|at|on) ${ART}(?<case>.+))?$`),
    phrase(
      String.raw`^(?:(?:change|set|update|edit|add|record|put in|put|enter|fill in|pick|choose) )?(?:an? |the )?(?:session )?${FIELD}(?: in)?(?: (?:for|of|in|on|to|at) ${target()})?$`,
    ),
    phrase(String.raw`^(?:was|were) there an? interpreter(?: (?:at|in|for) ${target()})?$`),
    phrase(String.raw`^details (?:for|of) ${target()}$`),
    phrase(String.raw`^what (?:was|is) (?:the )?${FIELD} (?:at|of|for|in) (?:the )?(?:last|latest) (?<case>(?!.*SESSION).+?)(?: session)?$`, {
      implies: { session: { kind: 'latest' } },
    }),
  ],
};

const SCORE_VERB = String.raw`(?:record|add|do|enter|edit|update|change|fill in|put in|put|set|give|take|complete|fix|finish)`;
const communityScore: Grammar = {
  id: 'communityScore',
  options: (said) => ({ ...caseOnly(said), ...(said.session ? { session: said.session } : {}) }),
  dateNames: 'session',
  cues: ['score', 'community', 'rate', 'pre', 'post'],
  phrases: [
    // "put the scores in for money business": plural, and a particle after.
    phrase(
      String.raw`^(?:${SCORE_VERB} )?(?:a |the |some |our )?(?:pre and post |pre post )?(?:community )?scores?(?: in| down| up)?(?: (?:for|on|of|to|in) ${target()})?$`,
    ),
    phrase(String.raw`^(?:${SCORE_VERB} )?(?:the )?SESSION (?:community )?score(?: (?:for|of|in) ${ART}(?<case>.+))?$`),
    phrase(String.raw`^(?:rate|score) how ${ART}(?<case>.+?) (?:went|was|did|go|going)$`),
    phrase(String.raw`^(?:rate|score) (?!(?:trend|trends|over time|progress|history|change|changes)\b)(?:for )?${target()}$`),
    phrase(String.raw`^community$`),
    phrase(String.raw`^(?:${SCORE_VERB} )?(?:the |our )?pre and post(?: score)?(?: (?:for|on|of|to|in) ${target()})?$`),
    phrase(String.raw`^(?:community )?score ${ART}(?<case>(?!(?:trend|trends|over time|progress|history)\b).+)$`, { fallback: true }),
  ],
};

const LATER = String.raw`(?:the |all |all the )?(?:later|future|next|other|following|remaining|rest of the|upcoming|all|all later|all other) sessions?`;
const cloneScore: Grammar = {
  id: 'cloneScore',
  dateNames: 'session',
  cues: ['copy', 'clone', 'duplicate', 'same score', 'later sessions'],
  phrases: [
    phrase(
      String.raw`^(?:clone|copy|duplicate|reuse|carry over|carry forward|roll over|copy over|copy across) (?:the |this |a |that |our )?(?:SESSION )?(?:same )?(?:community )?score(?: forward| across| over| on)?(?: (?:for|of|from|in) ${target()})?(?: (?:to|for|across|into|onto|over) ${LATER}(?: (?:of|for|in) ${ART}(?<case>.+))?)?$`,
    ),
    phrase(
      String.raw`^carry (?:the |this |that )?(?:community )?score (?:forward|over|across|on) (?:to|into|onto|for) ${LATER}(?: (?:of|for|in) ${ART}(?<case>.+))?$`,
    ),
    phrase(
      String.raw`^(?:use|apply|give|put|copy|carry) (?:the )?(?:SESSION )?(?:same )?score (?:for|to|on|in|across|over) (?:(?:the rest of|all of|all) (?:the )?(?:later |other |future |remaining |following )?|(?:the )?(?:later|other|future|remaining|following|next) )(?<case>.+?) sessions$`,
    ),
    phrase(String.raw`^(?:use|apply|give|put) (?:the )?same score (?:for|to|on|in) ${LATER}(?: (?:of|for|in) ${ART}(?<case>.+))?$`),
    phrase(String.raw`^same score(?: as (?:last time|before|SESSION))?(?: (?:for|to|on|in) ${LATER}(?: (?:of|for|in) ${ART}(?<case>.+))?)?$`),
    phrase(String.raw`^same score as (?:last time|before|SESSION) (?:for|in|at) ${ART}(?<case>.+)$`),
  ],
};

const BY_ID: { [K in CommandId]: Grammar } = {
  createCaseFile,
  transferActivity,
  transferList,
  addClients,
  addSession,
  assignParticipants,
  sessionDetails,
  communityScore,
  cloneScore,
  caseFileStatus: status,
  caseFileReadiness: readiness,
  caseFilesDue: due,
  scoreTrend,
  editCaseFile,
  editSession,
  removeSession,
  editCaseClient,
  reminders,
  stopReminders,
  startReminders,
  remindOn,
  completeClientDetails,
  reviewDuplicateClients,
  mergeClients,
  exportDex,
};

/**
 * The order sentences are tried in (catch-all phrases, `fallback`, after all others): corrections and
 * copying before the commands whose words they share, status last.
 */
const ORDER: readonly CommandId[] = [
  'completeClientDetails',
  'reviewDuplicateClients',
  'mergeClients',
  'editCaseClient',
  'editSession',
  'removeSession',
  'editCaseFile',
  'cloneScore',
  'scoreTrend',
  'transferList',
  'transferActivity',
  'createCaseFile',
  'sessionDetails',
  'assignParticipants',
  'addSession',
  'addClients',
  'communityScore',
  'caseFilesDue',
  'caseFileReadiness',
  'stopReminders',
  'startReminders',
  'reminders',
  'remindOn',
  'exportDex',
  'caseFileStatus',
];

const unordered = COMMAND_IDS.filter((id) => !ORDER.includes(id));
if (unordered.length) throw new Error(`no place in the phrase order for ${unordered.join(', ')}`);

export const COMMAND_GRAMMAR: readonly Grammar[] = ORDER.map((id) => {
  if (BY_ID[id].id !== id) throw new Error(`phrases filed under ${id} are for ${BY_ID[id].id}`);
  const rank = COMMAND_SIGNS.findIndex((s) => s.id === id);
  return rank < 0 ? BY_ID[id] : { ...BY_ID[id], signs: COMMAND_SIGNS[rank]!.signs, signRank: rank };
});
