import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { smallTalkOf } from '../../src/understanding/navigation';
import { createRecogniser } from '../../src/understanding/recogniser';

describe('a greeting before a request', () => {
  const recogniser = createRecogniser(COMMAND_GRAMMAR);
  const now = DateTime.fromISO('2025-11-19T14:00:00', { zone: 'Australia/Sydney' });
  const commandOf = (text: string) => {
    const u = recogniser.understand(text, now);
    return u.kind === 'command' ? u.command : u.kind;
  };

  for (const text of ['yo whats due', 'hey whats due', 'hiya whats due']) {
    it(`reads "${text}" as the request, not as hello`, () => {
      assert.equal(smallTalkOf(text), undefined);
      assert.equal(commandOf(text), 'caseFilesDue');
    });
  }

  for (const text of ['yo', 'hi mate', 'morning all', 'hey there', 'g day']) {
    it(`still answers "${text}" as a greeting`, () => assert.equal(smallTalkOf(text), 'hello'));
  }
});
