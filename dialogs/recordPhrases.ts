import { ART, caseOnly, phrase, type Grammar } from './phraseKit';

/**
 * How staff say the commands that correct saved records, look after client records, set reminders and
 * export for DEX. Part of the phrase table in `./commandPhrases`, which sets the order they are tried in.
 */

const CASE_FILE_FIELDS: [string, string][] = [
  ['name', 'name'],
  ['outlet activity|outlet|activity', 'outletActivityId'],
  ['attendance profile|client attendance profile', 'clientAttendanceProfileCode'],
  ['overview|description', 'overview'],
  ['end date', 'endDate'],
];
const NOT_CASE_FILE_WORK = String.raw`(?!.*\b(?:session|sessions|SESSION|score|details|attendance|participants|client)\b)`;
export const editCaseFile: Grammar = {
  id: 'editCaseFile',
  cues: ['rename', 'close', 'correct case', 'fix case', 'edit case'],
  options: (said) => ({ ...caseOnly(said), ...(said.field ? { field: said.field } : {}), ...(said.name ? { newName: said.name } : {}) }),
  phrases: [
    phrase(
      String.raw`^(?:close|end|finish|wrap up|close off|close down) ${NOT_CASE_FILE_WORK}(?!(?:the |a )?(?:case ?file|casefile|case)$)(?:off )?(?:the )?(?:case ?file |case |casefile )?(?:for |of |called )?(?:the )?(?<case>.+?)(?: case ?file| casefile| case)?$`,
      { implies: { field: 'endDate' } },
    ),
    phrase(String.raw`^(?:close|end) (?:the |a )?(?:case ?file|case|casefile)$`, { implies: { field: 'endDate' } }),
    phrase(String.raw`^rename (?:the )?(?:case ?file |case |casefile )?(?<case>.+?)(?: (?:to|as) (?<name>.+))?$`, { implies: { field: 'name' } }),
    ...CASE_FILE_FIELDS.map(([words, field]) =>
      phrase(
        String.raw`^(?:edit|change|correct|fix|update|set|amend) (?:the )?(?:case ?file s |case ?file )?(?:${words}) (?:of|for|in|on) (?:the )?(?:case ?file |case )?(?<case>.+?)(?: case ?file)?$`,
        { implies: { field } },
      ),
    ),
    phrase(String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?(?<case>.+?) (?:case ?file|casefile|case)$`),
    // "wed seniors name is wrong (can i change it)".
    ...CASE_FILE_FIELDS.map(([words, field]) =>
      phrase(String.raw`^(?:the )?(?<case>.+?) (?:s )?(?:${words}) (?:is|was|are) (?:wrong|incorrect|not right|spelt wrong|misspelt)(?: .+)?$`, {
        implies: { field },
      }),
    ),
    phrase(
      String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?(?:case ?file|case|casefile)(?: details| info)?(?: (?:for|of|called))?(?: (?:the )?(?<case>.+))?$`,
    ),
    // "update the details of money business": correcting what a case file says (filling in a client's gaps is "complete").
    phrase(String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?details (?:of|for|on) (?:the )?(?<case>(?!.*\b(?:SESSION|session|client)\b).+)$`),
  ],
};

const SESSION_FIELDS: [string, string][] = [
  ['date and time|date|time|start time|day', 'startsAt'],
  ['duration|length|how long', 'durationMinutes'],
  ['id|number|session id|name', 'sessionId'],
  ['unidentified participants|unidentified|unidentified count', 'unidentifiedParticipants'],
];
export const editSession: Grammar = {
  id: 'editSession',
  cues: ['correct', 'fix', 'wrong date', 'wrong time'],
  options: (said) => ({ ...caseOnly(said), ...(said.field ? { field: said.field } : {}), ...(said.session?.kind === 'latest' ? { latest: true } : {}) }),
  phrases: [
    ...SESSION_FIELDS.flatMap(([words, field]) => [
      phrase(
        String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?(?:${words}) (?:of|for|on|in) (?:the )?(?:SESSION|session)(?: (?:of|for|in|on) ${ART}(?<case>.+))?$`,
        { implies: { field } },
      ),
      phrase(String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?(?:SESSION|session)(?: s)? (?:${words})(?: (?:of|for|in|on) ${ART}(?<case>.+))?$`, {
        implies: { field },
      }),
      // "fix the duration for the shed session on monday": the case file before the session.
      phrase(String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?(?:${words}) (?:of|for|on|in) ${ART}(?<case>.+?) (?:SESSION|session)$`, {
        implies: { field },
      }),
    ]),
    // "edit the last session" names a session and nothing in it: correcting it, not filling in its details.
    phrase(String.raw`^(?:correct|fix|amend|edit) (?:the |a |that |this )?(?:SESSION|session)(?: (?:of|for|in|on) ${ART}(?<case>.+))?$`),
    ...SESSION_FIELDS.map(([words, field]) =>
      phrase(
        String.raw`^(?:i |we )?(?:put|entered|typed|got|have|recorded|gave|set) (?:in )?(?:the |a )?wrong (?:${words}) (?:on|for|in|against) (?:the )?(?:SESSION|session)(?: (?:of|for|in) ${ART}(?<case>.+))?$`,
        { implies: { field } },
      ),
    ),
  ],
};

