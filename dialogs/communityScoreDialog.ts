import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { LIST_CONFLICT } from '../src/domain/listChange';
import { cleanText, uncleanMessage } from '../src/domain/text';
import {
  ASSESSED_BY_INPUT,
  NOT_APPLICABLE,
  NOTE_INPUT,
  postInput,
  preInput,
  scoreEntryBody,
  scoreReviewBody,
  scoreSavedCard,
  scoreTrendCard,
  SINGLE_INPUT,
  type DomainRow,
  type TrendCaseFile,
} from '../cards/communityScoreCards';
import { card, nextStepCard, submit } from '../cards/cardKit';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, sendPrompt, type FlowDefinition, type FlowStep, type Prompt, type StartTurn } from '../src/bot/guidedFlow';
import { choiceStep } from '../src/bot/stepKit';
import { getUserContext } from '../src/bot/userContext';
import { sessionsNewestFirst } from '../src/domain/caseFileOperations';
import {
  compareScore,
  domainTrend,
  MAX_SCORE_NOTE,
  rebaseShownScore,
  recordCommunityScore,
  ScoreItemSchema,
  scoreItems,
  validateCommunityScore,
  type CommunityScoreEntry,
} from '../src/domain/communityScore';
import { laterSessions } from '../src/domain/communityScoreCopy';
import { formatAuDateTime } from '../src/domain/dateFormat';
import type { ReferenceData } from '../src/domain/referenceData';
import { DomainRatingSchema, type CommunityScore, type Session } from '../src/domain/session';
import { fuzzyFind } from '../src/search/fuzzyMatch';
import type { Services } from '../src/services';
import { CaseFileAnswer, requireChosenCaseFile, resolveCaseFile } from './caseFileChoice';
import { changeContext } from './changeContext';
import { ratingsSummary, scoreBlocker, scoreCaseFileStep, ScoreStartOptions, sessionLabel, startScoreFlow, weekdayOf } from './scoreSupport';

/** DSS's usual case: the practitioner scores the group directly. */

function recordedWhen(score: Pick<CommunityScore, 'recordedAt' | 'recordedBy'>, zone: string): string {
  return `recorded by ${score.recordedBy.name}, ${formatAuDateTime(DateTime.fromISO(score.recordedAt, { setZone: true }), zone)}`;
}

function domainRows(ratings: CommunityScore['ratings'], reference: ReferenceData): DomainRow[] {
  return compareScore({ ratings }).map((c) => ({ ...c, label: reference.communityDomains().find((d) => d.code === c.domainCode)?.label ?? c.domainCode }));
}

const Answers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  sessionId: z.string().optional(),
  /** The session came with the command (a button), so its question is not asked. */
  sessionFromStart: z.boolean().default(false),
  /** The session's score as the user was shown it when they picked the session (empty: none). */
  shownScore: z.array(ScoreItemSchema).optional(),
  ratings: z.array(DomainRatingSchema).optional(),
  singleRating: z.boolean().default(false),
  note: z.string().optional(),
  assessedByCode: z.string().optional(),
});
type Answers = z.infer<typeof Answers>;

/** The answers a session brings with it: its stored score, so editing starts from what is there. */
function fromSession(s: Session): Partial<Answers> {
  const score = s.communityScore;
  return {
    sessionId: s.sessionId,
    shownScore: scoreItems(score),
    ratings: score?.ratings,
    singleRating: score?.singleRating ?? false,
    note: score?.note,
    assessedByCode: score?.assessedByCode,
  };
}

function entryOf(a: Answers): CommunityScoreEntry {
  return { ratings: a.ratings ?? [], singleRating: a.singleRating, note: a.note, ...(a.assessedByCode ? { assessedByCode: a.assessedByCode } : {}) };
}

function cardValues(a: Answers, draft: Record<string, unknown> | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  if (draft) {
    for (const [k, v] of Object.entries(draft)) if (typeof v === 'string') values[k] = v;
  } else {
    for (const r of a.ratings ?? []) {
      if (r.pre !== undefined) values[preInput(r.domainCode)] = String(r.pre);
      if (r.post !== undefined) values[postInput(r.domainCode)] = String(r.post);
    }
    values[SINGLE_INPUT] = String(a.singleRating);
    values[NOTE_INPUT] = a.note ?? '';
  }
  if (a.assessedByCode) values[ASSESSED_BY_INPUT] ??= a.assessedByCode;
  return values;
}

