import assert from 'node:assert/strict';
import { ExportLedger, type DexExport } from '../../src/storage/exportLedger';
import { describeOnEachDriver } from '../support/ferretdb';

const ORG = 'harbourside-community';
const sha = (c: string) => c.repeat(64);

function entry(exportId: string, at: string, caseFiles: { caseFileId: string; version: number; sha: string }[], periodId = '2026-H1'): DexExport {
  return {
    organisationId: ORG,
    exportId,
    periodId,
    changedSinceLast: false,
    at,
    by: { userId: 'u1', name: 'Pat Officer' },
    schemaSha256: sha('e'),
    files: [{ name: `DEX-${exportId}-01.xml`, bytes: 1234, sha256: sha('f'), caseFileIds: caseFiles.map((c) => c.caseFileId) }],
    caseFiles: caseFiles.map((c) => ({
      caseFileId: c.caseFileId,
      caseId: `CF-${c.caseFileId}`,
      version: c.version,
      contentSha256: c.sha,
      fileName: `DEX-${exportId}-01.xml`,
    })),
  };
}

describeOnEachDriver('DEX export ledger', (driver) => {
  it('records who exported what and when, and keeps each case file’s latest export per period', async () => {
    const ledger = new ExportLedger(driver.db);
    await ledger.record(
      entry('e1', '2026-03-01T01:00:00.000Z', [
        { caseFileId: 'a', version: 3, sha: sha('1') },
        { caseFileId: 'b', version: 1, sha: sha('2') },
      ]),
    );
    await ledger.record(entry('e2', '2026-03-02T01:00:00.000Z', [{ caseFileId: 'a', version: 5, sha: sha('3') }]));
    await ledger.record(entry('e0', '2026-02-01T01:00:00.000Z', [{ caseFileId: 'b', version: 9, sha: sha('4') }], '2025-H2'));
    const marks = await ledger.marksForPeriod(ORG, '2026-H1');
    assert.deepEqual([...marks.keys()].sort(), ['a', 'b']);
    assert.equal(marks.get('a')!.version, 5);
    assert.equal(marks.get('a')!.exportId, 'e2');
    assert.equal(marks.get('b')!.contentSha256, sha('2'));
    const history = await ledger.list(ORG, '2026-H1');
    assert.deepEqual(
      history.map((h) => h.exportId),
      ['e2', 'e1'],
    );
    assert.equal(history[1]!.by.name, 'Pat Officer');
    assert.equal(history[1]!.files[0]!.sha256, sha('f'));
    assert.equal((await ledger.lastExportOf(ORG, 'b'))!.exportId, 'e1');
    assert.equal(await ledger.lastExportOf(ORG, 'nobody'), undefined);
  });

  it('never lets an older export that finishes late replace a newer mark', async () => {
    const ledger = new ExportLedger(driver.db);
    await ledger.record(entry('late-new', '2026-04-02T01:00:00.000Z', [{ caseFileId: 'c', version: 7, sha: sha('7') }]));
    await ledger.record(entry('late-old', '2026-04-01T01:00:00.000Z', [{ caseFileId: 'c', version: 6, sha: sha('6') }]));
    assert.equal((await ledger.marksForPeriod(ORG, '2026-H1')).get('c')!.exportId, 'late-new');
  });

  it('keeps the later mark when two exports of the same new case files are recorded at once', async () => {
    const ledger = new ExportLedger(driver.db);
    const ids = ['p', 'q', 'r'];
    await Promise.all([
      ledger.record(
        entry(
          'both-old',
          '2026-06-01T01:00:00.000Z',
          ids.map((caseFileId) => ({ caseFileId, version: 1, sha: sha('a') })),
        ),
      ),
      new ExportLedger(driver.db).record(
        entry(
          'both-new',
          '2026-06-02T01:00:00.000Z',
          ids.map((caseFileId) => ({ caseFileId, version: 2, sha: sha('b') })),
        ),
      ),
    ]);
    const marks = await ledger.marksForPeriod(ORG, '2026-H1');
    for (const id of ids) assert.equal(marks.get(id)?.exportId, 'both-new', `case file ${id}`);
  });

  it('survives a restart', async () => {
    await new ExportLedger(driver.db).record(entry('kept', '2026-05-01T01:00:00.000Z', [{ caseFileId: 'd', version: 1, sha: sha('8') }]));
    const db = await driver.reopen();
    assert.equal((await new ExportLedger(db).lastExportOf(ORG, 'd'))!.exportId, 'kept');
  });
});
