import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { readDexSchema, dexSchemaInUse } from '../../src/export/dexSchema';
import { exportPeriod } from '../../src/export/exportPeriod';
import type { ExportDeps, ExportRequest } from '../../src/export/exportTypes';
import { folderSink } from '../../src/export/folderSink';
import { ExportLedger } from '../../src/storage/exportLedger';
import {
  ACTOR,
  completeClient,
  embeddedStore,
  groupCaseFile,
  memorySink,
  must,
  NOW,
  ORG_ID,
  organisation,
  referenceData,
  store,
  type ExportStore,
} from '../support/exportFixtures';

const schema = dexSchemaInUse({});
const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({ organisation, periodId: '2026-H1', actor: ACTOR, now: NOW, ...over });

async function independentlyValid(xml: string): Promise<void> {
  const result = await validateXML({
    xml: { fileName: 'check.xml', contents: xml },
    schema: { fileName: 's.xsd', contents: fs.readFileSync(schema.file, 'utf8') },
    maxMemoryPages: 8192,
  });
  assert.deepEqual(
    result.errors.map((e) => e.message),
    [],
  );
  assert.equal(result.valid, true);
}

const parser = new XMLParser({
  isArray: (name) => ['Client', 'Case', 'Session', 'SessionClient', 'SessionAssessment', 'Assessment', 'ScoreCode', 'CaseClient'].includes(name),
  parseTagValue: false,
});

