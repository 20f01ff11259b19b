import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DialogContext, DialogContextError, DialogSet } from 'botbuilder-dialogs';
import { createAdapter } from '../../src/bot/adapter';
import { loadConfig } from '../../src/config/env';
import { silentLogger } from '../../src/logger';
import { StorageUnavailableError } from '../../src/storage/database';

/** The words the turn error handler sends for an error, through a context whose sends are captured. */
async function apologyFor(error: Error): Promise<string> {
  const adapter = createAdapter(loadConfig({}), silentLogger);
  const context = new TurnContext(new TestAdapter(), { type: 'message', text: 'hi', conversation: { id: 'c' }, channelId: 'test' } as Activity);
  const sent: string[] = [];
  context.onSendActivities(async (_ctx, activities) => {
    sent.push(...activities.map((a) => a.text ?? ''));
    return activities.map(() => ({ id: '' }));
  });
  await adapter.onTurnError(context, error);
  assert.equal(sent.length, 1);
  return sent[0]!;
}

describe('the turn error handler', () => {
  it('says the case records cannot be reached when the store was unavailable, also when a dialog wrapped the error', async () => {
    const unavailable = new StorageUnavailableError('no answer within 5000 ms');
    const context = new TurnContext(new TestAdapter(), { type: 'message', conversation: { id: 'c' }, channelId: 'test' } as Activity);
    const wrapped = new DialogContextError(unavailable, new DialogContext(new DialogSet(), context, { dialogStack: [] }));
    assert.match(await apologyFor(unavailable), /cannot reach the case records/);
    assert.match(await apologyFor(wrapped), /cannot reach the case records/);
    assert.match(await apologyFor(new Error('Unavailable', { cause: unavailable })), /cannot reach the case records/);
  });

  it('gives the general apology for any other error', async () => {
    assert.match(await apologyFor(new TypeError('x is undefined')), /something went wrong on my side/);
  });
});
