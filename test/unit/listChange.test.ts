import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyListChange, diffList, rebaseShown, sameJson, type Keyed } from '../../src/domain/listChange';

type Item = { id: string; v: number };
const K: Keyed<Item> = { key: (i) => i.id, same: sameJson };
const item = (id: string, v = 0): Item => ({ id, v });

describe('list change (what one person changed relative to what they were shown)', () => {
  it('adds what was ticked, removes what was unticked, and leaves everything else as stored', () => {
    const shown = [item('a'), item('b')];
    const change = diffList(shown, [item('b'), item('c')], K);
    const stored = [item('a'), item('b'), item('x')]; // x: a colleague's, added after the card was shown
    const applied = applyListChange(stored, change, K);
    assert.deepEqual(applied.list, [item('b'), item('x'), item('c')]);
    assert.deepEqual(applied.conflicts, []);
  });

  it('reports an item both people changed, and applies nothing to it', () => {
    const shown = [item('a', 1)];
    const applied = applyListChange([item('a', 2)], diffList(shown, [item('a', 3)], K), K);
    assert.deepEqual(
      applied.conflicts.map((c) => [c.key, c.kind]),
      [['a', 'changedMeanwhile']],
    );
    assert.deepEqual(applied.list, [item('a', 2)]);
    const removedMeanwhile = applyListChange([], diffList(shown, [item('a', 3)], K), K);
    assert.deepEqual(
      removedMeanwhile.conflicts.map((c) => c.kind),
      ['removedMeanwhile'],
    );
    const addedDifferently = applyListChange([item('n', 1)], diffList([], [item('n', 2)], K), K);
    assert.deepEqual(
      addedDifferently.conflicts.map((c) => c.kind),
      ['addedDifferently'],
    );
    const removedAfterChange = applyListChange([item('a', 2)], diffList(shown, [], K), K);
    assert.deepEqual(
      removedAfterChange.conflicts.map((c) => c.kind),
      ['changedMeanwhile'],
      'nobody removes what they did not see',
    );
  });

  it('is no change and no conflict when the stored item already is what the person wanted (a retry, or both did the same)', () => {
    const change = diffList([item('a', 1)], [item('a', 2), item('b')], K);
    const once = applyListChange([item('a', 1)], change, K).list;
    const twice = applyListChange(once, change, K);
    assert.deepEqual(twice.list, once);
    assert.deepEqual([twice.added, twice.changed, twice.removed, twice.conflicts], [[], [], [], []]);
  });

  it('after a conflict is shown, saving again replaces exactly that item', () => {
    const shown = [item('a', 1), item('b', 1)];
    const stored = [item('a', 2), item('b', 5)];
    const rebased = rebaseShown(shown, stored, ['a'], K);
    const applied = applyListChange(stored, diffList(rebased, [item('a', 3), item('b', 1)], K), K);
    assert.deepEqual(applied.conflicts, []);
    assert.deepEqual(applied.list, [item('a', 3), item('b', 5)], 'b was not touched by this person, so the colleague’s 5 stays');
  });

  it('never touches an item the person left alone, whatever others did (property)', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const list = fc.uniqueArray(fc.record({ id: ids, v: fc.integer({ min: 0, max: 2 }) }), { selector: (i) => i.id });
    fc.assert(
      fc.property(list, list, list, (shown, submitted, stored) => {
        const applied = applyListChange(stored, diffList(shown, submitted, K), K);
        const touched = new Set([...shown, ...submitted].map((i) => i.id));
        for (const s of stored) {
          if (touched.has(s.id)) continue;
          assert.deepEqual(
            applied.list.find((i) => i.id === s.id),
            s,
          );
        }
        assert.equal(new Set(applied.list.map((i) => i.id)).size, applied.list.length, 'no duplicates');
        for (const c of applied.conflicts) {
          assert.deepEqual(
            applied.list.find((i) => i.id === c.key),
            stored.find((i) => i.id === c.key),
            'a conflicting item stays as stored',
          );
        }
      }),
    );
  });
});