describe('DEX export of a reporting period', function () {
  this.timeout(60_000);
  let s: ExportStore;
  let deps: ExportDeps & { sink: ReturnType<typeof memorySink> };
  const alice = completeClient('CL-A0000001', 'Alice', 'Nguyen');
  const bob = completeClient('CL-B0000002', 'Robert', 'Okafor', { consentToProvideDetails: false, gender: 'MALE' });
  const carol = completeClient('CL-C0000003', 'Carol', 'Bianchi');

  beforeEach(async () => {
    s = await embeddedStore();
    deps = { caseFiles: s.caseFiles, clients: s.clients, ledger: new ExportLedger(s.db), referenceData, schema, sink: memorySink() };
  });
  afterEach(() => s.close());

  it('writes one valid file with clients, the case, its sessions in the period and their Community SCOREs', async () => {
    const built = groupCaseFile({
      caseFileId: 'cf-1',
      caseId: 'CF-2601-AAAAA',
      name: 'Tuesday seniors',
      clients: [alice, bob],
      sessionTimes: ['2026-02-10T10:00', '2026-03-10T10:00'],
      serviceTypeId: 352,
      scored: true,
    });
    // A session of the closed period before, stored back then: only the two 2026 sessions belong to 2026-H1.
    const old = { ...built.sessions[0]!, sessionId: 'S-20251230-1', startsAt: '2025-12-30T10:00:00.000+11:00' };
    const cf = { ...built, sessions: [old, ...built.sessions] };
    await store(s, cf, [alice, bob]);
    const summary = await exportPeriod(request(), deps);
    assert.equal(summary.ok, true, summary.problems.map((p) => p.message).join('\n'));
    assert.deepEqual(summary.leftOut, []);
    assert.equal(summary.files.length, 1);
    assert.deepEqual(summary.counts, { clients: 2, cases: 1, sessions: 2, participants: 4, communityScores: 2 });
    const xml = deps.sink.files.get(summary.files[0]!.name)!;
    await independentlyValid(xml);
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<DEXFileUpload>/);
    const doc = parser.parse(xml).DEXFileUpload;
    assert.deepEqual(Object.keys(doc), ['Clients', 'Cases', 'Sessions', 'SessionAssessments']);
    const sessions = doc.Sessions.Session;
    assert.deepEqual(
      sessions.map((x: { SessionDate: string }) => x.SessionDate),
      ['2026-02-10', '2026-03-10'],
    );
    // Names only where the client consented; booleans in lower case; nothing written empty.
    const byId = new Map(doc.Clients.Client.map((c: { ClientId: string }) => [c.ClientId, c]));
    const a = byId.get(alice.clientId) as { GivenName?: string; ResidentialAddress: { Postcode: string } };
    const b = byId.get(bob.clientId) as { GivenName?: string; ConsentToProvideDetails: string };
    assert.equal(a.GivenName, 'Alice');
    assert.equal(b.GivenName, undefined);
    assert.equal(b.ConsentToProvideDetails, 'false');
    assert.equal(a.ResidentialAddress.Postcode, '0800');
    assert.doesNotMatch(xml, /<(\w+)\s*\/>|<(\w+)><\/\2>/);
    assert.doesNotMatch(xml, />(True|False|TRUE|FALSE)</);
    // The 2015 schema has no ServiceSettingCode, so it is reported rather than written.
    assert.doesNotMatch(xml, /ServiceSettingCode/);
    assert.ok(summary.notInSchema.some((n) => n.field.includes('Session/ServiceSettingCode') && n.records === 2));
    const assessment = doc.SessionAssessments.SessionAssessment[0].Assessments.Assessment;
    assert.deepEqual(
      assessment.map((x: { AssessmentPhaseCode: string; Scores: { ScoreCode: string[] } }) => [x.AssessmentPhaseCode, x.Scores.ScoreCode]),
      [
        ['PRE', ['GROUPSKILLS2', 'GROUPNETWORKS3']],
        ['POST', ['GROUPSKILLS4', 'GROUPNETWORKS3']],
      ],
    );
  });

  it('leaves out a case file that is not ready, with the readiness errors as the reason', async () => {
    const ready = groupCaseFile({
      caseFileId: 'cf-ok',
      caseId: 'CF-OK',
      name: 'Ready group',
      clients: [alice],
      sessionTimes: ['2026-02-10T10:00'],
      serviceTypeId: 352,
    });
    const notReady = groupCaseFile({ caseFileId: 'cf-no', caseId: 'CF-NO', name: 'Unfinished group', clients: [carol], sessionTimes: ['2026-02-11T10:00'] });
    await store(s, ready, [alice]);
    await store(s, notReady, [carol]);
    const summary = await exportPeriod(request(), deps);
    assert.equal(summary.ok, true);
    assert.deepEqual(
      summary.leftOut.map((l) => l.name),
      ['Unfinished group'],
    );
    assert.ok(summary.leftOut[0]!.reasons.some((r) => r.code === 'serviceType.missing' && r.fix?.command === 'sessionDetails'));
    const xml = [...deps.sink.files.values()][0]!;
    assert.doesNotMatch(xml, /CF-NO|CL-C0000003/);
  });

  it('refuses a closed period and one not yet started, writing nothing', async () => {
    const closed = await exportPeriod(request({ periodId: '2025-H2' }), deps);
    assert.match(closed.refused!, /closed on 30 Jan 2026/);
    const future = await exportPeriod(request({ periodId: '2026-H2' }), deps);
    assert.match(future.refused!, /not started/);
    const nonsense = await exportPeriod(request({ periodId: 'last year' }), deps);
    assert.match(nonsense.refused!, /2026-H1/);
    assert.equal(deps.sink.files.size, 0);
  });

  it('splits before the size limit, keeping each case with its sessions and after its clients', async () => {
    const people = [alice, bob, carol];
    for (let i = 0; i < 6; i++) {
      const cf = groupCaseFile({
        caseFileId: `cf-${i}`,
        caseId: `CF-SPLIT-${i}`,
        name: `Group ${i}`,
        clients: people,
        sessionTimes: ['2026-02-10T10:00', '2026-02-17T10:00', '2026-02-24T10:00'],
        serviceTypeId: 352,
      });
      await store(s, cf, people);
    }
    const summary = await exportPeriod(request(), { ...deps, maxFileBytes: 8_000 });
    assert.equal(summary.ok, true, summary.problems.map((p) => p.message).join('\n'));
    assert.ok(summary.files.length >= 3, `expected a split, got ${summary.files.length} file(s)`);
    const seenCases = new Set<string>();
    for (const f of summary.files) {
      const xml = deps.sink.files.get(f.name)!;
      assert.ok(Buffer.byteLength(xml) <= 8_000);
      await independentlyValid(xml);
      const doc = parser.parse(xml).DEXFileUpload;
      const caseIds = new Set<string>(doc.Cases.Case.map((c: { CaseId: string }) => c.CaseId));
      for (const c of caseIds) seenCases.add(c);
      for (const session of doc.Sessions.Session) assert.ok(caseIds.has(session.CaseId), `session ${session.SessionId} is not with its case`);
      const clientIds = new Set<string>(doc.Clients.Client.map((c: { ClientId: string }) => c.ClientId));
      for (const c of doc.Cases.Case) for (const cc of c.CaseClients.CaseClient) assert.ok(clientIds.has(cc.ClientId));
      assert.ok(Object.keys(doc).length <= 5);
    }
    assert.equal(seenCases.size, 6);
    assert.deepEqual(summary.counts.cases, 6);
  });

  it('with --changed-since-last sends only case files whose records changed since that period was last exported', async () => {
    const one = groupCaseFile({ caseFileId: 'cf-1', caseId: 'CF-ONE', name: 'One', clients: [alice], sessionTimes: ['2026-02-10T10:00'], serviceTypeId: 352 });
    const two = groupCaseFile({ caseFileId: 'cf-2', caseId: 'CF-TWO', name: 'Two', clients: [carol], sessionTimes: ['2026-02-10T10:00'], serviceTypeId: 352 });
    await store(s, one, [alice]);
    await store(s, two, [carol]);
    const first = await exportPeriod(request(), deps);
    assert.equal(first.counts.cases, 2);
    const again = await exportPeriod(request({ changedSinceLast: true }), deps);
    assert.equal(again.unchanged, 2);
    assert.equal(again.files.length, 0);
    must(
      await s.caseFiles.update(ORG_ID, 'cf-2', (cf) => ({
        ok: true,
        value: { ...cf, sessions: cf.sessions.map((x) => ({ ...x, unidentifiedParticipants: 3 })) },
      })),
    );
    const third = await exportPeriod(request({ changedSinceLast: true }), deps);
    assert.equal(third.unchanged, 1);
    assert.equal(third.counts.cases, 1);
    assert.match([...deps.sink.files.values()].at(-1)!, /CF-TWO/);
    const history = await deps.ledger.list(ORG_ID, '2026-H1');
    assert.equal(history.length, 2);
    assert.equal(history[0]!.by.name, ACTOR.name);
    assert.match(history[0]!.files[0]!.sha256, /^[0-9a-f]{64}$/);
  });

  it('does not write a file the schema in use rejects, and says which record and field failed', async () => {
    // A schema that, like a newer DSS one might, requires an element the bot does not record.
    const stricter = fs
      .readFileSync(schema.file, 'utf8')
      .replace(
        '<xs:element name="FeesCharged" type="MinFeesCharged" nillable="true" minOccurs="0" />',
        '<xs:element name="FeesCharged" type="MinFeesCharged" />',
      );
    const file = path.join(s.dir, 'stricter.xsd');
    fs.writeFileSync(file, stricter);
    const cf = groupCaseFile({
      caseFileId: 'cf-1',
      caseId: 'CF-ONE',
      name: 'Strict group',
      clients: [alice],
      sessionTimes: ['2026-02-10T10:00'],
      serviceTypeId: 352,
    });
    await store(s, cf, [alice]);
    const summary = await exportPeriod(request(), { ...deps, schema: readDexSchema(file) });
    assert.equal(summary.ok, false);
    assert.equal(deps.sink.files.size, 0);
    assert.equal(summary.files.length, 0);
    assert.ok(
      summary.problems.some((p) => /^Case file "Strict group", session S-20260210-1: .*fees charged/.test(p.message)),
      summary.problems.map((p) => p.message).join('\n'),
    );
    assert.equal((await deps.ledger.list(ORG_ID)).length, 0);
  });

  it('writes files readable by their owner only, and never over an existing file', async () => {
    const out = path.join(s.dir, 'out');
    const cf = groupCaseFile({ caseFileId: 'cf-1', caseId: 'CF-ONE', name: 'One', clients: [alice], sessionTimes: ['2026-02-10T10:00'], serviceTypeId: 352 });
    await store(s, cf, [alice]);
    const summary = await exportPeriod(request(), { ...deps, sink: folderSink(out) });
    const written = path.join(out, summary.files[0]!.name);
    assert.equal(fs.statSync(written).mode & 0o777, 0o600);
    assert.equal(fs.statSync(out).mode & 0o777, 0o700);
    await assert.rejects(folderSink(out).write(summary.files[0]!.name, Buffer.from('x')), /EEXIST/);
  });

  it('makes an export folder that others could read owner-only before writing into it', async () => {
    const out = path.join(s.dir, 'shared-out');
    fs.mkdirSync(out, { mode: 0o755 });
    fs.chmodSync(out, 0o755);
    await folderSink(out).write('file.xml', Buffer.from('<x/>'));
    assert.equal(fs.statSync(out).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(out, 'file.xml')).mode & 0o777, 0o600);
  });

  it('exports only the outlet asked for', async () => {
    const cf = groupCaseFile({ caseFileId: 'cf-1', caseId: 'CF-ONE', name: 'One', clients: [alice], sessionTimes: ['2026-02-10T10:00'], serviceTypeId: 352 });
    await store(s, cf, [alice]);
    const wrong = await exportPeriod(request({ outletId: 'NOWHERE' }), deps);
    assert.match(wrong.refused!, /no outlet "NOWHERE"/);
    const right = await exportPeriod(request({ outletId: organisation.outlets[0]!.outletId }), deps);
    assert.equal(right.counts.cases, 1);
  });
});