/** The score card's submit: every rating a choice from the card, read as a whole number or "not applicable". */
function scoreSubmitSchema(reference: ReferenceData) {
  const ratings: Record<string, z.ZodOptional<z.ZodString>> = {};
  for (const d of reference.communityDomains()) {
    ratings[preInput(d.code)] = z
      .string({ error: `${d.label}, PRE: choose a rating from the list` })
      .trim()
      .optional();
    ratings[postInput(d.code)] = z
      .string({ error: `${d.label}, POST: choose a rating from the list` })
      .trim()
      .optional();
  }
  return z.object({
    ...ratings,
    [SINGLE_INPUT]: z.enum(['true', 'false'], { error: 'Single end-of-session rating: tick or untick the box' }).optional(),
    [NOTE_INPUT]: z.string({ error: 'Note: must be text' }).max(MAX_SCORE_NOTE, `Note: at most ${MAX_SCORE_NOTE} characters`).optional(),
    [ASSESSED_BY_INPUT]: z.string({ error: 'Assessed by: choose from the list' }).trim().optional(),
  });
}

function ratingOf(raw: string | undefined): number | undefined {
  return raw === undefined || raw === '' || raw === NOT_APPLICABLE ? undefined : Number(raw);
}

function scoreStep(): FlowStep<Answers> {
  return {
    id: 'score',
    title: 'Ratings',
    help: 'Rate each domain that applies from 1 (no change in capacity) to 5 (significant change): PRE near the start of the session, POST near the end. Rate the same domains PRE and POST. For a one-off event, tick the single end-of-session rating and fill in POST only. Mark the rest "Not applicable".',
    async ask(turn, retry) {
      const cf = await requireChosenCaseFile(turn);
      const session = cf.sessions.find((s) => s.sessionId === turn.answers.sessionId)!;
      const ref = turn.services.referenceData;
      const zone = turn.user.organisation.timeZone;
      const body = scoreEntryBody({
        caseFileName: cf.name,
        sessionLabel: sessionLabel(session, zone),
        domains: ref.communityDomains(),
        scale: ref.communityRatings(),
        assessedBy: ref.assessedBy(),
        values: cardValues(turn.answers, retry?.draft),
        editing: session.communityScore ? recordedWhen(session.communityScore, zone) : undefined,
      });
      return { card: card(body, [submit('Continue', { step: 'score' }, 'positive')]) };
    },
    async accept(turn, input) {
      if (!input.value) return { ok: false, message: 'Fill in the ratings on the card and choose Continue.' };
      const ref = turn.services.referenceData;
      const parsed = scoreSubmitSchema(ref).safeParse(input.value);
      if (!parsed.success) return { ok: false, message: `${parsed.error.issues[0]!.message}.`, draft: input.value };
      const data = parsed.data as Record<string, string | undefined>;
      const ratings = ref
        .communityDomains()
        .map((d) => ({ domainCode: d.code, pre: ratingOf(data[preInput(d.code)]), post: ratingOf(data[postInput(d.code)]) }))
        .filter((r) => r.pre !== undefined || r.post !== undefined);
      const typedNote = cleanText(data[NOTE_INPUT] ?? '', 'multiline');
      if (!typedNote.ok) return { ok: false, message: uncleanMessage('The note', typedNote), draft: input.value };
      const note = typedNote.value || undefined;
      const entry: CommunityScoreEntry = {
        ratings,
        singleRating: data[SINGLE_INPUT] === 'true',
        note,
        // Left empty on the card means not recorded: DSS treats who assessed as optional.
        ...(data[ASSESSED_BY_INPUT] ? { assessedByCode: data[ASSESSED_BY_INPUT] } : {}),
      };
      const problems = validateCommunityScore(entry, await requireChosenCaseFile(turn), ref);
      if (problems.length) return { ok: false, message: problems.map((p) => p.message).join('\n\n'), draft: input.value };
      return {
        ok: true,
        answers: { ratings: entry.ratings, singleRating: entry.singleRating, note, assessedByCode: entry.assessedByCode },
        echo: `Ratings: ${ratingsSummary(entry.ratings, ref)}${entry.singleRating ? ' (single end-of-session rating)' : ''}`,
      };
    },
  };
}

