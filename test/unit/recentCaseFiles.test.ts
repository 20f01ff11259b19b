import assert from 'node:assert/strict';
import type { CaseFile } from '../../src/domain/caseFile';
import { RecentCaseFiles } from '../../src/storage/recentCaseFiles';

/** The per-process case-file copies are bounded by size as well as by count (issue 17, item 5). */

const caseFileOf = (id: string, kb: number) => ({ caseFileId: id, padding: 'x'.repeat(kb * 1024) }) as unknown as CaseFile;

describe('per-process case-file copies', () => {
  it('drops the least recently used copies once their size passes the budget', () => {
    const cache = new RecentCaseFiles(50, 300 * 1024);
    for (const id of ['a', 'b', 'c']) cache.put(id, caseFileOf(id, 100));
    assert.equal(cache.size, 2, 'three copies of 100 KB do not fit 300 KB with their field names');
    assert.equal(cache.get('a'), undefined);
    assert.ok(cache.bytes <= 300 * 1024);
    cache.put('b', caseFileOf('b', 100));
    cache.put('d', caseFileOf('d', 100));
    assert.equal(cache.get('c'), undefined, 'c was used least recently');
    assert.ok(cache.get('b') && cache.get('d'));
  });

  it('keeps nothing larger than the whole budget, and still bounds the count', () => {
    const cache = new RecentCaseFiles(3, 1024 * 1024);
    cache.put('huge', caseFileOf('huge', 2048));
    assert.equal(cache.get('huge'), undefined);
    assert.equal(cache.bytes, 0);
    for (const id of ['a', 'b', 'c', 'd']) cache.put(id, caseFileOf(id, 1));
    assert.equal(cache.size, 3);
    cache.delete('d');
    assert.equal(cache.size, 2);
  });

  it('hands out copies that a caller cannot change', () => {
    const cache = new RecentCaseFiles(5, 1024 * 1024);
    const cf = caseFileOf('a', 1);
    cache.put('a', cf);
    (cf as unknown as { caseFileId: string }).caseFileId = 'changed';
    assert.equal(cache.get('a')?.caseFileId, 'a');
  });
});
