import { ART, caseOnly, phrase, type Grammar } from './phraseKit';

/**
 * How staff ask about their case files: status, DEX readiness, what is due, and Community SCORE trends. Part
 * of the phrase table in `./commandPhrases`, which sets the order they are tried in.
 */

const WE = String.raw`(?:we|us|things|everyone|everybody|it|the groups|our groups|all the groups|the community)`;
export const status: Grammar = {
  id: 'caseFileStatus',
  options: (said) => ({ ...caseOnly(said), ...(said.showClients ? { showClients: true } : {}) }),
  cues: ['status', 'update', 'overview', 'summary', 'how is', 'show'],
  phrases: [
    phrase(
      String.raw`^(?:what is |show me |show |give me |get |check |see |view |tell me )?(?:the )?(?:current )?status(?: update| report| check)?(?: (?:of|for|on|with|in) | )?(?:the )?(?<case>.+?)?$`,
    ),
    phrase(String.raw`^(?<case>.+?) status$`),
    // "(just wondering) how the carers group is tracking": a question asked the indirect way.
    phrase(
      String.raw`^how (?!${WE} )(?:the )?(?<case>.+?) (?:is|are) (?:going|goin|doing|tracking|travelling|traveling|progressing|looking|coming along|getting on)$`,
    ),
    phrase(String.raw`^where is (?:the )?(?<case>.+?) (?:at|up to)$`),
    // "tell me about wed seniors" — but "what about the scores" names a task, not a case file.
    phrase(String.raw`^(?:tell me |what )?about (?:the )?(?<case>(?!.*(?:score|session|sessions|client|attendance|reminders?|details|dex)).+)$`, {
      fallback: true,
    }),
    // "did i put in the session for mens shed yesterday": whether it was done is in the case file's status.
    phrase(
      String.raw`^(?:did|have|has) (?:i|we|you|someone|anyone) (?:already )?(?:put in|put|add|record|do|done|added|recorded|entered) (?:the |a |that |our )?(?:session|SESSION|attendance|score)(?: (?:for|of|in|to|at) ${ART}(?<case>.+?))?$`,
    ),
    // "did i do the carers session yesterday": the case file before the session.
    phrase(
      String.raw`^(?:did|have|has) (?:i|we|you|someone|anyone) (?:already )?(?:put in|put|add|record|do|done|added|recorded|entered) ${ART}(?<case>(?!(?:a|the|that|our)\b).+?) (?:session|SESSION)$`,
    ),
    phrase(
      String.raw`^how (?:is|are) (?!${WE} )(?:the )?(?<case>.+?) (?:going|goin|doing|tracking|travelling|traveling|progressing|looking|lookin|coming along|getting on)$`,
    ),
    phrase(String.raw`^how (?:is |are )?(?:we|things) (?:going|goin|doing|tracking|travelling|traveling|looking) (?:with|on|at|for) (?:the )?(?<case>.+)$`),
    phrase(String.raw`^where (?:are we|is it|we|am i|are things) (?:at|up to) (?:with|on) (?:the )?(?<case>.+)$`),
    phrase(
      String.raw`^(?:give (?:me|us) |get (?:me|us) |can i get )?(?:an |a |the )?(?:update|overview|summary|rundown|snapshot) (?:on|of|for) (?:the )?(?<case>.+)$`,
    ),
    phrase(String.raw`^(?:overview|summary|rundown|snapshot|details|stats|statistics|numbers|figures) (?:of|for|on) (?:the )?(?<case>.+)$`),
    // "what have we got in wed seniors so far": what is recorded is the status.
    phrase(String.raw`^what (?:have|has) (?:we|i|you) (?:got|done|recorded|put in) (?:in|for|on) (?:the )?(?<case>.+?)(?: so far| to date| yet)?$`),
    phrase(String.raw`^what is (?:happening|going on|the story|the latest|up|the go|the deal|news) (?:with|on|in) (?:the )?(?<case>.+)$`),
    phrase(String.raw`^(?:who is|who are|who) (?:enrolled |registered |signed up )?(?:in|on|for|to) (?:the )?(?<case>.+)$`, { implies: { showClients: true } }),
    phrase(String.raw`^(?:list|show|see) (?:me )?(?:the |all the |all )?(?:client|people|participants|members) (?:in|of|on|for|at) (?:the )?(?<case>.+)$`, {
      implies: { showClients: true },
    }),
    phrase(
      String.raw`^how many (?:sessions|session|client|people|hours|participants) (?:has|have|does|did|in|for|are in|is in|at) (?:the )?(?<case>(?!(?:we|i|you) ).+?)(?: had| got| have| done| run| held)?$`,
    ),
    // "how many sessions have we done for carers support": the case file after what was done for it.
    phrase(
      String.raw`^how many (?:sessions|session|client|people|hours|participants) (?:have|has|did) (?:we|i|you) (?:had|done|run|held|got|put in|recorded|do|have) (?:for|at|in|with|of) (?:the )?(?<case>.+)$`,
    ),
    phrase(String.raw`^(?:show|open|view|pull up|bring up|look at|see|display|check on|check) (?:me )?(?:the )?(?<case>.+?)(?: case ?file| casefile| case)?$`, {
      fallback: true,
    }),
  ],
};

