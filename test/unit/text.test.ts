import assert from 'node:assert/strict';
import { cleanPersonName, nameSplits } from '../../src/domain/personName';
import { computeSlk } from '../../src/domain/slk';
import { checkFreeText } from '../../src/domain/rules';
import { cleanText, textField } from '../../src/domain/text';

describe('names and free text as stored', () => {
  it('normalises to NFC, trims and collapses runs of spaces, keeping apostrophes and hyphens', () => {
    assert.deepEqual(cleanText('  Men\u2019s   shed '), { ok: true, value: 'Men\u2019s shed' });
    assert.deepEqual(cleanText("O'Connor  Smith-Jones"), { ok: true, value: "O'Connor Smith-Jones" });
    assert.deepEqual(cleanText('Zoe\u0308'), { ok: true, value: 'Zoë' });
    assert.deepEqual(cleanText('a\u00A0\u3000b'), { ok: true, value: 'a b' });
    assert.deepEqual(cleanText('line one \r\n\r\n\r\n  line two', 'multiline'), { ok: true, value: 'line one\n\nline two' });
  });

  it('refuses control, invisible and text-direction characters, byte-order marks and lone surrogates', () => {
    const cases: [string, RegExp][] = [
      ['a\u0000b', /control character/],
      ['a\u001Bb', /control character/],
      ['a\u0085b', /control character/],
      ['a\nb', /control character/],
      ['a\tb', /control character/],
      ['a\u202Eb', /text-direction/],
      ['a\u2066b', /text-direction/],
      ['a\u200Bb', /invisible/],
      ['a\u200Db', /invisible/],
      ['a\u00ADb', /invisible/],
      ['\uFEFFab', /byte-order/],
      ['a\uD800b', /broken character/],
      ['a\uDC00', /broken character/],
      ['a\u3164b', /invisible/],
    ];
    for (const [raw, what] of cases) {
      const r = cleanText(raw);
      assert.equal(r.ok, false, JSON.stringify(raw));
      assert.match(r.ok ? '' : r.what, what, JSON.stringify(raw));
    }
    assert.equal(cleanText('a\tb', 'multiline').ok, false, 'a tab is refused in multi-line text too');
    assert.match(checkFreeText('overview', 'x\u202Ey')!.message, /^Overview contains a hidden text-direction mark \(U\+202E\)/);
    assert.equal(checkFreeText('name', 'Tuesday 😀 group'), null, 'emoji are whole characters');
    assert.equal(checkFreeText('name', "Men's shed"), null, 'apostrophes are kept');
    assert.equal(checkFreeText('name', 'Men\u2019s shed'), null);
  });

  it('asks for the English-alphabet spelling of a name with no Latin letters, and folds full-width letters', () => {
    for (const name of ['李', '王小明', 'Ωμέγα'.replace(/./gu, 'Ω')]) {
      const r = cleanPersonName('familyName', name);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.problem.message, /English-alphabet spelling on their official documents/);
      assert.equal(r.ok ? '' : r.problem.code, 'familyName.noLatinLetters');
    }
    assert.equal(
      computeSlk({ givenName: 'Ｊｏｈｎ', familyName: 'Ｓｍｉｔｈ', birthDate: '1951-07-03', sex: 'MALE' }),
      computeSlk({ givenName: 'John', familyName: 'Smith', birthDate: '1951-07-03', sex: 'MALE' }),
    );
    assert.deepEqual(cleanPersonName('givenName', 'José'), { ok: true, value: 'José' });
  });

  it('offers every division of a full name of three or more words, last word alone first', () => {
    assert.deepEqual(nameSplits('Alice Smith'), [{ givenName: 'Alice', familyName: 'Smith' }]);
    assert.deepEqual(nameSplits('Mary Anne Smith'), [
      { givenName: 'Mary Anne', familyName: 'Smith' },
      { givenName: 'Mary', familyName: 'Anne Smith' },
    ]);
    assert.equal(computeSlk({ givenName: 'Mary Anne', familyName: 'Smith', birthDate: '1951-07-03', sex: 'FEMALE' }), 'MIHAR030719512');
  });

  it('textField (the zod form for a new stored text field) parses to the cleaned text and names the field in each refusal', () => {
    const field = textField('Preferred name', { min: 1, max: 5 });
    assert.equal(field.parse('  Zoe\u0308   B '), 'Zoë B');
    const refusal = (raw: string) => {
      const r = field.safeParse(raw);
      return r.success ? `accepted ${r.data}` : r.error.issues.map((i) => i.message).join('; ');
    };
    assert.match(refusal('Al\u200Bi'), /^Preferred name .*invisible/i);
    assert.equal(refusal('   '), 'Preferred name is required.');
    // The limit counts the cleaned text: six letters are refused, five with extra spaces are kept.
    assert.equal(refusal('Abcdef'), 'Preferred name can be at most 5 characters (it has 6).');
    assert.equal(field.parse(' Ab   c '), 'Ab c');
    assert.equal(textField('Overview', { min: 3 }).safeParse('ab').error?.issues[0]?.message, 'Overview needs at least 3 characters.');
  });
});
