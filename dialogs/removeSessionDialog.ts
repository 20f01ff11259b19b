import type { z } from 'zod';
import { facts, heading, MARK, text } from '../cards/cardKit';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition } from '../src/bot/guidedFlow';
import { isSessionReported, removeSession } from '../src/domain/caseFileCorrections';
import { formatDuration } from '../src/domain/dateFormat';
import { participantCount, sessionWhen } from '../src/domain/sessionListing';
import type { Services } from '../src/services';
import { requireChosenCaseFile } from './caseFileChoice';
import {
  caseFileStepThen,
  correctedCard,
  CorrectionStartOptions,
  SessionCorrectionBase,
  sessionPickStep,
  startingSession,
  startOnCaseFile,
} from './correctionSupport';
import { changeContext } from './changeContext';

export const RemoveSessionAnswers = SessionCorrectionBase;
type Answers = z.infer<typeof RemoveSessionAnswers>;

/** Removing is confirmed on the summary: it names what goes with the session (participants, details, score). */
function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'removeSession',
    title: 'Remove a session',
    removal: () => 'Remove session',
    async start(turn, raw) {
      const started = await startOnCaseFile(turn, raw, 'there is no session to remove');
      if ('refuse' in started) return { refuse: started.refuse };
      const session = await startingSession(turn, started.base, started.options);
      return { answers: RemoveSessionAnswers.parse({ ...started.base, sessionId: session?.sessionId }) };
    },
    steps: [caseFileStepThen<Answers>('is the session in', () => ({ sessionId: undefined })), sessionPickStep<Answers>('do you want to remove', () => ({}))],
    async review(turn) {
      const a = turn.answers;
      const zone = turn.user.organisation.timeZone;
      const cf = await requireChosenCaseFile(turn);
      const s = cf.sessions.find((x) => x.sessionId === a.sessionId);
      if (!s)
        return [heading('Remove a session'), text(`Session ${a.sessionId} is no longer in "${cf.name}", so there is nothing to remove. Type **cancel**.`)];
      const reported = isSessionReported(s, turn.services.clock(), zone);
      return [
        heading(`Remove session ${s.sessionId} from "${cf.name}"?`),
        facts([
          ['Held', sessionWhen(s, zone)],
          ['Duration', formatDuration(s.durationMinutes)],
          ['People', `${participantCount(s.participants.length)}, ${s.unidentifiedParticipants} unidentified`],
          ['Community SCORE', s.communityScore ? 'recorded, removed with the session' : 'none'],
        ]),
        text(`${MARK.warning} Its participants, session details and Community SCORE go with it. The removal is kept in the case file’s history.`),
        ...(reported
          ? [
              text(
                `${MARK.warning} Its reporting period has closed, so DEX keeps the session as it was reported; removing it here changes only your own records.`,
              ),
            ]
          : []),
      ];
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) => removeSession(cf, a.sessionId!, ctx), operationId);
      if (!result.ok) return { ok: false, message: result.problems[0]!.message };
      return {
        ok: true,
        reply: { card: correctedCard(`Removed session ${a.sessionId}`, `Session ${a.sessionId} is no longer in "${result.value.name}".`, result.value) },
      };
    },
  };
}

export function removeSessionCommand(services: Services): Command<'removeSession'> {
  return {
    id: 'removeSession',
    title: 'Remove a session',
    description: 'Take a session recorded by mistake out of a case file, after you confirm, with its participants, details and score.',
    example: 'remove the last session of Tuesday seniors group',
    writes: true,
    args: CorrectionStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