export const readiness: Grammar = {
  id: 'caseFileReadiness',
  cues: ['ready', 'readiness', 'missing', 'dex', 'errors', 'warnings', 'fix', 'submit'],
  phrases: [
    phrase(
      String.raw`^(?:is|are) (?:the )?(?<case>.+?) (?:ready|dex ready|good to go|ready to go|ready to (?:submit|send|report|lodge)|all good|ok|done|finished|complete|sorted)(?: for (?:the )?(?:dex|dss|submission|dex submission|reporting|dex reporting))?$`,
    ),
    phrase(
      String.raw`^(?:is )?(?:there )?anything (?:missing|left|outstanding|to fix|wrong|left to do|left to fix)(?: (?:for|in|from|with|on) (?:the )?(?<case>.+?))?(?: before (?:i |we )?(?:submit|send|report|the deadline|dex).*)?$`,
    ),
    phrase(
      String.raw`^check (?:if |that |whether )?(?:the )?(?<case>.+?) (?:is|are) (?:ready|dex ready|good to go|ready to go|ready to (?:submit|send|report|lodge)|all good|ok|sorted|complete)(?: for (?:dex|submission))?$`,
    ),
    phrase(
      String.raw`^what is (?:still )?(?:missing|left|outstanding|left to (?:fix|do)|wrong|not done|incomplete)(?: (?:for|in|from|on|with) (?:the )?(?<case>.+?))?(?: for dex)?$`,
    ),
    phrase(
      String.raw`^what (?:do|should|have|must) (?:i|we) (?:still )?(?:need to |have to |got to |gotta )?(?:finish|fix|complete|sort|sort out|do|tidy up|fill in)(?: (?:for|in|on) (?:the )?(?<case>.+?))?(?: before (?:i |we )?(?:can )?(?:submit|send|report|hand in|lodge) (?:the )?(?<caseAfter>.+?)(?: to dex)?| before .+)?$`,
    ),
    phrase(String.raw`^what am i missing(?: (?:for|in) (?:the )?(?<case>.+))?$`),
    // "whats missing before i can report coffee and chat": the case file after the submitting verb.
    phrase(
      String.raw`^(?:what is|is there anything|anything) (?:still )?(?:missing|left|outstanding|wrong|to fix) before (?:i |we )?(?:can |could )?(?:submit|send|report|hand in) (?:the )?(?<case>.+?)(?: to (?:dex|dss))?$`,
    ),
    // "is anything stopping coffee and chat going to dex".
    phrase(
      String.raw`^(?:is )?(?:there )?anything (?:stopping|holding up|holding back|blocking) (?:the )?(?<case>.+?) (?:from )?(?:going|being sent|being submitted|being reported|getting sent) (?:to|into|in) (?:dex|dss)$`,
    ),
    phrase(String.raw`^(?:can|could) (?:the )?(?<case>.+?) (?:go|be sent|be submitted|be reported) (?:to|into|in) (?:dex|dss)(?: yet| now)?(?: or .+)?$`),
    phrase(String.raw`^what (?:have|did) (?:i|we) (?:missed|miss|forgotten|forgot|forget|left out)(?: (?:for|in|on|with) (?:the )?(?<case>.+))?$`),
    phrase(
      String.raw`^(?:is )?(?:there )?anything (?:stopping|holding up|holding back|blocking) (?:me |us )?(?:from )?(?:submitting|sending|reporting|submit|send) (?:the )?(?<case>.+?)(?: to dex)?$`,
    ),
    phrase(String.raw`^check (?:the )?(?<case>.+?) before (?:i |we )?(?:submit|send|report|hand in)(?: it| them)?(?: to dex)?$`),
    phrase(String.raw`^(?:the )?(?<case>.+?) (?:all good|good|ready|ok|okay|right|fine|sweet) to (?:send|submit|go|report)(?: to dex)?$`, { fallback: true }),
    phrase(
      String.raw`^(?:any|are there any|show me|show me the|show|list|list the) (?:dex )?(?:errors|warnings|problems|issues|gaps)(?: (?:in|for|with|on) (?:the )?(?<case>.+))?$`,
    ),
    phrase(String.raw`^(?:problems|issues|errors|warnings|gaps) (?:with|in|for) (?:the )?(?<case>.+)$`),
    phrase(String.raw`^what is (?:wrong|the problem) with (?:the )?(?<case>.+?)$`),
    phrase(String.raw`^check (?:the )?(?<case>.+?) (?:for|against) dex$`),
    phrase(String.raw`^dex (?:check|readiness|ready)(?: (?:for|of|on) (?:the )?(?<case>.+))?$`),
    phrase(String.raw`^(?:dex )?readiness(?: check)?(?: (?:(?:of|for|on) )?(?:the )?(?<case>.+))?$`),
    phrase(String.raw`^(?:ready for dex|dex ready)$`),
    phrase(String.raw`^(?:can|could) (?:we|i) (?:submit|send|report) (?:the )?(?<case>.+?)(?: to dex)?(?: yet| now)?$`),
    // "can we" is taken off as a polite opening, so "submit X yet" is the same question.
    phrase(String.raw`^(?:submit|send|report) (?:the )?(?<case>.+?)(?: to dex)?(?: yet| now)$`),
    phrase(
      String.raw`^what is (?:stopping|holding up|holding back|blocking) (?:the )?(?<case>.+?)(?: from (?:going|being sent|being submitted|submitting|being reported)(?: (?:to|in|into) dex)?)?$`,
    ),
    phrase(String.raw`^check (?:the )?(?<case>.+?) for (?:errors|warnings|problems|issues|gaps|mistakes)$`),
    phrase(String.raw`^(?:does|do|has|have) (?:the )?(?<case>.+?) (?:have|got|has) (?:any )?(?:errors|warnings|problems|issues|gaps)$`),
    phrase(String.raw`^(?:is|are) (?:the )?(?<case>.+?) (?:right|ok|okay|good|fine|all right|alright) to (?:go|submit|send|report)(?: to dex)?$`),
    phrase(
      String.raw`^(?:is )?(?:there )?anything (?:i|we) (?:still )?(?:need to|have to|should|must|gotta) (?:fix|do|finish|sort|sort out|complete)(?: (?:for|in|on) (?:the )?(?<case>.+?))?(?: before .+)?$`,
    ),
    phrase(String.raw`^(?:ready|readiness|dex) check (?:for|of|on) (?:the )?(?<case>.+)$`),
    // "have i done everything for money business", "will coffee and chat pass dex".
    phrase(
      String.raw`^(?:have|did) (?:i|we) (?:done|finished|completed|got|do|finish|complete) (?:everything|it all|all of it|all)(?: (?:for|in|on) (?:the )?(?<case>.+?))?(?: for dex)?$`,
    ),
    phrase(String.raw`^(?:will|would|does|can|could) (?:the )?(?<case>.+?) pass (?:the )?(?:dex|dss)(?: check| validation)?$`),
    phrase(String.raw`^(?:has|have|does|do) (?:the )?(?<case>.+?) (?:got|have) (?:everything|all|all that) (?:dex|it|they|we|dss) (?:needs|need|wants)$`),
    phrase(String.raw`^(?:are we|am i) ready(?: for (?:the )?(?:dex|submission|dex submission|reporting|deadline))?$`),
    phrase(
      String.raw`^(?:is )?(?:everything|it all|all) (?:is )?(?:done|ready|sorted|in|complete)(?: for (?:the )?(?:dex |dex s )?(?:dex|submission|reporting|report|deadline))?$`,
    ),
    phrase(
      String.raw`^what (?:still )?needs (?:doing|fixing|to be done|to be fixed|finishing|fixed|done)(?: (?:for|in|on) (?:the )?(?<case>.+?))?(?: before (?:the )?(?:deadline|dex|submission))?$`,
    ),
  ],
};

