import { z } from 'zod';
import { LIST_CONFLICT } from '../src/domain/listChange';
import { cloneDoneCard } from '../cards/communityScoreCards';
import { facts, heading, MARK, nextStepCard, text } from '../cards/cardKit';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type StartTurn } from '../src/bot/guidedFlow';
import { choiceStep } from '../src/bot/stepKit';
import type { CaseFile } from '../src/domain/caseFile';
import { sessionsNewestFirst } from '../src/domain/caseFileOperations';
import { sameScore } from '../src/domain/communityScore';
import { cloneCommunityScore, laterSessions, planClone, type ClonePlan } from '../src/domain/communityScoreCopy';
import type { Session } from '../src/domain/session';
import type { Services } from '../src/services';
import { CaseFileAnswer, requireChosenCaseFile } from './caseFileChoice';
import { changeContext } from './changeContext';
import { ratingsSummary, scoreBlocker, scoreCaseFileStep, ScoreStartOptions, sessionLabel, startScoreFlow, weekdayOf, type Blocker } from './scoreSupport';

const Answers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  sourceSessionId: z.string().optional(),
  /** The source session came with the command (the button under a saved score), so it is not asked. */
  sourceFromStart: z.boolean().default(false),
  targets: z.array(z.string()).default([]),
  /** Targets that already have a different score: each is replaced only if the user confirms it. */
  conflicts: z.array(z.string()).default([]),
  overwrite: z.array(z.string()).default([]),
  /** Each target's score as it was when the targets were picked (recordedAt, null: none): see `planClone`. */
  shownScores: z.record(z.string(), z.string().nullable()).default({}),
});
type Answers = z.infer<typeof Answers>;

const ALL_LATER = 'ALL';

/** Scored sessions that have a later session to copy to, newest first. */
function cloneSources(cf: CaseFile): Session[] {
  return sessionsNewestFirst(cf).filter((s) => s.communityScore && laterSessions(cf, s.sessionId).length > 0);
}

function cloneBlocker(cf: CaseFile): Blocker | undefined {
  const blocked = scoreBlocker(cf);
  if (blocked) return blocked;
  if (!cf.sessions.some((s) => s.communityScore)) {
    return {
      title: `${cf.name} has no Community SCORE yet`,
      reason: 'Record a Community SCORE for a session first; then you can copy it to the sessions after it.',
      fix: { title: 'Record a score', command: 'communityScore', args: { caseFileId: cf.caseFileId } },
    };
  }
  if (cloneSources(cf).length === 0) {
    return { title: 'No later sessions', reason: `Only the latest session of ${cf.name} has a score, so there is no later session to copy it to.` };
  }
  return undefined;
}

/** The targets that will actually be written: conflicts the user did not confirm keep their own score. */
function effectiveTargets(a: Answers): string[] {
  return a.targets.filter((t) => !a.conflicts.includes(t) || a.overwrite.includes(t));
}

function labelsOfSessions(cf: CaseFile, ids: readonly string[], zone: string): string[] {
  return ids
    .map((id) => cf.sessions.find((s) => s.sessionId === id))
    .filter((s): s is Session => Boolean(s))
    .map((s) => sessionLabel(s, zone));
}

