import assert from 'node:assert/strict';
import { saysNothing } from '../../src/bot/stepKit';
import { matchChoice } from '../../src/search/fuzzyMatch';

const CASE_FILES = [
  { key: 'cf-seniors', label: 'Wednesday seniors social group' },
  { key: 'cf-walking', label: 'Friday walking group' },
  { key: 'cf-shed', label: "Men's Shed Tuesday" },
];

describe('a typed answer to a list question', () => {
  it('takes the option by its number, its code or its wording, typos included', () => {
    assert.equal(matchChoice('2', CASE_FILES)?.key, 'cf-walking');
    assert.equal(matchChoice('cf-shed', CASE_FILES)?.key, 'cf-shed');
    assert.equal(matchChoice('wensday seniors', CASE_FILES)?.key, 'cf-seniors');
    assert.equal(matchChoice("men's shed", CASE_FILES)?.key, 'cf-shed');
  });

  it('never turns a short word such as "yes", "ok" or "no" into an option it does not begin', () => {
    for (const word of ['yes', 'ok', 'no', 'y', 'nah', 'ta']) assert.equal(matchChoice(word, CASE_FILES), undefined, word);
    // The two demo case files with their DEX case ids, where "yes" used to pick the first.
    const demo = [
      { key: 'demo-case-file-seniors', label: 'Wednesday seniors social group', extra: ['CF-DEMO-0001'] },
      { key: 'demo-ready', label: 'Friday walking group', extra: ['CF-DEMO-0002'] },
    ];
    for (const word of ['yes', 'yep', 'ok']) assert.equal(matchChoice(word, demo), undefined, word);
  });

  it('takes a short answer that begins a word of exactly one option', () => {
    assert.equal(matchChoice('fri', CASE_FILES)?.key, 'cf-walking');
    assert.equal(matchChoice('men', CASE_FILES)?.key, 'cf-shed');
    assert.equal(matchChoice('gro', CASE_FILES), undefined, 'two options have a word beginning "gro"');
    assert.equal(
      matchChoice('Yes', [
        { key: 'Y', label: 'Yes' },
        { key: 'N', label: 'No' },
      ])?.key,
      'Y',
    );
  });
});

describe('a typed "nothing" to an optional question', () => {
  it('is a skip word or a short sentence opening with no, none or nobody', () => {
    for (const said of ['none', 'skip', 'n/a', 'no referrals', 'No referrals thanks', 'nobody was referred', 'none needed.', 'nope', 'nothing']) {
      assert.equal(saysNothing(said), true, said);
    }
  });

  it('is not an answer that only begins like one', () => {
    for (const said of [
      'Northside walkers',
      'no referral for Joan but one for Harold to housing',
      'none before 10 am',
      'Noosa',
      'Nobody Knows choir rehearsal group',
    ]) {
      assert.equal(saysNothing(said), false, said);
    }
  });
});
