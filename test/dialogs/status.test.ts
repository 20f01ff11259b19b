import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { ChangeContext } from '../../src/domain/caseFileOperations';
import { addSessions, createCaseFile, updateSessionDetails } from '../../src/domain/caseFileOperations';
import { DateTime } from 'luxon';
import type { CaseFile } from '../../src/domain/caseFile';
import { demoCaseFile, demoClients } from '../../src/seed/demoData';
import { demoReadyCaseFile } from '../../src/seed/demoReadyCaseFile';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { nodesOnCards, submitActions } from '../support/cardQueries';
import { ORG } from '../support/fixtures';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

const DEMO = 'demo-case-file-seniors';

/** Every submit button on the replies' cards, as title → data. */
function buttons(replies: Partial<Activity>[]): { title: string; tooltip?: string; data: Record<string, unknown> }[] {
  return submitActions(replies).map((o) => ({
    title: o.title as string,
    ...(typeof o.tooltip === 'string' ? { tooltip: o.tooltip } : {}),
    data: o.data as Record<string, unknown>,
  }));
}

describe('status questions (msteams channel)', () => {
  let harness: Harness;
  let ctx: ChangeContext;

  async function seedDemo(): Promise<CaseFile> {
    const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
    ctx = { actor: { userId: 'user-bob', name: 'Bob Coordinator' }, now: harness.services.clock().setZone(org.timeZone), zone: org.timeZone };
    const clients = demoClients(org, ctx);
    for (const c of clients) assert.ok(await harness.services.clients.insert(c));
    const inserted = await harness.services.caseFiles.insert(demoCaseFile(org, clients, ctx));
    assert.ok(inserted.ok);
    return inserted.value;
  }

  async function seedEmpty(caseFileId: string, name: string, caseId: string): Promise<void> {
    const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
    const created = createCaseFile(
      org,
      { organisationId: ORG, caseFileId, caseId, name, overview: '', outletActivityId: 10421, totalUnidentifiedClients: 0 },
      ctx,
    );
    assert.ok(created.ok);
    assert.ok((await harness.services.caseFiles.insert(created.value)).ok);
  }

  async function stored(caseFileId = DEMO): Promise<CaseFile> {
    const cf = await harness.services.caseFiles.get(ORG, caseFileId);
    assert.ok(cf);
    return cf;
  }

  beforeEach(async () => {
    harness = await createHarness({ now: '2025-10-20T10:00:00' });
    await seedDemo();
  });
  afterEach(() => harness.close());

  describe('status of a case file', () => {
    it('answers "status of …" in one card with the numbers staff ask about, and writes nothing', async () => {
      const before = await stored();
      const c = harness.conversation();
      const said = transcript(await c.say('status of Wednesday seniors social group'));
      assert.match(said, /Status: Wednesday seniors social group/);
      assert.match(said, /DEX case id CF-DEMO-0001/);
      assert.match(said, /Outlet activity: Community and Home Support - Seniors social groups \(Parramatta community hub\)/);
      assert.match(said, /Clients: 4/);
      assert.match(said, /Sessions: 3, from 29 Sep 2025 to 13 Oct 2025/);
      assert.match(said, /Total time: 6 h/);
      assert.match(said, /Participants per session: 6 on average \(fewest 6, most 6\)/);
      assert.match(said, /Details missing: 1 session without a service type: S-20251013-1/);
      assert.match(said, /Community SCORE: PRE and POST: 0 · one phase only: 0 · none: 3/);
      assert.match(said, /Last change: Mon 20 Oct 2025, 10:00 am: Bob Coordinator changed session details/);
      assert.match(said, /Mon 13 Oct 2025, 10:00 am · S-20251013-1 · 2 h · 4 clients, 2 unidentified · no service type/);
      assert.doesNotMatch(said, /Margaret Nguyen/, 'names only on request');
      const after = await stored();
      assert.equal(after.version, before.version, 'a question changes nothing');
      assert.equal(after.summary?.sessionCount, 3);
    });

    it('lists a session held on a date with no time as the date alone, not "12:00 am"', async () => {
      const dated = await harness.services.caseFiles.update(
        ORG,
        DEMO,
        (cf) =>
          addSessions(
            cf,
            [{ sessionId: 'DAY-ONLY', startsAt: DateTime.fromISO('2025-10-15T00:00', { zone: ctx.zone }), durationMinutes: 60, unidentifiedParticipants: 1 }],
            ctx,
          ),
        'date-only-session',
      );
      assert.ok(dated.ok);
      const said = transcript(await harness.conversation().say('status of Wednesday seniors social group'));
      assert.match(said, /Wed 15 Oct 2025 · DAY-ONLY · 1 h/);
      assert.match(said, /Mon 13 Oct 2025, 10:00 am · S-20251013-1/, 'a session with a time keeps it');
      assert.doesNotMatch(said, /12:00 am/);
    });

    it('finds the case file fuzzily, by a misspelt name or by its DEX case id', async () => {
      const c = harness.conversation();
      assert.match(transcript(await c.say('status of wednesday senoirs')), /Status: Wednesday seniors social group/);
      assert.match(transcript(await c.say('how is case CF-DEMO-0001 going?')), /Status: Wednesday seniors social group/);
      assert.match(transcript(await c.say("how's Wednesday seniors social group going")), /Status: Wednesday seniors social group/);
    });

    it('shows the client names on request', async () => {
      const c = harness.conversation();
      await c.say('status of CF-DEMO-0001');
      const names = transcript(await c.press('Show client names'));
      assert.match(names, /Harold Fitzgerald\s+Wei Li\s+Margaret Nguyen\s+Joan Papadopoulos/);
      assert.equal(
        buttons(c.replies).some((b) => b.title === 'Show client names'),
        false,
      );
      assert.match(transcript(await c.say("who's in Wednesday seniors social group?")), /Margaret Nguyen/);
      assert.match(transcript(await c.say('list the clients of CF-DEMO-0001')), /Margaret Nguyen/);
    });

    it('offers a short pick list when the name matches several case files', async () => {
      await seedEmpty('cf-tue-seniors', 'Tuesday seniors group', 'CF-TUE-0001');
      await seedEmpty('cf-tue-yarn', 'Tuesday yarn circle', 'CF-TUE-0002');
      const c = harness.conversation();
      const picks = await c.say('status of Tuesday');
      assert.match(transcript(picks), /More than one case file matches "Tuesday"\. Which one\?/);
      const offered = buttons(picks).map((b) => b.data);
      assert.ok(offered.length <= 8, 'a short list');
      assert.deepEqual(
        offered.slice(0, 2).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        [
          { command: 'caseFileStatus', args: { caseFileId: 'cf-tue-seniors' } },
          { command: 'caseFileStatus', args: { caseFileId: 'cf-tue-yarn' } },
        ],
      );
      // A name too long for a phone's button is shown in full above a short button naming the case id.
      assert.match(transcript(picks), /\nTuesday yarn circle \(CF-TUE-0002\)\nChoose CF-TUE-0002/);
      const answer = transcript(await c.press('Choose CF-TUE-0002'));
      assert.match(answer, /Status: Tuesday yarn circle/);
      assert.match(answer, /Sessions: None yet/);
    });

    it('says so when no case file has that name, and lists recent ones to pick from', async () => {
      const c = harness.conversation();
      const replies = await c.say('status of Zebra knitting club');
      assert.match(transcript(replies), /There is no case file called "Zebra knitting club"\. The closest ones:/);
      assert.deepEqual(
        buttons(replies).map((b) => [b.title, b.tooltip]),
        [['Choose CF-DEMO-0001', 'Wednesday seniors social group (CF-DEMO-0001)']],
      );
    });

    it('asks which case file when none is named', async () => {
      const c = harness.conversation();
      const replies = await c.say('status');
      assert.match(transcript(replies), /Which case file\?/);
      assert.match(transcript(await c.press('Choose CF-DEMO-0001')), /Status: Wednesday seniors social group/);
    });

    it('tells an organisation without case files how to start one', async () => {
      await harness.close();
      harness = await createHarness({ now: '2025-10-20T10:00:00' });
      const c = harness.conversation();
      assert.match(transcript(await c.say('status of anything')), /no case files in Harbourside Community Services \(sample\) yet.*new case file/);
      assert.match(transcript(await c.say('my case files')), /no case files/);
    });
  });

  describe('ready for DEX?', () => {
    it('splits errors from warnings, names each session or client, and offers the flow that fixes it', async () => {
      const c = harness.conversation();
      const replies = await c.say("what's missing in Wednesday seniors social group?");
      const said = transcript(replies);
      assert.match(said, /Is "Wednesday seniors social group" ready for DEX\?/);
      assert.match(said, /Not ready: 4 errors DEX would reject, and 2 warnings\./);
      assert.match(said, /Checked 3 sessions\. 1 Jul – 31 Dec 2025: due by the end of 30 Jan 2026, 103 days left\./);
      // Progress as a gauge where Teams draws charts, and in words where it does not: one session has an error.
      const gauge = nodesOnCards(replies).find((n) => n.type === 'Chart.Gauge')!;
      assert.deepEqual(
        [gauge.value, gauge.max, gauge.segments],
        [
          2,
          3,
          [
            { legend: 'Nothing DEX would reject', size: 2, color: 'good' },
            { legend: '✖ With errors', size: 1, color: 'attention' },
          ],
        ],
      );
      assert.match(said, /Sessions DEX would accept\n/);
      assert.equal((gauge.fallback as { items: { text: string }[] }).items[0]!.text, '2 of 3 sessions have nothing DEX would reject.');
      assert.match(
        said,
        /Errors: DEX would reject these\s+• Joan Papadopoulos has no country of birth recorded[\s\S]*Joan Papadopoulos has no suburb, state and postcode recorded[\s\S]*• Session S-20251013-1 \(13 Oct 2025\) has no service type/,
      );
      assert.match(said, /Warnings: DEX accepts these, but the data is weak\s+• Wei Li has no referral source/);
      assert.match(
        said,
        /3 sessions \(S-20250929-1 \(29 Sep 2025\), S-20251006-1 \(6 Oct 2025\), S-20251013-1 \(13 Oct 2025\)\) have no Community SCORE/,
        'one warning for the case file, naming its sessions',
      );
      const fixes = buttons(replies);
      assert.deepEqual(fixes.find((b) => b.title === 'Fill in session details')?.data, {
        command: 'sessionDetails',
        args: { caseFileId: DEMO, sessionId: 'S-20251013-1' },
      });
      // Errors take the card's buttons first; the Community SCORE warning waits until they are fixed.
      assert.equal(fixes.filter((b) => b.title === 'Record Community SCORE').length, 0);
      assert.match(said, /Fix the ones with buttons first, then ask again for the rest/);
      assert.equal(fixes.filter((b) => b.title === 'Correct client').length, 0, 'warnings wait too');
      assert.equal(fixes.filter((b) => b.title === 'Complete client details').length, 3, 'one button for each missing detail');
      assert.deepEqual(fixes.find((b) => b.title === 'Complete client details')?.data, {
        command: 'completeClientDetails',
        args: { clientId: 'CL-DEMO003', field: 'countryOfBirthCode', caseFileId: DEMO },
      });
    });

    it('answers "is … ready for DEX" the same way, and the fix button opens the flow on that session', async () => {
      const c = harness.conversation();
      assert.match(transcript(await c.say('is CF-DEMO-0001 ready for DEX')), /Not ready: 4 errors/);
      const flow = transcript(await c.press('Fill in session details'));
      assert.match(flow, /S-20251013-1/);
      assert.match(flow, /Step 1 of/);
    });

    it('says the case file is ready, with warnings, once the error is fixed, and the stored summary follows', async () => {
      const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
      assert.equal((await stored()).summary?.errorCount, 1);
      const fixed = await harness.services.caseFiles.update(ORG, DEMO, (cf) => updateSessionDetails(cf, org, 'S-20251013-1', { serviceTypeId: 352 }, ctx));
      assert.ok(fixed.ok);
      assert.equal((await stored()).summary?.errorCount, 0);
      const joan = (await harness.services.clients.get(ORG, 'CL-DEMO003'))!;
      assert.ok(
        await harness.services.clients.setDetails(
          ORG,
          joan.clientId,
          { countryOfBirthCode: '3207', languageSpokenAtHomeCode: '2201', residentialAddress: { suburb: 'Parramatta', state: 'NSW', postcode: '2150' } },
          [],
          { updatedAt: joan.updatedAt },
        ),
      );
      const c = harness.conversation();
      const said = transcript(await c.say('is Wednesday seniors social group ready'));
      assert.match(said, /Ready, with 2 warnings: DEX accepts the data, but it is weak\./);
      assert.doesNotMatch(said, /Errors:/);
    });

    it('warns when a case file has no sessions in the period', async () => {
      await seedEmpty('cf-new', 'Friday yarn circle', 'CF-FRI-0001');
      const c = harness.conversation();
      const replies = await c.say('dex readiness of Friday yarn circle');
      assert.match(transcript(replies), /Ready, with 1 warning.*no sessions in 1 Jul – 31 Dec 2025, so neither it nor its clients count/s);
      assert.deepEqual(buttons(replies).find((b) => b.title === 'Add a session')?.data, { command: 'addSession', args: { caseFileId: 'cf-new' } });
    });

    it('keeps the card short for a case file of 500 sessions with hundreds of problems', async () => {
      const demo = await stored();
      const people = demo.clients.map((c) => ({ clientId: c.clientId, participationCode: 'CLIENT' as const, referrals: [] }));
      const twoInternal = [
        { typeCode: 'INTERNAL' as const, purposeCodes: ['MONEY'] },
        { typeCode: 'INTERNAL' as const, purposeCodes: ['HOUSING'] },
      ];
      const start = harness.services.clock().setZone('Australia/Sydney').minus({ days: 1 }).startOf('day');
      const sessions = Array.from({ length: 500 }, (_, i) => ({
        sessionId: `S-BIG-${i}`,
        startsAt: start.minus({ hours: i * 3 }).toISO()!,
        durationMinutes: 60,
        unidentifiedParticipants: 0,
        details: i % 2 ? {} : { serviceTypeId: 352 },
        participants: i % 5 ? people : [{ ...people[0]!, referrals: twoInternal }, ...people.slice(1)],
      }));
      const big = { ...demo, caseFileId: 'cf-big', caseId: 'CF-BIG-0001', name: 'Big group', sessions, audit: [], summary: undefined };
      assert.ok((await harness.services.caseFiles.insert(big)).ok);
      const c = harness.conversation();
      const said = transcript(await c.say('is CF-BIG-0001 ready for DEX'));
      assert.match(said, /Not ready: 353 errors DEX would reject, and 2 warnings\./);
      assert.match(said, /…and 247 more like this\./, 'sessions without a service type, after the first three');
      assert.equal(
        (said.match(/^• /gm) ?? []).length,
        3 + 3 + 3 + 1 + 1,
        'three of each kind at most (Joan’s three missing details are three kinds), and one Community SCORE warning for the case file',
      );
      assert.match(said, /500 sessions \(S-BIG-0 .*\) and 497 more\) have no Community SCORE/);
    });

    it('opens the missing client detail from its fix button, saves only what was chosen, and readiness follows', async () => {
      const c = harness.conversation();
      await c.say('is CF-DEMO-0001 ready for DEX');
      const form = await c.press('Complete client details');
      const said = transcript(form);
      assert.match(said, /What DEX still needs for Joan Papadopoulos/);
      assert.match(said, /Missing: country of birth, main language spoken at home and suburb, state and postcode\./);
      assert.doesNotMatch(said, /pseudonym/i, 'only what is missing is asked');
      assert.match(
        transcript(await c.press('Continue', { country: '3207', language: '2201', suburb: 'Harris Park', state: 'NSW', postcode: '3000' })),
        /The postcode 3000 is not in New South Wales/,
      );
      const review = transcript(await c.press('Continue', { country: '3207', language: '2201', suburb: 'Harris Park', state: 'NSW', postcode: '2150' }));
      assert.match(
        review,
        /Save these details for Joan Papadopoulos\?[\s\S]*Country of birth: Greece[\s\S]*Language at home: Greek[\s\S]*Lives in: Harris Park NSW 2150/,
      );
      const before = (await harness.services.clients.get(ORG, 'CL-DEMO003'))!;
      const done = await c.press('Save');
      assert.match(transcript(done), /Saved\. Joan Papadopoulos now has every detail DEX requires/);
      const after = (await harness.services.clients.get(ORG, 'CL-DEMO003'))!;
      assert.equal(after.countryOfBirthCode, '3207');
      assert.deepEqual(after.residentialAddress, { suburb: 'Harris Park', state: 'NSW', postcode: '2150' });
      assert.equal(after.updatedBy?.userId, 'user-alice');
      const { countryOfBirthCode: _c, languageSpokenAtHomeCode: _l, residentialAddress: _r, updatedAt: _u, updatedBy: _b, ...rest } = after;
      const { updatedAt: _u0, updatedBy: _b0, ...restBefore } = before;
      assert.deepEqual(rest, restBefore, 'nothing else about Joan changed');
      assert.match(transcript(await c.press('Check the case file again')), /Not ready: 1 error DEX would reject/);
    });

    it('"complete client details for" a full name that is one client goes straight to what DEX needs; a first name keeps the pick', async () => {
      const c = harness.conversation();
      const straight = transcript(await c.say('complete client details for joan papadopoulos'));
      assert.match(straight, /What DEX still needs for Joan Papadopoulos/);
      assert.doesNotMatch(straight, /Clients like/);
      await c.say('cancel');
      assert.match(transcript(await c.say('complete client details for joan')), /Clients like "joan"[\s\S]*Joan Papadopoulos/);
    });

    it('reports two clients of the organisation with the same SLK, with a review button', async () => {
      const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
      const margaret = demoClients(org, ctx)[0]!;
      assert.ok(await harness.services.clients.insert({ ...margaret, clientId: 'CL-AGAIN001' }));
      const c = harness.conversation();
      const replies = await c.say('is CF-DEMO-0001 ready for DEX');
      assert.match(
        transcript(replies),
        /Margaret Nguyen has the same SLK as Margaret Nguyen \(born 12 Mar 1948, client CL-AGAIN001\), another client of your organisation/,
      );
      assert.match(transcript(replies), /Not ready: 5 errors/);
      assert.deepEqual(buttons(replies).find((b) => b.title === 'Review the two clients')?.data, {
        command: 'reviewDuplicateClients',
        args: { clientId: 'CL-DEMO001', otherClientId: 'CL-AGAIN001' },
      });
      const review = transcript(await c.press('Review the two clients'));
      assert.match(review, /Two clients with the same SLK/);
      assert.match(review, /Client id: CL-DEMO001[\s\S]*Case files: Wednesday seniors social group \(CF-DEMO-0001\)/);
      assert.match(review, /Client id: CL-AGAIN001[\s\S]*Case files: none/);
      const list = await c.say('duplicate clients');
      assert.match(
        transcript(list),
        /1 group of clients sharing an SLK\s+Margaret Nguyen \(CL-AGAIN001\), Margaret Nguyen \(CL-DEMO001\)|1 group of clients sharing an SLK\s+Margaret Nguyen \(CL-DEMO001\), Margaret Nguyen \(CL-AGAIN001\)/,
      );
      assert.ok(buttons(list).some((b) => b.title === 'Compare'));
    });

    it('merges two records of one person from the review, moving every session, and readiness is clear of it', async () => {
      const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
      const margaret = demoClients(org, ctx)[0]!;
      assert.ok(await harness.services.clients.insert({ ...margaret, clientId: 'CL-AGAIN001' }));
      const before = await stored();
      const c = harness.conversation();
      await c.say('is CF-DEMO-0001 ready for DEX');
      await c.press('Review the two clients');
      assert.match(transcript(await c.press('Merge: they are one person')), /Which record should be kept\?/);
      const review = transcript(await c.press('Continue', { choice: 'CL-AGAIN001' }));
      assert.match(review, /Merge CL-DEMO001 into CL-AGAIN001\?[\s\S]*Case files moving: Wednesday seniors social group/);
      assert.equal((await stored()).version, before.version, 'nothing is written before Save');
      assert.match(transcript(await c.press('Save')), /Client CL-DEMO001 is merged into CL-AGAIN001/);
      const after = await stored();
      assert.deepEqual(
        after.clients.map((x) => x.clientId),
        before.clients.map((x) => (x.clientId === 'CL-DEMO001' ? 'CL-AGAIN001' : x.clientId)),
      );
      assert.equal(after.clients.find((x) => x.clientId === 'CL-AGAIN001')!.referralSourceCode, 'SELF', 'the case file entry moved with its answers');
      assert.equal(after.sessions.length, before.sessions.length, 'every session is kept');
      for (const s of after.sessions) {
        assert.ok(s.participants.some((p) => p.clientId === 'CL-AGAIN001'));
        assert.ok(!s.participants.some((p) => p.clientId === 'CL-DEMO001'));
      }
      assert.equal(after.audit.at(-1)!.action, 'clients.merged');
      assert.equal((await harness.services.clients.get(ORG, 'CL-DEMO001'))!.mergedInto, 'CL-AGAIN001');
      assert.ok(!(await harness.services.clients.listForSearch(ORG)).some((x) => x.clientId === 'CL-DEMO001'), 'the record given up is not offered again');
      const again = transcript(await c.say('is CF-DEMO-0001 ready for DEX'));
      assert.doesNotMatch(again, /same SLK/);
      assert.match(again, /Not ready: 4 errors/);
    });

    it('shows a viewer the problems but no fix buttons', async () => {
      harness.services.organisations.byId(ORG)!.roles['user-viewer'] = 'viewer';
      const c = harness.conversation({ id: 'user-viewer', name: 'Vera Viewer' });
      const replies = await c.say('is CF-DEMO-0001 ready for DEX');
      assert.match(transcript(replies), /has no service type/);
      assert.deepEqual(
        buttons(replies).map((b) => b.title),
        ['Status', 'Case files due'],
      );
      assert.match(transcript(await c.say('status of CF-DEMO-0001')), /Status: Wednesday seniors social group/);
    });
  });

  describe('my case files', () => {
    it('lists the case files with sessions this period, most to fix first, with the days left', async () => {
      await seedEmpty('cf-new', 'Friday yarn circle', 'CF-FRI-0001');
      const c = harness.conversation();
      const replies = await c.say('my case files');
      const said = transcript(replies);
      assert.match(said, /Case files due for DEX/);
      assert.match(said, /1 Jul – 31 Dec 2025: due by the end of 30 Jan 2026, 103 days left/);
      assert.match(said, /\*\*Wednesday seniors social group\*\* \(CF-DEMO-0001\): 4 errors, 2 warnings · 3 sessions this period/);
      assert.match(said, /1 other case file has no sessions in an open period/);
      assert.deepEqual(
        buttons(replies).map((b) => b.data),
        [{ command: 'caseFileReadiness', args: { caseFileId: DEMO, periodId: '2025-H2' } }],
      );
      assert.match(
        transcript(await c.press('What is missing?')),
        /Not ready: 4 errors/,
        'the list counts what the check of the case file counts, client details included',
      );
    });

    it('labels the button of a ready case file "Check again", not "What is missing?"', async () => {
      const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
      const clients = demoClients(org, ctx);
      const insertedReady = await harness.services.caseFiles.insert(demoReadyCaseFile(org, clients, ctx, harness.services.referenceData));
      assert.ok(insertedReady.ok, JSON.stringify(insertedReady));
      const c = harness.conversation();
      const replies = await c.say('my case files');
      assert.match(transcript(replies), /\*\*Friday walking group\*\* \(CF-DEMO-0002\): ready/);
      assert.deepEqual(
        buttons(replies).map((b) => [b.title, b.data.args]),
        [
          ['What is missing?', { caseFileId: DEMO, periodId: '2025-H2' }],
          ['Check again', { caseFileId: 'demo-case-file-walking', periodId: '2025-H2' }],
        ],
      );
      assert.match(transcript(await c.press('Check again')), /Ready: nothing is missing/);
    });

    it('counts a client’s missing details and shared SLK on every case file the client is on, as they change', async () => {
      const c = harness.conversation();
      assert.match(transcript(await c.say('my case files')), /\(CF-DEMO-0001\): 4 errors/);
      // Joan's record lacks a country of birth and an address: filling one in is a change to the client, not the case file.
      const joan = (await harness.services.clients.get(ORG, 'CL-DEMO003'))!;
      assert.ok(await harness.services.clients.setDetails(ORG, joan.clientId, { countryOfBirthCode: '3207' }, [], { updatedAt: joan.updatedAt }));
      assert.match(transcript(await c.say('my case files')), /\(CF-DEMO-0001\): 3 errors/);
      assert.match(transcript(await c.press('What is missing?')), /Not ready: 3 errors/);

      // Another client of the organisation with Joan's SLK, on no case file: DEX would count them as one person.
      const { clientId: _id, updatedAt: _at, ...rest } = (await harness.services.clients.get(ORG, 'CL-DEMO003'))!;
      assert.ok(await harness.services.clients.insert({ ...rest, clientId: 'CL-TWIN' }));
      assert.match(transcript(await c.say('my case files')), /\(CF-DEMO-0001\): 4 errors/);
      assert.match(transcript(await c.press('What is missing?')), /Not ready: 4 errors/);
    });

    it('in July shows the January–June period, still open until 30 July, before the new one', async () => {
      await harness.close();
      harness = await createHarness({ now: '2025-07-10T09:00:00' });
      await seedDemo();
      const c = harness.conversation();
      const said = transcript(await c.say('cases due'));
      assert.match(
        said,
        /1 Jan – 30 Jun 2025: due by the end of 30 Jul 2025, 21 days left\s+✖ \*\*Wednesday seniors social group\*\* \(CF-DEMO-0001\): 3 errors, 2 warnings · 2 sessions this period/,
      );
      assert.match(
        said,
        /1 Jul – 31 Dec 2025: due by the end of 30 Jan 2026, 205 days left\s+✖ \*\*Wednesday seniors social group\*\* \(CF-DEMO-0001\): 4 errors, 1 warning · 1 session this period/,
      );
    });

    it('says when today is the last day, and that a period has closed when asked about it later', async () => {
      await harness.close();
      harness = await createHarness({ now: '2025-06-25T09:00:00' });
      await seedDemo();
      harness.setNow('2025-07-30T21:00:00');
      const c = harness.conversation();
      assert.match(
        transcript(await c.say('cases due')),
        /1 Jan – 30 Jun 2025: due by the end of 30 Jul 2025, today is the last day\s+✖ \*\*Wednesday seniors social group\*\*/,
      );
      harness.setNow('2025-08-02T09:00:00');
      const later = transcript(await c.press('What is missing?'));
      assert.match(later, /Checked 3 sessions\. 1 Jan – 30 Jun 2025: closed at the end of 30 Jul 2025\./);
      assert.match(transcript(await c.say('my case files')), /^(?![\s\S]*1 Jan – 30 Jun 2025)[\s\S]*1 Jul – 31 Dec 2025: due by the end of 30 Jan 2026/);
    });

    it('still lists a case file stored before summaries and listings existed, once listings are repaired at start-up', async () => {
      const legacy = { ...(await stored()), caseFileId: 'cf-legacy', caseId: 'CF-OLD-0001', name: 'Old group' };
      delete legacy.summary;
      await harness.services.db.collection<CaseFile>('caseFiles').insertOne(legacy);
      assert.equal(await harness.services.caseFiles.repairListings(legacy.organisationId), 1);
      const c = harness.conversation();
      assert.match(transcript(await c.say('my case files')), /\*\*Old group\*\* \(CF-OLD-0001\): 4 errors, 2 warnings/);
    });
  });
});
