import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import { ATTENDANCE_PROFILE_WHY, checkAttendanceProfile, originOf } from '../../src/domain/attendanceProfile';
import { editCaseFile } from '../../src/domain/caseFileCorrections';
import { createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx: ChangeContext = { actor: { userId: 'u', name: 'U' }, now: DateTime.fromISO('2025-10-20T10:00', { zone }), zone };

function caseFile(transferred: boolean) {
  const created = createCaseFile(
    org,
    {
      organisationId: org.organisationId,
      caseFileId: 'cf',
      caseId: 'CF-1',
      name: 'Group',
      overview: '',
      outletActivityId: 10421,
      clientAttendanceProfileCode: 'PSGROUP',
      totalUnidentifiedClients: 0,
    },
    ctx,
  );
  assert.ok(created.ok);
  const at = ctx.now.toISO()!;
  return transferred
    ? { ...created.value, transfers: [{ activityId: 'A', activityName: 'A', at, by: ctx.actor, sessionsAdded: 1, participantsAdded: 1 }] }
    : created.value;
}

describe('client attendance profile rule', () => {
  it('is optional for a case file made by hand and required for one that came from an activity transfer, saying why', () => {
    assert.equal(checkAttendanceProfile('manual', undefined), null);
    const problem = checkAttendanceProfile('transfer', undefined);
    assert.equal(problem?.field, 'clientAttendanceProfileCode');
    assert.match(problem!.message, /activity is people attending together/);
    assert.equal(checkAttendanceProfile('transfer', 'PSGROUP'), null);
    assert.match(ATTENDANCE_PROFILE_WHY.manual, /optional/);
  });

  it('holds when a case file is corrected: a transferred one keeps a profile, one made by hand may drop it', () => {
    assert.equal(originOf(caseFile(true)), 'transfer');
    const refused = editCaseFile(caseFile(true), org, { clientAttendanceProfileCode: null }, ctx);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.problems[0]!.code, 'attendanceProfile.missing');
    const dropped = editCaseFile(caseFile(false), org, { clientAttendanceProfileCode: null }, ctx);
    assert.ok(dropped.ok && dropped.value.clientAttendanceProfileCode === undefined);
  });
});