const NO_CASE_FILES: Prompt = {
  card: nextStepCard(
    'There are no case files yet',
    'Community SCORE is recorded on the sessions of a case file. Create a case file, add its clients and sessions, then score them.',
    {
      title: 'Create a case file',
      command: 'createCaseFile',
      args: {},
    },
  ),
};

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'communityScore',
    title: 'Record a Community SCORE',
    async start(turn: StartTurn, options) {
      const started = await startScoreFlow(turn, options, { noCaseFiles: NO_CASE_FILES, blocker: scoreBlocker });
      if ('refuse' in started) return started;
      const answers = Answers.parse(started.answers);
      const { cf, opts } = started;
      const session = cf && opts.sessionId ? cf.sessions.find((s) => s.sessionId === opts.sessionId) : undefined;
      return { answers: session ? { ...answers, ...fromSession(session), sessionFromStart: true } : answers };
    },
    steps: [
      scoreCaseFileStep<Answers>({
        purpose: 'do you want to record a Community SCORE for',
        blocker: scoreBlocker,
        refusal: (blocked) =>
          `${blocked.reason} Pick another case file, or type **cancel** and then ${blocked.fix ? blocked.fix.title.toLowerCase() : 'fix that'} first.`,
        cleared: { sessionId: undefined, ratings: undefined, shownScore: undefined },
      }),
      choiceStep<Answers>({
        id: 'session',
        title: 'Session',
        help: 'Each session has its own Community SCORE. Sessions are listed most recent first; those marked "scored" already have one, and picking them lets you change it.',
        applies: (a) => !a.sessionFromStart,
        question: () => 'Which session do you want to score? Most recent first.',
        options: async (turn) => {
          const cf = await requireChosenCaseFile(turn);
          const zone = turn.user.organisation.timeZone;
          return sessionsNewestFirst(cf).map((s) => ({
            key: s.sessionId,
            label: sessionLabel(s, zone),
            description: `${weekdayOf(s, zone)}, ${s.communityScore ? `scored: ${s.communityScore.ratings.length} domain${s.communityScore.ratings.length === 1 ? '' : 's'}` : 'not scored yet'}`,
          }));
        },
        current: (a) => a.sessionId,
        pick: async ([key], turn) => {
          const cf = await requireChosenCaseFile(turn);
          const session = cf.sessions.find((s) => s.sessionId === key)!;
          const label = sessionLabel(session, turn.user.organisation.timeZone);
          return { ok: true, answers: fromSession(session), echo: `Session: ${label}${session.communityScore ? ' (changing its score)' : ''}` };
        },
      }),
      scoreStep(),
    ],
    async review(turn) {
      const a = turn.answers;
      const cf = await requireChosenCaseFile(turn);
      const session = cf.sessions.find((s) => s.sessionId === a.sessionId)!;
      const ref = turn.services.referenceData;
      const zone = turn.user.organisation.timeZone;
      return scoreReviewBody({
        caseFileName: cf.name,
        sessionLabel: sessionLabel(session, zone),
        rows: domainRows(a.ratings ?? [], ref),
        scale: ref.communityRatings(),
        singleRating: a.singleRating,
        note: a.note,
        assessedByLabel: a.assessedByCode ? (ref.assessedBy().find((x) => x.code === a.assessedByCode)?.label ?? a.assessedByCode) : 'Not recorded',
        replaces: session.communityScore ? recordedWhen(session.communityScore, zone) : undefined,
      });
    },
    async save(turn) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ref = turn.services.referenceData;
      const ctx = changeContext(turn);
      const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) =>
        recordCommunityScore(cf, a.sessionId!, entryOf(a), ctx, ref, { shown: a.shownScore ?? [] }),
      );
      if (!result.ok) {
        const problem = result.problems[0]!;
        if (problem.code === LIST_CONFLICT) {
          const fresh = await turn.services.caseFiles.get(org.organisationId, a.caseFileId!);
          const stored = fresh?.sessions.find((s) => s.sessionId === a.sessionId)?.communityScore;
          const keys = result.problems.map((p) => p.item!);
          return {
            ok: false,
            message: `Not saved yet: ${result.problems.map((p) => p.message).join(' ')} Choose **Save** to replace those with yours, **Back** to change yours, or **Cancel** to keep theirs.`,
            answers: { shownScore: rebaseShownScore(a.shownScore ?? [], stored, keys) },
          };
        }
        return { ok: false, message: result.problems.map((p) => p.message).join('\n\n'), stepId: problem.field === 'clients' ? undefined : 'score' };
      }
      const cf = result.value;
      const session = cf.sessions.find((s) => s.sessionId === a.sessionId)!;
      const ratings = session.communityScore!.ratings;
      const rated = new Set(ratings.map((r) => r.domainCode));
      return {
        ok: true,
        reply: {
          card: scoreSavedCard({
            caseFileName: cf.name,
            sessionLabel: sessionLabel(session, org.timeZone),
            rows: domainRows(ratings, ref),
            notApplicable: ref
              .communityDomains()
              .filter((d) => !rated.has(d.code))
              .map((d) => d.label),
            scale: ref.communityRatings(),
            clone: laterSessions(cf, session.sessionId).length ? { caseFileId: cf.caseFileId, sessionId: session.sessionId } : undefined,
          }),
        },
      };
    },
  };
}

