import { z } from 'zod';
import { card, choiceSet, heading, submit, text, textInput, type CardElement } from '../../cards/cardKit';
import type { FlowStep } from '../../src/bot/guidedFlow';
import { ATTENDANCE_PROFILE_WHY } from '../../src/domain/attendanceProfile';
import { AttendanceProfileSchema, CASE_FILE_NAME_MAX, CASE_FILE_OVERVIEW_MAX } from '../../src/domain/caseFile';
import { outletActivities } from '../../src/domain/organisation';
import { checkFreeText } from '../../src/domain/rules';
import type { Answers } from './answers';

/** Only the fields of the card; zod reports each missing or invalid one by its label. */
const DetailsSubmit = z.object({
  outletActivityId: z.string({ error: 'Outlet activity is required' }).trim().min(1, 'Outlet activity is required'),
  clientAttendanceProfileCode: z.string({ error: 'Client attendance profile is required' }).trim().min(1, 'Client attendance profile is required'),
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(CASE_FILE_NAME_MAX, `Name can be at most ${CASE_FILE_NAME_MAX} characters`),
  overview: z.string().trim().max(CASE_FILE_OVERVIEW_MAX, `Overview can be at most ${CASE_FILE_OVERVIEW_MAX} characters`).default(''),
});

export function detailsStep(): FlowStep<Answers> {
  return {
    id: 'details',
    title: 'Case file details',
    help: `DEX needs the outlet activity (which decides the program) and the client attendance profile (how the clients attend: a peer support group, a community event, a family…). ${ATTENDANCE_PROFILE_WHY.transfer} The name and overview are filled in for you; change them if you like.`,
    applies: (a) => a.mode === 'new',
    async ask(turn, retry) {
      const a = turn.answers;
      const draft = retry?.draft ?? {};
      const pickString = (key: string, fallback: string | undefined) => (typeof draft[key] === 'string' ? (draft[key] as string) : fallback);
      const body: CardElement[] = [
        heading('New case file'),
        text('Outlet activity and client attendance profile are required. Check the name and overview, then choose **Continue**.'),
        choiceSet(
          'outletActivityId',
          'Outlet activity',
          outletActivities(turn.user.organisation).map((x) => ({ title: `${x.name} (${x.outletName})`, value: String(x.outletActivityId) })),
          {
            value: pickString('outletActivityId', a.outletActivityId === undefined ? undefined : String(a.outletActivityId)),
            required: true,
            style: 'compact',
            placeholder: 'Choose the outlet activity',
          },
        ),
        choiceSet(
          'clientAttendanceProfileCode',
          'Client attendance profile',
          turn.services.referenceData.codesOf('attendanceProfile').map((c) => ({ title: c.label, value: c.code })),
          {
            value: pickString('clientAttendanceProfileCode', a.clientAttendanceProfileCode),
            required: true,
            style: 'compact',
            placeholder: 'Choose how the clients attend',
          },
        ),
        textInput('name', 'Name', { value: pickString('name', a.name), maxLength: CASE_FILE_NAME_MAX, required: true }),
        textInput('overview', 'Overview', { value: pickString('overview', a.overview), multiline: true, maxLength: CASE_FILE_OVERVIEW_MAX }),
      ];
      return { card: card(body, [submit('Continue', { step: 'details' }, 'positive')]) };
    },
    async accept(turn, input) {
      if (!input.value) return { ok: false, message: 'Fill in the card and choose **Continue**.' };
      const parsed = DetailsSubmit.safeParse(input.value);
      if (!parsed.success) return { ok: false, message: `${parsed.error.issues.map((i) => i.message).join('. ')}.`, draft: input.value };
      const d = parsed.data;
      const activity = outletActivities(turn.user.organisation).find((x) => String(x.outletActivityId) === d.outletActivityId);
      if (!activity)
        return {
          ok: false,
          message: `Outlet activity "${d.outletActivityId}" is not one of ${turn.user.organisation.name}'s outlet activities; pick one from the list.`,
          draft: input.value,
        };
      const profile = AttendanceProfileSchema.safeParse(d.clientAttendanceProfileCode);
      if (!profile.success)
        return {
          ok: false,
          message: `Client attendance profile "${d.clientAttendanceProfileCode}" is not one of the options; pick one from the list.`,
          draft: input.value,
        };
      const problem = checkFreeText('name', d.name) ?? checkFreeText('overview', d.overview, 'multiline');
      if (problem) return { ok: false, message: problem.message, draft: input.value };
      const profileLabel = turn.services.referenceData.labelOf('attendanceProfile', profile.data) ?? profile.data;
      return {
        ok: true,
        answers: { outletActivityId: activity.outletActivityId, clientAttendanceProfileCode: profile.data, name: d.name, overview: d.overview },
        echo: `Outlet activity: ${activity.name} · Attendance profile: ${profileLabel} · Name: ${d.name}`,
      };
    },
  };
}