function source(cf: CaseFile, a: Answers): Session {
  return cf.sessions.find((s) => s.sessionId === a.sourceSessionId)!;
}

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'cloneScore',
    title: 'Copy a Community SCORE to later sessions',
    async start(turn: StartTurn, options) {
      const started = await startScoreFlow(turn, options, {
        noCaseFiles: { text: 'There are no case files yet, so there is no Community SCORE to copy.' },
        blocker: (cf, opts) => (opts.sessionId ? scoreBlocker(cf) : cloneBlocker(cf)),
      });
      if ('refuse' in started) return started;
      const answers = Answers.parse(started.answers);
      const { cf, opts } = started;
      if (!cf || !opts.sessionId) return { answers };
      const session = cf.sessions.find((s) => s.sessionId === opts.sessionId);
      const zone = turn.user.organisation.timeZone;
      if (!session?.communityScore) {
        return {
          refuse: {
            card: nextStepCard(
              'Nothing to copy yet',
              `${session ? `The session on ${sessionLabel(session, zone)}` : 'That session'} has no Community SCORE to copy.`,
              {
                title: 'Record a score',
                command: 'communityScore',
                args: { caseFileId: cf.caseFileId, ...(session ? { sessionId: session.sessionId } : {}) },
              },
            ),
          },
        };
      }
      if (laterSessions(cf, session.sessionId).length === 0) {
        return {
          refuse: { text: `The session on ${sessionLabel(session, zone)} is the latest in ${cf.name}, so there is no later session to copy its score to yet.` },
        };
      }
      return { answers: { ...answers, sourceSessionId: session.sessionId, sourceFromStart: true } };
    },
    steps: [
      scoreCaseFileStep<Answers>({
        purpose: 'has the score you want to copy',
        blocker: cloneBlocker,
        refusal: (blocked) => `${blocked.reason} Pick another case file, or type **cancel**.`,
        cleared: { sourceSessionId: undefined, targets: [], conflicts: [], overwrite: [] },
      }),
      choiceStep<Answers>({
        id: 'source',
        title: 'Score to copy',
        help: 'Pick the session whose Community SCORE you want to copy. Only scored sessions with a later session are listed, most recent first.',
        applies: (a) => !a.sourceFromStart,
        question: () => 'Which session’s score do you want to copy?',
        options: async (turn) => {
          const cf = await requireChosenCaseFile(turn);
          const zone = turn.user.organisation.timeZone;
          return cloneSources(cf).map((s) => ({
            key: s.sessionId,
            label: sessionLabel(s, zone),
            description: `${weekdayOf(s, zone)}: ${ratingsSummary(s.communityScore!.ratings, turn.services.referenceData)}`,
          }));
        },
        current: (a) => a.sourceSessionId,
        pick: ([key], _turn, options) => ({
          ok: true,
          answers: { sourceSessionId: key, targets: [], conflicts: [], overwrite: [] },
          echo: `Copy the score of ${options.find((o) => o.key === key)!.label}`,
        }),
      }),
      choiceStep<Answers>({
        id: 'targets',
        title: 'Later sessions',
        help: 'Tick the later sessions that should get the same score, or "All later sessions". A session that already has a different score is only replaced after you confirm it in the next step.',
        multi: true,
        question: () => 'Copy the score to which later sessions?',
        options: async (turn) => {
          const cf = await requireChosenCaseFile(turn);
          const zone = turn.user.organisation.timeZone;
          const from = source(cf, turn.answers);
          const later = laterSessions(cf, from.sessionId);
          const state = (s: Session) =>
            !s.communityScore
              ? 'no score yet'
              : sameScore(s.communityScore, from.communityScore!)
                ? 'already has this score'
                : 'has a different score, replaced only if you confirm';
          return [
            { key: ALL_LATER, label: 'All later sessions', description: String(later.length) },
            ...later.map((s) => ({ key: s.sessionId, label: sessionLabel(s, zone), description: `${weekdayOf(s, zone)}, ${state(s)}` })),
          ];
        },
        current: (a) => (a.targets.length ? a.targets : undefined),
        pick: async (keys, turn) => {
          const cf = await requireChosenCaseFile(turn);
          const from = source(cf, turn.answers);
          const targets = keys.includes(ALL_LATER) ? laterSessions(cf, from.sessionId).map((s) => s.sessionId) : keys;
          const plan = planClone(cf, from.sessionId, targets, changeContext(turn), { overwrite: targets });
          if (!plan.ok) return { ok: false, message: plan.problems.map((p) => p.message).join('\n\n') };
          if (plan.value.add.length + plan.value.replace.length === 0) {
            return {
              ok: false,
              message: 'The sessions you picked already have this same score, so there is nothing to copy. Pick other sessions, or type **cancel**.',
            };
          }
          const zone = turn.user.organisation.timeZone;
          return {
            ok: true,
            answers: {
              targets,
              conflicts: plan.value.replace,
              overwrite: [],
              shownScores: Object.fromEntries(targets.map((t) => [t, cf.sessions.find((x) => x.sessionId === t)?.communityScore?.recordedAt ?? null])),
            },
            echo: `Copy to: ${labelsOfSessions(cf, targets, zone).join('; ')}`,
          };
        },
      }),
      choiceStep<Answers>({
        id: 'overwrite',
        title: 'Replace existing scores',
        help: 'These sessions already have a Community SCORE that differs from the one you are copying. Tick a session, or type its date, to replace its score. Any you leave unticked keep their own score. Type **none** to keep them all.',
        multi: true,
        allowNone: true,
        applies: (a) => a.conflicts.length > 0,
        question: (turn) =>
          turn.answers.conflicts.length === 1
            ? 'This session already has a different Community SCORE. Tick it to replace it, or type its date; left unticked, it keeps its own score.'
            : 'These sessions already have a different Community SCORE. Tick each one to replace, or type their dates; any you leave unticked keep their own score.',
        options: async (turn) => {
          const cf = await requireChosenCaseFile(turn);
          const zone = turn.user.organisation.timeZone;
          return turn.answers.conflicts
            .map((id) => cf.sessions.find((s) => s.sessionId === id))
            .filter((s): s is Session => Boolean(s?.communityScore))
            .map((s) => ({
              key: s.sessionId,
              label: sessionLabel(s, zone),
              description: `now ${ratingsSummary(s.communityScore!.ratings, turn.services.referenceData)}`,
            }));
        },
        current: (a) => a.overwrite,
        pick: async (keys, turn) => {
          const next = { ...turn.answers, overwrite: keys };
          if (effectiveTargets(next).length === 0) {
            return {
              ok: false,
              message:
                'You kept every existing score, so nothing would be copied. Tick at least one session to replace, or type **back** to pick other sessions.',
            };
          }
          const cf = await requireChosenCaseFile(turn);
          const labels = labelsOfSessions(cf, keys, turn.user.organisation.timeZone);
          return {
            ok: true,
            answers: { overwrite: keys },
            echo: keys.length ? `Replace the score of: ${labels.join('; ')}` : 'Replace: none, they keep their own score',
          };
        },
      }),
    ],
    async review(turn) {
      const a = turn.answers;
      const cf = await requireChosenCaseFile(turn);
      const zone = turn.user.organisation.timeZone;
      const from = source(cf, a);
      const plan = planClone(cf, from.sessionId, effectiveTargets(a), changeContext(turn), { overwrite: a.overwrite, shown: a.shownScores });
      const kept = a.conflicts.filter((c) => !a.overwrite.includes(c));
      return [
        heading('Copy this Community SCORE'),
        facts([
          ['Case file', cf.name],
          ['Copy from', `${sessionLabel(from, zone)}: ${ratingsSummary(from.communityScore!.ratings, turn.services.referenceData)}`],
          ...(plan.ok
            ? ([
                ['Add to', labelsOfSessions(cf, plan.value.add, zone).join('; ')],
                ['Replace on', labelsOfSessions(cf, plan.value.replace, zone).join('; ')],
              ] as [string, string][])
            : []),
          ...(kept.length ? [['Keep their own score', labelsOfSessions(cf, kept, zone).join('; ')] as [string, string]] : []),
        ]),
        ...(plan.ok ? [] : [text(`${MARK.error} ${plan.problems.map((p) => p.message).join('\n\n')}`)]),
      ];
    },
    async save(turn) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      let plan: ClonePlan | undefined;
      const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) => {
        const options = { overwrite: a.overwrite, shown: a.shownScores };
        const planned = planClone(cf, a.sourceSessionId!, effectiveTargets(a), ctx, options);
        if (!planned.ok) return planned;
        plan = planned.value;
        return cloneCommunityScore(cf, a.sourceSessionId!, effectiveTargets(a), ctx, turn.services.referenceData, options);
      });
      if (!result.ok) {
        const message = result.problems.map((p) => p.message).join('\n\n');
        const changed = result.problems.some((p) => p.code === 'communityScore.wouldOverwrite' || p.code === LIST_CONFLICT);
        return changed
          ? { ok: false, message: `${message} It was scored after you picked the sessions, so pick them again.`, stepId: 'targets' }
          : { ok: false, message };
      }
      const cf = result.value;
      const zone = org.timeZone;
      return {
        ok: true,
        reply: {
          card: cloneDoneCard({
            caseFileName: cf.name,
            sourceLabel: sessionLabel(source(cf, a), zone),
            added: labelsOfSessions(cf, plan!.add, zone),
            replaced: labelsOfSessions(cf, plan!.replace, zone),
            kept: labelsOfSessions(
              cf,
              a.conflicts.filter((c) => !a.overwrite.includes(c)),
              zone,
            ),
            unchanged: labelsOfSessions(cf, plan!.unchanged, zone),
          }),
        },
      };
    },
  };
}

export function cloneScoreCommand(services: Services): Command<'cloneScore'> {
  return {
    id: 'cloneScore',
    title: 'Copy a Community SCORE',
    description:
      'Copy one session’s Community SCORE to later sessions of the same case file; a session with its own score is only replaced when you confirm it.',
    example: 'copy score for Tuesday seniors group to later sessions',
    writes: true,
    args: ScoreStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
