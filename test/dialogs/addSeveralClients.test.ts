import assert from 'node:assert/strict';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { inputValue } from '../support/cardQueries';
import { ORG, seedCaseFile, seedClients, type SeedPerson } from '../support/fixtures';

const MARGARET: SeedPerson = { clientId: 'CL-MARG0001', givenName: 'Margaret', familyName: 'Nguyen', birthDate: '1948-03-12', gender: 'FEMALE' };
const MARGARET_YOUNGER: SeedPerson = { clientId: 'CL-MARG0002', givenName: 'Margaret', familyName: 'Nguyen', birthDate: '1975-09-01', gender: 'FEMALE' };
const HAROLD: SeedPerson = { clientId: 'CL-HARO0003', givenName: 'Harold', familyName: 'Fitzgerald', birthDate: '1944-11-02', gender: 'MALE' };
const JOAN: SeedPerson = { clientId: 'CL-JOAN0004', givenName: 'Joan', familyName: 'Papadopoulos', birthDate: '1951-07-03', gender: 'FEMALE' };

describe('add several existing clients named in one sentence', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
    await seedClients(harness, [MARGARET, MARGARET_YOUNGER, HAROLD, JOAN]);
  });
  afterEach(() => harness.close());

  const stored = async (caseFileId: string) => (await harness.services.caseFiles.get(ORG, caseFileId))!;

  it('asks the referral source and reasons of every named client on one card, then goes straight to the check', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    const form = transcript(await c.say('add harold fitzgerald and joan to tuesday seniors group'));
    assert.match(form, /Why they came to you \(2 clients\)[\s\S]*Harold Fitzgerald\*\*, born 1944[\s\S]*Joan Papadopoulos\*\*, born 1951/);
    assert.match(form, /Step 1 of 2 · Referral and reasons/, 'the count does not include the one-by-one questions this pass skips');
    const review = transcript(
      await c.press('Continue', {
        referralSource_0: 'SELF',
        primaryReason_0: 'MONEY',
        otherReasons_0: 'COMMUNITY',
        referralSource_1: 'COMMUNITY',
        primaryReason_1: 'COMMUNITY',
      }),
    );
    assert.match(review, /Step 2 of 2 · Check and save/);
    assert.doesNotMatch(review, /Add another client/, 'no "add another?" question when everyone named is on the list');
    await c.press('Save');
    const clients = (await stored(cf.caseFileId)).clients;
    assert.deepEqual(
      clients.map((x) => [x.clientId, x.referralSourceCode, x.reasons]),
      [
        [
          HAROLD.clientId,
          'SELF',
          [
            { code: 'MONEY', isPrimary: true },
            { code: 'COMMUNITY', isPrimary: false },
          ],
        ],
        [JOAN.clientId, 'COMMUNITY', [{ code: 'COMMUNITY', isPrimary: true }]],
      ],
    );
  });

  it('names only the clients this pass added when the case file had others already', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [MARGARET] });
    const c = harness.conversation();
    await c.say('add harold fitzgerald and joan to tuesday seniors group');
    await c.press('Continue', { referralSource_0: 'SELF', primaryReason_0: 'MONEY', referralSource_1: 'COMMUNITY', primaryReason_1: 'COMMUNITY' });
    const done = transcript(await c.press('Save'));
    assert.match(done, /Tuesday seniors group: 3 clients/);
    assert.match(done, /Added: Harold Fitzgerald, Joan Papadopoulos\./);
    assert.doesNotMatch(done, /On the case file now: Harold Fitzgerald, Joan Papadopoulos\./, 'Margaret is on the case file too');
  });

  it('after the named clients and a name searched, "Add another client" asks who, rather than searching for nothing', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add harold fitzgerald and zed to tuesday seniors group')), /Why they came to you \(1 client\)/);
    assert.match(transcript(await c.press('Continue', { referralSource_0: 'SELF', primaryReason_0: 'MONEY' })), /No client matches "zed"/);
    await c.press('Search', { search: 'joan' });
    await c.press('Joan Papadopoulos, born 1951');
    await c.press('Continue', { referralSource: 'SELF', primaryReason: 'COMMUNITY' });
    const next = transcript(await c.press('Add another client'));
    assert.match(next, /Find the client[\s\S]*Who should be added to Tuesday seniors group/);
    assert.doesNotMatch(next, /No client matches ""/);
  });

  it('re-asks naming the client whose answer is missing, keeping what was filled in', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add harold fitzgerald and joan to tuesday seniors group');
    const again = await c.press('Continue', { referralSource_0: 'SELF', primaryReason_0: 'MONEY', referralSource_1: 'COMMUNITY' });
    assert.match(transcript(again), /Joan Papadopoulos: Main reason for seeking assistance is required/);
    assert.equal(inputValue(again, 'referralSource_0'), 'SELF', 'the first client’s answers are kept');
    assert.equal(inputValue(again, 'primaryReason_0'), 'MONEY');
    assert.equal(inputValue(again, 'referralSource_1'), 'COMMUNITY');
  });

  it('leaves a name that fits two people to the match card after the shared one, and going back does not add anyone twice', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add harold and margaret to tuesday seniors group');
    const pick = transcript(await c.press('Continue', { referralSource_0: 'SELF', primaryReason_0: 'MONEY' }));
    for (const born of ['1948', '1975']) assert.ok(pick.includes(`Margaret Nguyen, born ${born}`), `both Margarets are offered, neither guessed: ${pick}`);
    await c.say('back');
    const form = transcript(await c.press('Continue', { referralSource_0: 'SELF', primaryReason_0: 'COMMUNITY' }));
    assert.match(form, /Margaret Nguyen, born 19(48|75)/);
    await c.press('Margaret Nguyen, born 1975');
    await c.press('Continue', { referralSource: 'SELF', primaryReason: 'MONEY' });
    await c.press('No, check and save');
    await c.press('Save');
    const clients = (await stored(cf.caseFileId)).clients;
    assert.deepEqual(
      clients.map((x) => [x.clientId, x.reasons[0]!.code]),
      [
        [HAROLD.clientId, 'COMMUNITY'],
        [MARGARET_YOUNGER.clientId, 'MONEY'],
      ],
    );
  });
});
