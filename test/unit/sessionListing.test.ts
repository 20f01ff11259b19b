import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { CaseFileSchema, type CaseFile } from '../../src/domain/caseFile';
import { latestSession, participantCount, sessionListings, sessionWhen } from '../../src/domain/sessionListing';

const zone = 'Australia/Sydney';
const actor = { userId: 'u1', name: 'Una' };

function caseFileWith(sessions: { sessionId: string; startsAt: string; durationMinutes?: number; participants?: number }[]): CaseFile {
  return CaseFileSchema.parse({
    organisationId: 'harbourside-community',
    caseFileId: 'cf',
    caseId: 'CF-1',
    name: 'Group',
    outletActivityId: 10421,
    createdAt: '2025-10-01T09:00:00+10:00',
    createdBy: actor,
    updatedAt: '2025-10-01T09:00:00+10:00',
    updatedBy: actor,
    version: 1,
    sessions: sessions.map((s) => ({
      sessionId: s.sessionId,
      startsAt: DateTime.fromISO(s.startsAt, { zone }).toISO(),
      durationMinutes: s.durationMinutes ?? 60,
      unidentifiedParticipants: 0,
      participants: Array.from({ length: s.participants ?? 0 }, (_, i) => ({ clientId: `C${i}`, participationCode: 'CLIENT' })),
    })),
  });
}

describe('session listing', () => {
  it('shows a timed session with weekday, day-first date and time in the organisation’s zone', () => {
    assert.equal(sessionWhen({ startsAt: '2025-10-15T03:30:00.000Z' }, zone), 'Wed 15 Oct 2025, 2:30 pm');
  });

  it('shows a session entered without a time (stored at midnight) by its date alone', () => {
    assert.equal(sessionWhen({ startsAt: '2025-10-19T00:00:00.000+11:00' }, zone), 'Sun 19 Oct 2025');
  });

  it('converts to the zone given, so a Perth organisation reads its own time', () => {
    assert.equal(sessionWhen({ startsAt: '2025-10-15T13:30:00.000+11:00' }, 'Australia/Perth'), 'Wed 15 Oct 2025, 10:30 am');
  });

  it('lists sessions most recent first with id, length and participant count', () => {
    const cf = caseFileWith([
      { sessionId: 'Week 1', startsAt: '2025-10-07T10:00', participants: 1 },
      { sessionId: 'Week 3', startsAt: '2025-10-21T10:00', durationMinutes: 90, participants: 2 },
      { sessionId: 'Week 2', startsAt: '2025-10-14T10:00' },
    ]);
    assert.deepEqual(sessionListings(cf, zone), [
      { sessionId: 'Week 3', label: 'Tue 21 Oct 2025, 10:00 am · Week 3', description: '1 h 30 min, 2 participants' },
      { sessionId: 'Week 2', label: 'Tue 14 Oct 2025, 10:00 am · Week 2', description: '1 h, 0 participants' },
      { sessionId: 'Week 1', label: 'Tue 7 Oct 2025, 10:00 am · Week 1', description: '1 h, 1 participant' },
    ]);
    assert.equal(latestSession(cf)?.sessionId, 'Week 3');
  });

  it('has no latest session for a case file without sessions', () => {
    assert.equal(latestSession(caseFileWith([])), undefined);
    assert.deepEqual(sessionListings(caseFileWith([]), zone), []);
  });

  it('counts participants in words', () => {
    assert.equal(participantCount(0), '0 participants');
    assert.equal(participantCount(1), '1 participant');
    assert.equal(participantCount(12), '12 participants');
  });
});