export const due: Grammar = {
  id: 'caseFilesDue',
  cues: ['due', 'deadline', 'my case files', 'overdue', 'reporting'],
  phrases: [
    phrase(
      String.raw`^(?:show |list |see |view |get |open )?(?:me )?(?:all )?(?:my|our|all|all the|all our|all my|the) (?:case ?files|casefiles|groups|cases)$`,
    ),
    phrase(String.raw`^what is (?:due|coming up|overdue)(?: .+)?$`),
    phrase(
      String.raw`^when (?:is|are) (?:the )?(?:dex|the dex deadline|deadline|the deadline|reporting|dex reporting|dex submission|submission|it|the dex submission) (?:due|closing|close)?$`,
    ),
    phrase(String.raw`^when (?:is|are) (?:the )?(?:next )?(?:dex )?(?:deadline|deadlines|due date|cut off|cutoff)$`),
    phrase(
      String.raw`^when do (?:we|i) (?:have to|need to|got to) (?:report|submit|have (?:dex|it|everything|the dex|it all) (?:done|in|submitted|finished|sent))(?: by)?(?: to dex)?$`,
    ),
    phrase(
      String.raw`^how (?:long|many days) (?:till|until|til|to go|left|before|to) (?:the )?(?:dex )?(?:deadline|reporting|submission|dex)(?: closes| close| is due| ends| shuts)?$`,
    ),
    phrase(String.raw`^(?:deadlines?|due|due dates?|whats due|case files due|cases due)$`),
    phrase(
      String.raw`^(?:how many )?(?:days|weeks) (?:left|to go|remaining)(?: (?:for|till|until|til|to|before) (?:the )?(?:dex|deadline|dex deadline|reporting|submission))?$`,
    ),
    phrase(
      String.raw`^(?:which|what) (?:of (?:my|our) )?(?:case ?files|groups|casefiles|cases|ones?) (?:are |is )?(?:due|overdue|due soon|behind|late|running late|needs? (?:doing|work|submitting|reporting|sending|to be (?:done|submitted|reported|sent)))(?: this (?:period|month|quarter|week)| soon| now)?(?: (?:on|with) (?:the )?(?:reporting|dex|submissions?))?$`,
    ),
    phrase(String.raw`^what (?:have i|have we|do i have|do we have|i have|we have|is) (?:got )?(?:outstanding|due|left|coming up|overdue)$`),
    phrase(
      String.raw`^when (?:does|do|will) (?:the )?(?:dex|period|reporting period|reporting|submission|it|dex reporting) (?:close|closes|end|finish|shut|close off)$`,
    ),
    phrase(String.raw`^what (?:still )?needs (?:submitting|to be submitted|reporting|to be reported|sending|to go in)(?: .+)?$`),
    phrase(String.raw`^(?:is )?(?:there )?anything (?:due|overdue|coming up)(?: .+)?$`),
    phrase(String.raw`^(?:any|are there any) (?:case ?files|groups|casefiles|cases) (?:overdue|due|late|running late|running behind|behind)$`),
    phrase(
      String.raw`^what (?:do|have|must) (?:i|we) (?:have |got |need )?to (?:get )?(?:done|submit|hand in|get in|send in|report)(?: (?:before|by) (?:the )?(?:end|deadline|close|cut off|cutoff)\b.*)?$`,
    ),
    // "am i behind on anything for dex", "are we behind with reporting".
    phrase(
      String.raw`^(?:am i|are we|is anyone|are any of (?:my|our) groups) (?:behind|late|running late|running behind)(?: (?:on|with) (?:anything|something|reporting|dex|the reporting|submissions?))?(?: for dex)?$`,
    ),
    phrase(String.raw`^(?:what|which) (?:case ?files|groups|casefiles|cases) (?:have we got|do we have|do i have|have i got|are there)$`),
  ],
};