export const removeSession: Grammar = {
  id: 'removeSession',
  cues: ['remove session', 'delete', 'delete session'],
  options: (said) => ({ ...caseOnly(said), ...(said.session?.kind === 'latest' ? { latest: true } : {}) }),
  phrases: [
    phrase(String.raw`^(?:remove|delete|get rid of|scrap|take out|undo) (?:the |a |that )?(?:SESSION|session)(?: (?:of|from|in|for) ${ART}(?<case>.+))?$`),
    // "delete the coffee and chat session from yesterday": the case file before the session.
    phrase(String.raw`^(?:remove|delete|get rid of|scrap|take out) ${ART}(?<case>(?!.*\b(?:client|score)\b).+?) (?:SESSION|session)$`),
    phrase(
      String.raw`^(?:i |we )?(?:put in|put|added|add|entered|record|recorded|created|made|did) (?:a |the |that |this |one )?(?:extra )?(?:SESSION|session)(?: (?:in|to|for) ${ART}(?<case>.+?))? (?:by mistake|by accident|in error|twice|wrongly|that did not happen|that didnt happen)(?:(?: (?:in|to|for|on) ${ART}(?<caseAfter>[^,]+?))?(?: ,.*)?| .+)?$`,
    ),
  ],
};

const CLIENT_FIELDS: [string, string][] = [
  ['referral source|referral|source of referral', 'referralSourceCode'],
  ['reasons?(?: for (?:seeking )?assistance)?|reasons? for seeking help', 'reasons'],
  ['exit reason|reason for leaving|exit', 'exitReasonCode'],
];
export const editCaseClient: Grammar = {
  id: 'editCaseClient',
  cues: ['remove client', 'referral', 'reasons', 'exit'],
  options: (said) => ({
    ...caseOnly(said),
    ...(said.clients?.length ? { clientName: said.clients.join(' and ') } : {}),
    ...(said.field ? { field: said.field } : {}),
  }),
  phrases: [
    phrase(
      String.raw`^(?<clients>(?!.*\b(?:SESSION|session|sessions)\b)(?!(?:what|anything|nothing|something|there|how|who|which|is|much|days?|weeks?|time|hours?)\b)[^ ]+(?: (?!is\b|are\b|has\b)[^ ]+)?) (?:has )?(?:left|quit|dropped out of|stopped coming to|exited|pulled out of|(?:doesnt|does not|dont|no longer|wont) (?:come|comes|attend|attends|go|goes) to) ${ART}(?<case>(?!to\b).+?)(?: anymore| any more)?$`,
      { implies: { field: 'remove' } },
    ),
    phrase(
      String.raw`^(?:remove|take|delete) (?<clients>(?!.*\b(?:SESSION|session|sessions)\b).+?) (?:off|out of|from) (?:the )?(?:case ?file )?(?<case>(?!(?:the )?(?:SESSION|session)\b).+)$`,
      { implies: { field: 'remove' } },
    ),
    ...CLIENT_FIELDS.map(([words, field]) =>
      phrase(
        String.raw`^(?:edit|change|correct|fix|update|record|set|add|put in|enter) (?:the |an? )?(?:${words}) (?:of|for) (?:client )?(?<clients>.+?)(?: (?:in|on) ${ART}(?<case>.+))?$`,
        { implies: { field } },
      ),
    ),
    ...CLIENT_FIELDS.map(([words, field]) =>
      phrase(String.raw`^(?:edit|change|correct|fix|update) (?<clients>[^ ]+?)(?: s)? (?:${words})(?: (?:in|on|for) ${ART}(?<case>.+))?$`, {
        implies: { field },
      }),
    ),
    phrase(String.raw`^(?:edit|change|correct|fix|update|amend) (?:a |the )?client(?: (?:on|in|of|for) ${ART}(?<case>.+))?$`),
    phrase(
      String.raw`^(?:edit|change|correct|fix|update) (?:the )?reasons? (?:why )?(?<clients>.+?) (?:came|comes|joined|is coming|started coming) (?:to|into) ${ART}(?<case>.+)$`,
      { implies: { field: 'reasons' } },
    ),
    phrase(String.raw`^(?:edit|change|correct|fix|update|amend) (?:the )?client (?<clients>.+?)(?: (?:in|on|of) ${ART}(?<case>.+))?$`),
  ],
};

