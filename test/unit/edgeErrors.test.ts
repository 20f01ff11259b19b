import assert from 'node:assert/strict';
import { AuthenticationError } from 'botframework-connector';
import { cannotVerifyNow } from '../../src/edge/messagesEndpoint';
import { IncomingTurn } from '../../src/edge/incomingTurn';

describe('HTTP edge: telling a bad token from an identity service that cannot be reached', () => {
  it('counts network failures, timeouts and identity-service errors as "cannot verify now" (503)', () => {
    const fetchError = Object.assign(new Error('request to https://login.botframework.com failed, reason: connect ECONNREFUSED'), {
      name: 'FetchError',
      code: 'ECONNREFUSED',
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const deadline = Object.assign(new Error('no answer within 5000 ms'), { name: 'DeadlineError' });
    for (const err of [
      fetchError,
      reset,
      deadline,
      new AuthenticationError('Failed to load openID config: 500', 500),
      new AuthenticationError('Failed to load Keys: 503', 503),
    ]) {
      assert.equal(cannotVerifyNow(err), true, err.message);
    }
  });

  it('counts every token problem, and anything it cannot place, as "not verified" (401), never a 5xx', () => {
    const jwt = Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' });
    const expired = Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' });
    const odd = new TypeError("Cannot read properties of undefined (reading 'split')");
    const argument = Object.assign(new TypeError('bad argument'), { code: 'ERR_INVALID_ARG_TYPE' });
    for (const err of [new AuthenticationError('Unauthorized. Invalid AppId passed on token: x', 401), jwt, expired, odd, argument, undefined, 'text']) {
      assert.equal(cannotVerifyNow(err), false, String(err));
    }
  });
});

describe('HTTP edge: the incoming activity schema', () => {
  const teams = {
    type: 'message',
    id: '1732900000000',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/au/',
    from: { id: '29:1abc', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
    recipient: { id: '28:bot', name: 'DEX Assistant' },
    conversation: { id: 'a:1xyz', conversationType: 'personal', tenantId: '00000000-0000-0000-0000-0000000000001' },
    channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000001' } },
    entities: [{ type: 'clientInfo', locale: 'en-AU', timezone: 'Australia/Sydney' }],
    timestamp: '2026-11-29T18:15:27.123Z',
    localTimestamp: '2026-11-30T05:15:27.123+11:00',
    text: 'help',
  };

  it('accepts a message as Teams sends it, keeping fields it does not check', () => {
    const parsed = IncomingTurn.parse({ ...teams, locale: 'en-AU', extra: { anything: 1 } });
    assert.deepEqual((parsed as Record<string, unknown>).extra, { anything: 1 });
  });

  it('accepts a new activity type it has never heard of, so it is ignored rather than refused', () => {
    assert.ok(IncomingTurn.safeParse({ ...teams, type: 'someFutureType' }).success);
  });

  it('refuses a mention the SDK could not strip, and a type that is not a word', () => {
    assert.ok(!IncomingTurn.safeParse({ ...teams, entities: [{ type: 'Mention', mentioned: { id: '28:bot' } }] }).success);
    assert.ok(!IncomingTurn.safeParse({ ...teams, type: 'message; drop' }).success);
  });
});
