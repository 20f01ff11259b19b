import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { Activity } from 'botbuilder';
import { parseOrganisations } from '../../src/config/organisations';
import { addSessions, createCaseFile, updateSessionDetails } from '../../src/domain/caseFileOperations';
import type { CaseFile } from '../../src/domain/caseFile';
import { cardsOf, createHarness, transcript, type Harness, type TestConversation } from '../support/botHarness';
import { inputsOf } from '../support/cardQueries';
import { ORG, seedContext, value } from '../support/fixtures';
import { sampleOrganisations } from '../support/sampleOrganisations';

const ZONE = 'Australia/Sydney';
const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;

/** Seniors group with two sessions; the first has its service type, setting and topic recorded. */
async function seed(h: Harness, firstDetails = true): Promise<CaseFile> {
  const ctx = seedContext(h, { userId: 'setup', name: 'Set Up' });
  let cf = value(
    createCaseFile(
      org,
      {
        organisationId: ORG,
        caseFileId: 'tsg',
        caseId: 'CF-TSG',
        name: 'Tuesday seniors group',
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx,
    ),
  );
  cf = value(
    addSessions(
      cf,
      ['2025-10-07T10:00', '2025-10-14T10:00'].map((at, i) => ({
        sessionId: `WK${i + 1}`,
        startsAt: DateTime.fromISO(at, { zone: ZONE }),
        durationMinutes: 90,
        unidentifiedParticipants: 0,
      })),
      ctx,
    ),
  );
  if (firstDetails)
    cf = value(
      updateSessionDetails(
        cf,
        org,
        'WK1',
        { interpreterPresent: true, serviceTypeId: 352, serviceSettingCode: 'COMMVENUE', topicCode: 'COMMUNITYINCLUSION' },
        ctx,
      ),
    );
  return value(await h.services.caseFiles.insert(cf));
}

/** Every input on the last card with the value it starts at, as Teams submits them. */
function cardInputs(replies: Partial<Activity>[]): Record<string, string> {
  return Object.fromEntries(
    inputsOf(replies.flatMap(cardsOf))
      .filter((o) => typeof o.id === 'string' && typeof o.value === 'string' && o.value !== '')
      .map((o) => [o.id as string, o.value as string]),
  );
}

const open = (c: TestConversation, sessionId: string) => c.submit({ command: 'sessionDetails', args: { caseFileId: 'tsg', sessionId } });

describe('session details proposed from the previous session', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  const detailsOf = async (sessionId: string) => (await harness.services.caseFiles.get(ORG, 'tsg'))!.sessions.find((s) => s.sessionId === sessionId)!.details;

  it('starts the card at the previous session’s service type, setting and topic, marked as proposed, and saves them only with Save', async () => {
    await seed(harness);
    const c = harness.conversation();
    const opened = await open(c, 'WK2');
    const inputs = cardInputs(opened);
    assert.deepEqual([inputs.serviceTypeId, inputs.serviceSettingCode, inputs.topicCode], ['352', 'COMMVENUE', 'COMMUNITYINCLUSION']);
    assert.ok(!['yes', 'no'].includes(inputs.interpreterPresent ?? ''), 'whether an interpreter came is not proposed');
    assert.match(transcript(opened), /Proposed: as in the session of Tue 7 Oct 2025, 10:00 am/);
    assert.deepEqual(await detailsOf('WK2'), {}, 'a proposal is not stored by showing it');

    const review = transcript(await c.press('Continue', { ...inputs, interpreterPresent: 'no' }));
    assert.match(review, /Service type: Not recorded → Group social support \(proposed: as in the session of Tue 7 Oct 2025, 10:00 am\)/);
    assert.match(review, /Interpreter present: Not recorded → No/);
    assert.doesNotMatch(review, /Interpreter present: Not recorded → No \(proposed/);
    assert.deepEqual(await detailsOf('WK2'), {}, 'nothing is written before Save');
    await c.press('Save');
    assert.deepEqual(await detailsOf('WK2'), {
      interpreterPresent: false,
      serviceTypeId: 352,
      serviceSettingCode: 'COMMVENUE',
      topicCode: 'COMMUNITYINCLUSION',
    });
  });

  it('does not mark a typed change as proposed, even when it is the proposed value, and saves only what was typed', async () => {
    await seed(harness);
    const c = harness.conversation();
    assert.match(transcript(await open(c, 'WK2')), /Proposed: as in the session of/);
    const review = transcript(await c.say('service type: group social support; interpreter: no'));
    assert.match(review, /Service type: Not recorded → Group social support/);
    assert.doesNotMatch(review, /proposed/i);
    await c.press('Save');
    assert.deepEqual(await detailsOf('WK2'), { interpreterPresent: false, serviceTypeId: 352 });
  });

  it('lets a proposed value be changed on the card, and proposes nothing without an earlier session that has them', async () => {
    await seed(harness);
    const c = harness.conversation();
    const inputs = cardInputs(await open(c, 'WK2'));
    const review = transcript(await c.press('Continue', { ...inputs, interpreterPresent: 'no', serviceTypeId: '1' }));
    assert.doesNotMatch(review, /Service type: Not recorded → Group social support/);
    assert.doesNotMatch(review, /Service type: [^\n]*proposed/);
    await c.press('Save');
    assert.equal((await detailsOf('WK2')).serviceTypeId, 1);

    const first = await open(harness.conversation(), 'WK1');
    assert.doesNotMatch(transcript(first), /Proposed:/, 'the first session has no earlier one to copy');
  });
});