export const scoreTrend: Grammar = {
  id: 'scoreTrend',
  options: (said) => ({ ...caseOnly(said), ...(said.domain ? { domain: said.domain } : {}) }),
  cues: ['trend', 'trends', 'improved', 'progress', 'going up', 'cohesion', 'networks'],
  phrases: [
    phrase(String.raw`^how (?:is|are) (?:(?:${WE})|(?:the )?(?<case>.+?))? ?(?:going|doing|tracking|travelling|traveling|progressing)$`, { needs: ['domain'] }),
    phrase(
      String.raw`^how (?:is|are) (?:(?:${WE})|(?:the )?(?<case>.+?)) (?:going|doing|tracking|travelling|traveling|progressing) (?:on|with|in) (?:the |our |their )?(?:community )?(?:score|everything|overall|outcomes)$`,
    ),
    phrase(String.raw`^trends? (?:of|in|for) (?:the )?(?:community )?score(?: (?:for|in|of|at|on) (?:the )?(?<case>.+))?$`),
    phrase(String.raw`^(?:show (?:me )?|what is )?(?:the )?(?:community )?(?:score )?trends?(?: (?:for|in|of|at|on) (?:the )?(?<case>.+))?$`),
    phrase(
      String.raw`^(?:has|have|is|are) (?:the )?(?:community )?(?:score )?(?:improved|gone up|going up|changed|got better|getting better|risen|dropped|gone down|going down|moved|improving)(?: (?:at|for|in|with|on) (?:the )?(?<case>.+))?$`,
    ),
    phrase(
      String.raw`^how (?:has|have) (?:the )?(?:community )?(?:score )?(?:changed|improved|moved|gone|tracked|progressed)(?: (?:at|for|in|with|on) (?:the )?(?<case>.+))?$`,
    ),
    phrase(
      String.raw`^(?:is|are) (?:the )?(?<case>.+?)(?: (?:community )?score)? (?:improving|getting better|going up|progressing|going backwards|going down)$`,
    ),
    phrase(String.raw`^how (?:is|are) (?:going|doing|tracking|travelling|traveling|progressing) (?:at|for|in|with) (?:the )?(?<case>.+?)(?: over time)?$`, {
      needs: ['domain'],
    }),
    phrase(
      String.raw`^(?:show (?:me )?|tell me )?how (?:is |are )?(?:the |our )?(?:community )?scores? (?:is |are )?(?:going|tracking|looking|travelling|traveling|trending|moving)(?: (?:for|at|in|with|on) (?:the )?(?<case>.+))?$`,
    ),
    phrase(String.raw`^(?:community )?score (?:over time|progress|history|trend|change|changes)(?: (?:(?:for|in|of|at) )?(?:the )?(?<case>.+))?$`),
    phrase(String.raw`^(?:progress|change|improvement)(?: (?:for|in|of|at|with) (?:the )?(?<case>.+))?$`, { needs: ['domain'] }),
    // "has the shed improved": the case file before the change; "outcomes so far for money business".
    phrase(String.raw`^(?:has|have) (?:the )?(?<case>.+?) (?:improved|got better|gotten better|gone up|progressed|changed)(?: (?:at all|much|over time))?$`),
    phrase(String.raw`^(?:the )?(?:outcomes|results)(?: so far| over time)?(?: (?:for|in|of|at) (?:the )?(?<case>.+?))?(?: so far| over time)?$`),
  ],
};

/** Every command's phrases by id: a command without an entry here is a type error. */
