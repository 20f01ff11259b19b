import assert from 'node:assert/strict';
import { formatStoredDate, formatStoredDateTime } from '../../src/domain/dateFormat';
import { plural } from '../../src/domain/wording';

describe('wording shared by cards and the export summary', () => {
  it('counts in Australian digit grouping, singular only for exactly one', () => {
    assert.equal(plural(1, 'client'), '1 client');
    assert.equal(plural(0, 'client'), '0 clients');
    assert.equal(plural(1250, 'session'), '1,250 sessions');
    assert.equal(plural(2, 'activity', 'activities'), '2 activities');
  });

  it('shows a stored instant in the organisation zone, not the offset it was stored with', () => {
    // 23:30 UTC on 14 Oct is 10:30 am on 15 Oct in Sydney (daylight time, +11:00).
    assert.equal(formatStoredDate('2025-10-14T23:30:00.000Z', 'Australia/Sydney'), '15 Oct 2025');
    assert.equal(formatStoredDateTime('2025-10-14T23:30:00.000Z', 'Australia/Sydney'), 'Wed 15 Oct 2025, 10:30 am');
    assert.equal(formatStoredDateTime('2025-10-15T10:30:00.000+11:00', 'Australia/Perth'), 'Wed 15 Oct 2025, 7:30 am');
  });
});
