import type { CommandId } from '../src/domain/commandIds';
import type { Phrase } from '../src/understanding/recogniser';
import { re } from './phraseKit';

/**
 * Signs of a command, for a sentence none of the phrases (`./commandPhrases`) read: words that on their own
 * say which command is meant, wherever they stand ("chuck Ruth Baker into the carers group", "merge the
 * duplicates", "wots missing for money business"). They read the same cleaned sentence as the phrases.
 * Listed most particular first and tried in that order, so "merge the duplicates" is a merge, not the review
 * of duplicates, and "stop sending me reminders" stops them rather than showing them. A case file not
 * captured by a sign is taken from the words after the last "for", "to", "into", "of", "in", "with" or "on".
 */
const sign = (source: string, more: Omit<Phrase, 're'> = {}): Phrase => ({ re: re(source), ...more });

/** A new person told about: "a new bloke", "two newbies", "new people". */
export const NEWCOMER = String.raw`(?:new (?:bloke|blokes|fella|fellas|fellow|lady|ladies|guy|guys|woman|women|man|men|gent|chap|member|members|person|people|client|participants?|faces?|starters?)|newbies?|newcomers?)`;
const ART = String.raw`(?:the |a |an |our |my )?`;
const DAY = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)days?`;

export const COMMAND_SIGNS: readonly { id: CommandId; signs: Phrase[] }[] = [
  { id: 'mergeClients', signs: [sign(String.raw`\b(?:merge|combine)\b|\bjoin\b.*\btogether\b`)] },
  {
    id: 'exportDex',
    signs: [sign(String.raw`\b(?:export|bulk upload|xml|upload file|dex file)\b|\b(?:upload|send) (?:it )?(?:to|into) (?:dex|dss|the portal)\b`)],
  },
  { id: 'stopReminders', signs: [sign(String.raw`\b(?:stop|no more|mute|pause|unsubscribe|dont)\b.*\breminders?\b|\breminders?\b.*\b(?:off|stop)$`)] },
  { id: 'startReminders', signs: [sign(String.raw`\b(?:start|resume|turn on|switch on)\b.*\breminders?\b|\breminders?\b.*\b(?:on|again|back)\b`)] },
  { id: 'remindOn', signs: [sign(String.raw`\bremind me\b|\breminders?\b.*\b(?:${DAY}|am|pm|morning|afternoon|arvo)\b`)] },
  { id: 'reminders', signs: [sign(String.raw`\breminders?\b`)] },
  {
    id: 'reviewDuplicateClients',
    signs: [
      sign(
        String.raw`\b(?:duplicates|same slk|double ups?|doubled up)\b|\bduplicate (?:client|people|persons?|participants)\b|\b(?:in there|on there|listed|entered|in the system) twice\b`,
      ),
    ],
  },
  {
    id: 'cloneScore',
    signs: [
      sign(String.raw`\bsame score\b.* (?:on|to|onto|for|across) (?:all )?(?:the )?(?:later|other|next|future|remaining|following) (?<case>.+?) sessions?$`),
      sign(String.raw`\b(?:copy|clone|duplicate)\b.*\bscore\b|\bsame score\b.*\b(?:later|other|next|future|remaining|following|rest)\b`),
    ],
  },
  { id: 'scoreTrend', signs: [sign(String.raw`\b(?:trend|trends|improving|improved|progress|getting better)\b`)] },
  {
    id: 'editSession',
    signs: [
      // "the last carers session should have been 2 hrs not 1".
      sign(String.raw`^(?:the )?SESSION(?: of (?<case>.+?))? (?:should have been|shouldve been|should be|was meant to be|was actually)\b`),
      sign(String.raw`\bwrong (?:date|time|day|duration|length)\b|\b(?:date|time|duration|length) (?:is |was )?wrong\b`),
    ],
  },
  { id: 'removeSession', signs: [sign(String.raw`\b(?:delete|remove|get rid of)\b.*\b(?:session|SESSION)\b`)] },
  { id: 'editCaseFile', signs: [sign(String.raw`\b(?:rename|close off|outlet)\b`)] },
  { id: 'editCaseClient', signs: [sign(String.raw`\b(?:referral|exit reason|reasons? for seeking)\b`)] },
  {
    id: 'completeClientDetails',
    signs: [
      sign(String.raw`\b(?:country of birth|pseudonym|indigenous status|dates? of birth|dobs?|birthdays?|genders?|client details)\b|\bgaps\b.*\bclient\b`),
    ],
  },
  { id: 'transferList', signs: [sign(String.raw`\b(?:transfers|transferred)\b`)] },
  { id: 'transferActivity', signs: [sign(String.raw`\btransfer\b|\bactivity\b.*\b(?:dex|bring|move|over|across)\b`)] },
  {
    id: 'sessionDetails',
    signs: [sign(String.raw`\b(?:topic|service type|service setting|interpreter)\b|\bsession details\b|\bdetails (?:for|of) (?:the )?SESSION\b`)],
  },
  {
    id: 'caseFilesDue',
    signs: [sign(String.raw`\b(?:due|deadline|deadlines|overdue|outstanding)\b|^(?:my|our|all my|all our) (?:groups|case ?files|cases)$|\bstill need doing\b`)],
  },
  { id: 'caseFileReadiness', signs: [sign(String.raw`\b(?:missing|ready|readiness|errors|warnings)\b|\b(?:go|goes|going|submit|send|sent)\b.*\bdex\b`)] },
  { id: 'communityScore', signs: [sign(String.raw`\b(?:score|rate)\b`)] },
  { id: 'assignParticipants', signs: [sign(String.raw`\b(?:attendance|participants|assign|present|who came|who attended|turned up|showed up)\b`)] },
  {
    id: 'addSession',
    signs: [
      sign(String.raw`\b(?:add|new|record|put in)\b.*\bsession\b|\bsession\b.*\b(?:add|record)$`),
      // "mens shed met yesterday from 9 to 11:30, pls add": a group that met, with when.
      sign(String.raw`^(?:the )?(?<case>.+?) (?:met|ran|was on|was held|happened)\b`, { needs: ['when'] }),
    ],
  },
  {
    id: 'addClients',
    signs: [
      // Newcomers told about rather than asked for: "got a new bloke for the shed, Trevor Hill", "new lady at wed seniors her name is Mei".
      sign(
        String.raw`${NEWCOMER} (?:at|for|in|to|with|on|joined) ${ART}(?<case>[^,]+?)(?: (?:today|yesterday))?(?:(?: ,)? (?:(?:her|his|their) names? (?:is|are)|called|named) | , )(?<clients>[^,].*)$`,
      ),
      // "carers support has a couple of new people" (but "we had 2 new ladies at …" names the group later).
      sign(
        String.raw`^(?!(?:we|i|they|you)\b)(?:the )?(?<case>.+?) (?:has|have|had|got) (?:a |an |two |three |some |a couple of |couple of |a few |\d+ )?${NEWCOMER}\b`,
      ),
      sign(String.raw`${NEWCOMER}`),
      sign(String.raw`\b(?:add|new|enrol|register|sign up)\b.*\b(?:client|people|person)\b`),
      sign(String.raw`^(?:chuck|stick|pop|put|add|enrol|register|sign up) (?<clients>[^,]+?) (?:into|onto|to|in|on) (?:the )?(?<case>(?!.*SESSION).+)$`),
      sign(String.raw`^(?<clients>.+?) needs? (?:add|adding|to be added|to go) (?:to|into|in|on) (?:the )?(?<case>.+)$`),
    ],
  },
  {
    id: 'createCaseFile',
    signs: [
      sign(String.raw`\bnew (?:case ?file|casefile|group)\b(?: (?:for|called|named) (?:the )?(?<name>.+))?`),
      sign(String.raw`\b(?:create|make|whip up|start|open|set up)\b.*\b(?:case ?file|casefile)\b(?: (?:for|called|named) (?:the )?(?<name>.+))?`),
    ],
  },
  {
    id: 'caseFileStatus',
    signs: [sign(String.raw`\bstatus\b|\bupdate on\b|^how (?:is|are)\b.*\b(?:going|tracking|travelling|doing)\b|\bwhat is the (?:story|go|latest)\b`)],
  },
];