export function communityScoreCommand(services: Services): Command<'communityScore'> {
  return {
    id: 'communityScore',
    title: 'Community SCORE',
    description: 'Record or change a session’s Community SCORE: PRE and POST ratings for each domain, with the DSS wording on the card.',
    example: 'community score for Tuesday seniors group',
    writes: true,
    args: ScoreStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}

const TrendOptions = z.object({ caseName: z.string().optional(), domain: z.string().optional() });
type TrendOptions = z.infer<typeof TrendOptions>;

/** Words that mean "everything" rather than a domain. */
const ALL_DOMAINS = /^(?:(?:the |our )?(?:community )?scores?|community|everything|overall|all(?: domains)?|it|things)$/i;
const TREND_LIMIT = 5;
/** Case files read to answer an organisation-wide question, most recently changed first, so the answer stays quick. */
const TREND_SCAN_LIMIT = 50;

/** Answers "how are we going on social cohesion?" in one card: first vs latest scored session per domain. */
class ScoreTrendDialog extends Dialog<TrendOptions> {
  constructor(private readonly services: Services) {
    super('scoreTrend');
  }

  override async beginDialog(dc: DialogContext, options?: TrendOptions): Promise<DialogTurnResult> {
    const user = getUserContext(dc.context);
    const ref = this.services.referenceData;
    const parsed = TrendOptions.safeParse(options ?? {});
    let { caseName, domain } = parsed.success ? parsed.data : {};
    const allDomains = ref.communityDomains();
    let domains = allDomains;
    if (domain && !ALL_DOMAINS.test(domain.trim())) {
      const found = fuzzyFind(
        domain,
        allDomains.map((d) => ({ key: d.code, label: d.label })),
        1,
      );
      if (found.length) {
        domains = allDomains.filter((d) => d.code === found[0]!.key);
      } else if (!caseName) {
        caseName = domain;
      } else {
        await dc.context.sendActivity(`"${domain}" is not a Community SCORE domain. The domains are: ${allDomains.map((d) => d.label).join('; ')}.`);
        return dc.endDialog();
      }
    }
    const org = user.organisation.organisationId;
    let ids: string[];
    if (caseName) {
      const { answer, candidates, notFound } = await resolveCaseFile({ context: dc.context, services: this.services, user }, { caseName });
      if (notFound) {
        await dc.context.sendActivity(`I couldn't find a case file called "${notFound}". Type **menu** to see what I can do.`);
        return dc.endDialog();
      }
      ids = answer.caseFileId ? [answer.caseFileId] : candidates.map((c) => c.caseFileId);
    } else {
      ids = (await this.services.caseFiles.listSummaries(org)).slice(0, TREND_SCAN_LIMIT).map((s) => s.caseFileId);
    }
    const sections: TrendCaseFile[] = [];
    for (const id of ids) {
      if (sections.length >= TREND_LIMIT) break;
      const cf = await this.services.caseFiles.get(org, id);
      if (!cf) continue;
      const rows = domains.map((d) => ({ label: d.label, trend: domainTrend(cf, d.code) }));
      if (caseName || rows.some((r) => r.trend)) sections.push({ caseFileId: cf.caseFileId, name: cf.name, rows });
    }
    const topic = domains.length === 1 ? domains[0]!.label : 'Community SCORE';
    if (sections.length === 0) {
      await dc.context.sendActivity(
        `No case file has a ${topic === 'Community SCORE' ? 'Community SCORE' : `Community SCORE for ${topic.toLowerCase()}`} yet. Type **score** to record one.`,
      );
      return dc.endDialog();
    }
    await sendPrompt(dc.context, {
      card: scoreTrendCard(`${topic}: first vs latest scored session`, sections, ref.communityRatings(), user.organisation.timeZone),
    });
    return dc.endDialog();
  }
}

export function scoreTrendCommand(services: Services): Command<'scoreTrend'> {
  return {
    id: 'scoreTrend',
    title: 'Community SCORE trend',
    description: 'See how each Community SCORE domain has moved from the first scored session to the latest.',
    example: 'how is Tuesday seniors group going on social cohesion',
    writes: false,
    args: TrendOptions,
    dialog: new ScoreTrendDialog(services),
  };
}
