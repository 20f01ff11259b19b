import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { didYouMean, suggestionClassifier } from '../../src/understanding/suggestionClassifier';
import { suggestionExamples } from '../nlu/suggestionExamples';

/** The classifier that helps choose the "did you mean" buttons for a message the grammar does not read. */
describe('did-you-mean suggestions', () => {
  it('ships the examples of the phrase sets as they are now (npx tsx scripts/buildSuggestionExamples.ts)', () => {
    const shipped = JSON.parse(readFileSync(path.join(__dirname, '../../src/understanding/suggestionExamples.json'), 'utf8')) as unknown;
    assert.deepEqual(shipped, suggestionExamples());
  });

  it('offers no button for a message sharing no cue word with any command, whatever the classifier guesses', () => {
    assert.deepEqual(didYouMean([], ['stopReminders']), []);
  });

  it("puts the classifier's guesses before the cue words' commands, once each, at most three", () => {
    assert.deepEqual(didYouMean(['addClients', 'createCaseFile'], ['reviewDuplicateClients', 'addClients']), [
      'reviewDuplicateClients',
      'addClients',
      'createCaseFile',
    ]);
    assert.deepEqual(didYouMean(['a', 'b', 'c'], ['d', 'e', 'f']), ['d', 'e', 'f']);
  });

  it('guesses the command a message without its usual words is about', async function () {
    this.timeout(20_000);
    const classifier = await suggestionClassifier();
    assert.equal((await classifier.guess('client double entry'))[0], 'reviewDuplicateClients');
    assert.equal((await classifier.guess('the session time for money business is off'))[0], 'editSession');
  });
});