const REMINDER = String.raw`(?:the |my |all |all the |all my |those |these )?(?:dex |deadline |dex deadline )?reminders?(?: emails?| messages?)?`;
export const reminders: Grammar = {
  id: 'reminders',
  cues: ['reminders', 'reminder'],
  phrases: [
    phrase(String.raw`^(?:(?:show|what are|what is|see|check|view|when (?:are|do|will)(?: i get)?)(?: me)? )?${REMINDER}(?: settings| set to| come| arrive)?$`),
    phrase(String.raw`^(?:what|which) ${REMINDER} (?:have i got|do i have|have i|are set|are there|do i get)$`),
    phrase(String.raw`^when (?:will|do|does|are) (?:you )?(?:going to )?remind me$`),
    phrase(String.raw`^(?:do|have) (?:i|we) (?:got |have )?${REMINDER}(?: on| set| set up| turned on)?$`),
  ],
};
export const stopReminders: Grammar = {
  id: 'stopReminders',
  cues: ['stop reminders'],
  phrases: [
    phrase(
      String.raw`^(?:stop|turn off|switch off|no more|unsubscribe(?: from)?|mute|pause|cancel|i dont want|dont send(?: me)?|dont want) ${REMINDER}$|^${REMINDER} off$|^(?:turn|switch) ${REMINDER} off$|^(?:stop|quit|no more|dont keep) remind(?:ing)? me(?: about .+)?$`,
    ),
  ],
};
export const startReminders: Grammar = {
  id: 'startReminders',
  cues: ['start reminders'],
  phrases: [
    phrase(
      String.raw`^(?:start|turn on|switch on|resume|restart|unmute|send(?: me)?) ${REMINDER}(?: again)?$|^${REMINDER} on$|^(?:turn|switch|put) ${REMINDER} (?:back )?on(?: again)?$`,
    ),
    phrase(String.raw`^(?:start|keep|go back to) remind(?:ing)? me(?: again)?$|^${REMINDER} (?:back|again|back on|on again)(?: please)?$`),
  ],
};
export const remindOn: Grammar = {
  id: 'remindOn',
  cues: ['remind me'],
  options: (said) => ({ ...(said.text ? { when: said.text } : {}) }),
  phrases: [
    phrase(String.raw`^(?:remind me|send (?:me )?${REMINDER}|${REMINDER}|move ${REMINDER} to|change ${REMINDER} to) (?:on |every |to |at )?(?<text>.+)$`, {
      keepsDates: true,
    }),
    phrase(String.raw`^(?:can|could) ${REMINDER} (?:come|arrive|be sent|be|go out) (?:on |every |at )?(?<text>.+)$`, { keepsDates: true }),
  ],
};

/** What a client record may lack, in the singular and the plural: "date of birth", "dates of birth", "dobs". */
const CLIENT_DETAIL = String.raw`(?:countr(?:y|ies) of birth|languages? spoken at home|main languages?|languages?|indigenous status|disabilit(?:y|ies)|address(?:es)?|consents?|pseudonyms?|dates? of birth|dobs?|birthdays?|genders?)`;

export const completeClientDetails: Grammar = {
  id: 'completeClientDetails',
  cues: ['complete', 'client details', 'missing details'],
  options: (said) => (said.clients?.length ? { clientName: said.clients.join(' and ') } : {}),
  phrases: [
    phrase(
      String.raw`^(?:(?:complete|finish|finish off|fill in|fill out) (?:the )?(?:missing )?(?:client |clients )?|update (?:the )?(?:missing (?:client )?|client ))(?:dex )?details?(?: (?:of|for) (?:client )?(?!dex$)(?!.*\bSESSION\b)(?<clients>.+))?(?: for dex)?$`,
    ),
    phrase(String.raw`^(?:complete|finish off|finish|fill in|fill out|sort out) (?<clients>[^ ]+?(?: [^ ]+?){0,2})(?: s)? (?:dex )?details$`),
    // "joan smith has a new address": a person with a changed detail.
    phrase(
      String.raw`^(?<clients>(?!.*\bSESSION\b)(?!(?:what|which|who|it|we|i|they|you|there|someone|somebody)\b)[^ ]+(?: [^ ]+)?) (?:has|have|got) (?:a )?(?:new|different|changed) ${CLIENT_DETAIL}$`,
    ),
    // "who hasnt got all their details": the clients with details missing.
    phrase(
      String.raw`^(?:who|which clients?|which people) (?:hasnt|has not|havent|have not|doesnt|does not|dont|do not) (?:got |have )?(?:all )?(?:their|the) (?:dex )?details(?: .+)?$`,
    ),
    // "incomplete clients", "Mei is missing her details": her/his/their make it a person, not a case file missing details.
    phrase(String.raw`^(?:incomplete|unfinished) (?:client|client records|client details)$`),
    phrase(
      String.raw`^(?<clients>(?!.*\bSESSION\b)(?!(?:what|which|who|it|everything|anything|something|we|i|they)\b)[^ ]+(?: [^ ]+)?) (?:is|are|has|have) (?:missing|got missing|without|got incomplete|incomplete) (?:some of |a few of )?(?:her|his|their) (?:dex |personal )?details(?: .+)?$`,
    ),
    phrase(
      String.raw`^(?:add|record|enter|update|fill in|put in|set|fix|change) (?:the |a |their |her |his )?(?:missing )?${CLIENT_DETAIL}(?: (?:for|of) (?<clients>.+))?$`,
    ),
    phrase(String.raw`^(?:complete|finish|fill in|fill out) (?:the )?(?:missing )?(?:dex )?(?:client )?details (?:of|for) (?!.*\bSESSION\b)(?<clients>.+)$`),
    phrase(
      String.raw`^(?:which|what|any|some|a few|lots|heaps|many|most|a lot)(?: of)?(?: the| my| our)? (?:client|people|participants)(?: (?:are|is|have|has))? (?:missing|without|got no|have no|with no) (?:a |their |the |some |any )?(?:dex details|details|${CLIENT_DETAIL})$`,
    ),
  ],
};

export const reviewDuplicateClients: Grammar = {
  id: 'reviewDuplicateClients',
  cues: ['duplicate', 'duplicates', 'same slk'],
  options: () => ({}),
  phrases: [
    phrase(String.raw`^(?:(?:review|find|show|list|check)(?: me)? (?:the |for |any |all )?)?(?:duplicate|duplicated|same slk) clients?$`),
    phrase(
      String.raw`^(?:(?:review|find|show|list|check)(?: me)? (?:the |for |any |all )?|(?:are there|is there|any) (?:any )?)?(?:duplicates|double ups|double up|duplicated)(?: (?:in|among|of|for) (?:the |my |our )?client)?$`,
    ),
    phrase(String.raw`^(?:review|find|show|list|check)(?: me)? (?:the |any |all )?client (?:with|that have|sharing|who share) (?:the )?same slk$`),
  ],
};

export const mergeClients: Grammar = {
  id: 'mergeClients',
  cues: ['merge'],
  options: () => ({}),
  phrases: [
    phrase(String.raw`^merge (?:the )?(?:two |duplicate )?clients?$`),
    phrase(String.raw`^(?:merge|combine) (?:the )?(?:two )?(?:records|client records|clients?|people|.+? and .+)(?: (?:for|of) .+)?$`),
    phrase(String.raw`\b(?:merge|combine) (?:them|these|those|the two|both)$`),
  ],
};

/** "export for DEX", "get the DEX file for this period". */
export const exportDex: Grammar = {
  id: 'exportDex',
  cues: ['export', 'dex file'],
  phrases: [
    phrase(String.raw`^(?:please )?(?:export|download)(?: it| this| everything| the period| this period)? (?:for|to) dex$`),
    phrase(String.raw`^(?:dex export|export dex)$`),
    phrase(
      String.raw`^(?:get|give me|make|send me|generate|create|prepare|produce|build|download) (?:the |a |my )?dex (?:upload )?files?(?: for (?:this|the) period)?$`,
    ),
    phrase(
      String.raw`^(?:get|give me|make|send me|generate|create|prepare|produce|build|download|export) (?:the |a |my |this |our )?(?:dex )?(?:bulk upload|upload file|upload|xml|xml file|export|export file)(?: (?:for|to) dex)?(?: for (?:this|the) period)?$`,
    ),
    phrase(String.raw`^export (?:the |this |our )?(?:periods |period s |period )?(?:data|everything|records|file)(?: (?:for|to) dex)?$`),
  ],
};
