import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { addCaseClients, addSessions } from '../../src/domain/caseFileOperations';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { missingClientDetails } from '../../src/domain/clientDetails';
import { optionsFor } from '../support/sentences';
import { findButtonData as buttonData, inputOf as findInput, inputValue } from '../support/cardQueries';
import { DETAILS_SUBMIT, ORG, seedCaseFile, seedClients, seedContext, value, type SeedPerson } from '../support/fixtures';

const MARGARET: SeedPerson = { clientId: 'CL-MARG0001', givenName: 'Margaret', familyName: 'Nguyen', birthDate: '1948-03-12', gender: 'FEMALE' };
const MARGARET_YOUNGER: SeedPerson = { clientId: 'CL-MARG0002', givenName: 'Margaret', familyName: 'Nguyen', birthDate: '1975-09-01', gender: 'FEMALE' };
const HAROLD: SeedPerson = { clientId: 'CL-HARO0003', givenName: 'Harold', familyName: 'Fitzgerald', birthDate: '1944-11-02', gender: 'MALE' };
const PEOPLE = [MARGARET, MARGARET_YOUNGER, HAROLD];

const REASONS = { referralSource: 'SELF', primaryReason: 'COMMUNITY', otherReasons: 'MENTAL,PHYSICAL' };

describe('add clients to a case file (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
    await seedClients(harness, PEOPLE);
  });
  afterEach(() => harness.close());

  const stored = async (caseFileId: string) => (await harness.services.caseFiles.get(ORG, caseFileId))!;

  it('adds an existing and a new client in one pass, saving both in one change with an audit entry', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    assert.match(
      transcript(await c.say('add clients to Tuesday seniors group')),
      /Step 1 of 5 · Find the client[\s\S]*Who should be added to Tuesday seniors group/,
    );

    const matches = transcript(await c.say('marg'));
    assert.match(matches, /Step 2 of 5 · Choose the client/);
    assert.match(matches, /Margaret Nguyen, born 1948/);
    assert.match(matches, /Margaret Nguyen, born 1975/, 'birth years tell two people of one name apart');
    assert.match(matches, /New client/);

    assert.match(transcript(await c.press('Margaret Nguyen, born 1948')), /Step 3 of 5 · Referral and reasons[\s\S]*Why Margaret Nguyen came to you/);
    const another = transcript(await c.press('Continue', REASONS));
    assert.match(another, /Add another client\?/);
    assert.match(another, /Referred by Self[\s\S]*main reason Community participation & networks; other reasons Mental health, Physical health/);

    assert.match(transcript(await c.press('Add another client')), /Find the client/);
    const none = transcript(await c.say('Bob Smith'));
    assert.match(none, /No client matches "Bob Smith"/);
    const form = await c.press('New client');
    assert.match(transcript(form), /New client details/);
    assert.equal(inputValue(form, 'givenName'), 'Bob', 'the search words start the new client');
    assert.equal(inputValue(form, 'familyName'), 'Smith');

    const check = transcript(await c.press('Continue', { givenName: 'Bob', familyName: 'Smith', birthDate: 'about 1950', gender: 'MALE' }));
    assert.match(check, /Check and consent/);
    assert.match(check, /SLK: MIHOB010119501/);
    assert.match(check, /Born: about 1950/);
    assert.doesNotMatch(check, /duplicate/i);
    const about = await c.press('Create new client', { consent: 'yes', futureContact: 'no' });
    assert.match(transcript(about), /Details DEX requires[\s\S]*About Bob Smith/);
    assert.match(transcript(await c.press('Continue', DETAILS_SUBMIT)), /Why Bob Smith came to you/);
    assert.match(transcript(await c.say('GP; money')), /Clients to add so far: 2/, 'reasons can be typed, separated by semicolons');

    const review = transcript(await c.press('No, check and save'));
    assert.match(review, /Check and save/);
    assert.match(review, /Add 2 clients to Tuesday seniors group/);
    assert.match(
      review,
      /Margaret Nguyen[\s\S]*Referral source: Self[\s\S]*Main reason: Community participation & networks[\s\S]*Other reasons: Mental health, Physical health/,
    );
    assert.match(
      review,
      /Bob Smith\*\* \(new client, created on save\)[\s\S]*SLK: MIHOB010119501[\s\S]*Consent to provide details: Yes[\s\S]*Main reason: Money management[\s\S]*Other reasons: none/,
    );
    assert.equal((await stored(cf.caseFileId)).clients.length, 0, 'nothing is written before the user confirms');
    assert.equal((await harness.services.clients.listForSearch(ORG)).length, 3, 'the new client is not created before the user confirms');

    const done = await c.press('Save');
    const doneText = transcript(done);
    assert.match(doneText, /Tuesday seniors group: 2 clients/);
    assert.match(doneText, /On the case file now: Margaret Nguyen, Bob Smith/);
    assert.doesNotMatch(doneText, /Community SCORE needs more than one/);
    assert.deepEqual(buttonData(done, 'Add a session'), { command: 'addSession', args: { caseFileId: cf.caseFileId } });
    assert.ok(buttonData(done, 'Menu'));

    const saved = await stored(cf.caseFileId);
    assert.equal(saved.clients.length, 2);
    const [margaret, bob] = saved.clients;
    assert.equal(margaret!.clientId, MARGARET.clientId);
    assert.equal(margaret!.referralSourceCode, 'SELF');
    assert.deepEqual(margaret!.reasons, [
      { code: 'COMMUNITY', isPrimary: true },
      { code: 'MENTAL', isPrimary: false },
      { code: 'PHYSICAL', isPrimary: false },
    ]);
    assert.equal(bob!.referralSourceCode, 'GP');
    assert.deepEqual(bob!.reasons, [{ code: 'MONEY', isPrimary: true }]);
    assert.equal(margaret!.addedBy.name, 'Alice Case-Manager');
    const audit = saved.audit.filter((e) => e.action === 'caseClients.added');
    assert.equal(audit.length, 1, 'every client is added in one change');
    assert.ok(audit[0]!.operationId);
    assert.equal(saved.version, cf.version + 1);

    const created = await harness.services.clients.get(ORG, bob!.clientId);
    assert.ok(created, 'the new client is in the organisation’s client list');
    assert.match(created.clientId, /^CL-[0-9A-Z]{8}$/);
    assert.equal(created.givenName, 'Bob');
    assert.equal(created.birthDate, '1950-01-01');
    assert.equal(created.birthDateEstimated, true);
    assert.equal(created.gender, 'MALE');
    assert.equal(created.slk, 'MIHOB010119501');
    assert.equal(created.consentToProvideDetails, true);
    assert.equal(created.consentedForFutureContacts, false);
    assert.equal(created.isUsingPseudonym, false);
    assert.equal(created.countryOfBirthCode, '1101');
    assert.equal(created.languageSpokenAtHomeCode, '1201');
    assert.deepEqual(created.residentialAddress, { suburb: 'Parramatta', state: 'NSW', postcode: '2150' });
    assert.deepEqual(missingClientDetails(created), [], 'a client made by this flow has everything DEX requires');
    assert.equal(created.homelessIndicatorCode, undefined, 'optional questions left blank record nothing');
    assert.equal(created.createdBy.userId, 'user-alice');
    assert.ok(c.adapter.updates.length >= 8, 'answered cards are sealed');
  });

  it('takes the client name from the sentence, reminds that Community SCORE needs two clients, and offers next steps', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    const first = transcript(await c.say('add Harold to Tuesday seniors group'));
    assert.match(first, /Step 1 of 4 · Choose the client/);
    assert.match(first, /Harold Fitzgerald, born 1944/);
    await c.press('Harold Fitzgerald, born 1944');
    await c.press('Continue', { referralSource: 'GP', primaryReason: 'PHYSICAL' });
    await c.say('no');
    const done = transcript(await c.say('save'));
    assert.match(done, /Tuesday seniors group: 1 client\b/);
    assert.match(done, /Community SCORE needs more than one client/);
    const saved = await stored(cf.caseFileId);
    assert.deepEqual(
      saved.clients.map((x) => [x.clientId, x.referralSourceCode, x.reasons.length]),
      [[HAROLD.clientId, 'GP', 1]],
    );
  });

  it('reads "no thats all" and "nope, done" typed at "add another client?" as no', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    for (const typed of ['no thats all', 'nope, done', "No, that's it."]) {
      const c = harness.conversation();
      await c.say('add Harold to Tuesday seniors group');
      await c.press('Harold Fitzgerald, born 1944');
      assert.match(transcript(await c.press('Continue', { referralSource: 'GP', primaryReason: 'PHYSICAL' })), /Add another client\?/);
      assert.match(transcript(await c.say(typed)), /Check and save[\s\S]*Add 1 client to Tuesday seniors group/, typed);
    }
  });

  it('asked mid-flow to start the same task again, says it is already under way, naming the step', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add Betty Rossi to Tuesday seniors group')), /Choose the client/);
    const offer = transcript(await c.say('add Harold to Tuesday seniors group'));
    assert.match(offer, /sounds like starting \*\*Add clients to a case file\*\* again, but it is already under way \(at the step “Choose the client”\)/);
    assert.doesNotMatch(offer, /question about choose/);
    assert.match(transcript(await c.press('Keep going')), /No client matches "Betty Rossi"/);
  });

  it('starts from the "Add clients" button of a new case file', async () => {
    const cf = await seedCaseFile(harness, { name: 'Friday yarn circle' });
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    assert.match(transcript(await c.submit({ command: 'addClients', args: { caseFileId: cf.caseFileId } })), /Who should be added to Friday yarn circle/);
  });

  it('asks which case file when the sentence names none, and says when a named one is not found', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    await seedCaseFile(harness, { name: 'Money matters' });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add clients')), /Step 1 of 6 · Case file[\s\S]*Which case file should the clients be added to/);
    assert.match(transcript(await c.press('Continue', { choice: cf.caseFileId })), /Find the client/);

    const d = harness.conversation();
    const unknown = transcript(await d.say('add Margaret to Zumba class'));
    assert.match(unknown, /couldn't find a case file called "Zumba class"/);
    assert.match(
      transcript(await d.press('Continue', { choice: cf.caseFileId })),
      /Choose the client[\s\S]*Margaret Nguyen/,
      'the client name is kept for after the case file is chosen',
    );
  });

  it('refuses at the start when the organisation has no case files, pointing to "new case file"', async () => {
    const c = harness.conversation();
    const reply = transcript(await c.say('add clients'));
    assert.match(reply, /There are no case files yet/);
    assert.match(reply, /new case file/i);
    assert.match(transcript(await c.say('help')), /What I can do/, 'no flow was left running');
  });

  it('points out a likely duplicate and lets the user add the existing client instead', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add client Maggie Nguyen to Tuesday seniors group');
    await c.press('New client');
    const check = transcript(await c.press('Continue', { givenName: 'Margaret', familyName: 'Ngyuen', birthDate: '12/3/1948', gender: 'FEMALE' }));
    assert.match(check, /may be someone already in your client list/);
    assert.match(check, /Margaret Nguyen, born 1948: similar name and the same date of birth/);
    assert.match(check, /Create a new client anyway/);
    assert.match(
      transcript(await c.say('she is happy with it')),
      /or type \*\*use\*\* to add the existing client shown instead/,
      'a duplicate is shown, so "use" is offered',
    );
    const reasons = transcript(await c.press('Use Margaret Nguyen, born 1948'));
    assert.match(reasons, /Why Margaret Nguyen came to you/);
    await c.press('Continue', REASONS);
    await c.press('No, check and save');
    await c.press('Save');
    assert.deepEqual(
      (await stored(cf.caseFileId)).clients.map((x) => x.clientId),
      [MARGARET.clientId],
    );
    assert.equal((await harness.services.clients.listForSearch(ORG)).length, 3, 'no duplicate client was created');
  });

  it('re-asks a typed consent answer it cannot read with the typed form, offering "use" only when a duplicate is shown', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Betty Rossi to Tuesday seniors group');
    await c.press('New client');
    const check = transcript(await c.press('Continue', { givenName: 'Betty', familyName: 'Rossi', birthDate: '3/7/1951', gender: 'FEMALE' }));
    assert.doesNotMatch(check, /may be someone already in your client list/);
    const again = transcript(await c.say('she is happy with it'));
    assert.match(again, /type \*\*yes\*\* or \*\*no\*\* for each question in order, e\.g\. "yes no"/);
    assert.doesNotMatch(again, /\buse\b/, 'no existing client is shown to use');
    assert.match(transcript(await c.say('yes no')), /About Betty Rossi/);
  });

  it('flags a same-SLK duplicate too, and creates the client anyway when told to', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    await c.press('New client');
    const check = transcript(await c.press('Continue', { givenName: 'Harold', familyName: 'Fitzgerald', birthDate: '2/11/1944', gender: 'MALE' }));
    assert.match(check, /Harold Fitzgerald, born 1944: same SLK/);
    assert.match(transcript(await c.press('Create a new client anyway', { consent: 'no', futureContact: 'no' })), /About Harold Fitzgerald/);
    assert.match(transcript(await c.press('Continue', DETAILS_SUBMIT)), /Why Harold Fitzgerald came to you/);
  });

  it('shows who is already on the case file and refuses to add them twice', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [MARGARET] });
    const c = harness.conversation();
    const matches = transcript(await c.say('add Margaret to Tuesday seniors group'));
    assert.match(matches, /Margaret Nguyen, born 1948: already on this case file/);
    assert.equal(buttonData(c.replies, 'Margaret Nguyen, born 1948'), undefined, 'no button to add them again');
    const pickData = buttonData(c.replies, 'Margaret Nguyen, born 1975')!;
    assert.match(transcript(await c.submit({ ...pickData, pick: MARGARET.clientId })), /Margaret Nguyen is already on this case file/);
    assert.equal((await stored(cf.caseFileId)).clients.length, 1);
  });

  it('will not add the same client twice in one pass', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    await c.press('Harold Fitzgerald, born 1944');
    await c.press('Continue', REASONS);
    await c.press('Add another client');
    const again = transcript(await c.say('Harold'));
    assert.match(again, /Harold Fitzgerald, born 1944: already added in this pass/);
  });

  describe('details DEX requires', () => {
    let c: ReturnType<Harness['conversation']>;
    beforeEach(async () => {
      await seedCaseFile(harness, { name: 'Tuesday seniors group' });
      c = harness.conversation();
      await c.say('add Zed Quill to Tuesday seniors group');
      await c.press('New client');
      await c.press('Continue', { givenName: 'Zed', familyName: 'Quill', birthDate: '3/7/1951', gender: 'MALE' });
    });

    it('asks them on one card: long lists searchable with common answers first, nothing chosen for the user', async () => {
      const form = await c.press('Create new client', { consent: 'yes', futureContact: 'no' });
      const country = findInput(form, 'country')!;
      assert.equal(country.style, 'filtered');
      assert.equal((country.choices as { title: string }[])[0]!.title, 'Australia');
      assert.ok((country.choices as unknown[]).length > 250, 'every country is there to search');
      const language = findInput(form, 'language')!;
      assert.equal(language.style, 'filtered');
      assert.equal((language.choices as { title: string }[])[0]!.title, 'English');
      for (const id of [
        'pseudonym',
        'country',
        'language',
        'atsi',
        'hasDisability',
        'disabilities',
        'suburb',
        'state',
        'postcode',
        'homeless',
        'education',
        'employment',
        'carer',
        'ndis',
      ]) {
        assert.ok(findInput(form, id), `${id} is asked`);
        assert.equal(inputValue(form, id), undefined, `${id} starts empty: no silent default`);
      }
    });

    it('re-asks with the answers kept when the postcode is not in the state or a required answer is missing', async () => {
      await c.press('Create new client', { consent: 'yes', futureContact: 'no' });
      const wrong = await c.press('Continue', { ...DETAILS_SUBMIT, state: 'VIC' });
      assert.match(transcript(wrong), /The postcode 2150 is not in Victoria\. It is a postcode of New South Wales/);
      assert.equal(inputValue(wrong, 'country'), '1101', 'the other answers are kept');
      assert.equal(inputValue(wrong, 'suburb'), 'Parramatta');
      const { language: _language, ...noLanguage } = DETAILS_SUBMIT;
      assert.match(transcript(await c.press('Continue', noLanguage)), /Main language spoken at home: please answer this/);
      assert.match(transcript(await c.press('Continue', { ...DETAILS_SUBMIT, hasDisability: 'yes' })), /Kind of disability: please answer this/);
      assert.match(
        transcript(
          await c.press('Continue', {
            ...DETAILS_SUBMIT,
            postcode: '0800',
            state: 'NT',
            suburb: 'Darwin',
            hasDisability: 'yes',
            disabilities: 'SENSORY,PHYSICAL',
            homeless: 'ATRISK',
            carer: 'yes',
          }),
        ),
        /Why Zed Quill came to you/,
      );
      await c.press('Continue', REASONS);
      await c.press('No, check and save');
      const review = transcript(c.replies);
      assert.match(
        review,
        /Kinds of disability: Sensory\/speech, Physical\/diverse[\s\S]*Lives in: Darwin NT 0800[\s\S]*Homelessness: At risk of homelessness[\s\S]*Carer: Yes/,
      );
      await c.press('Save');
      const zed = (await harness.services.clients.listForSearch(ORG)).find((x) => x.givenName === 'Zed')!;
      const stored = (await harness.services.clients.get(ORG, zed.clientId))!;
      assert.deepEqual(stored.residentialAddress, { suburb: 'Darwin', state: 'NT', postcode: '0800' });
      assert.deepEqual(stored.disabilityCodes, ['SENSORY', 'PHYSICAL']);
      assert.equal(stored.homelessIndicatorCode, 'ATRISK');
      assert.equal(stored.isClientACarer, true);
      assert.equal(stored.educationLevelCode, undefined);
    });
  });

  describe('validation', () => {
    let c: ReturnType<Harness['conversation']>;
    beforeEach(async () => {
      await seedCaseFile(harness, { name: 'Tuesday seniors group' });
      c = harness.conversation();
      await c.say('add Zed Quill to Tuesday seniors group');
      await c.press('New client');
    });

    const good = { givenName: 'Zed', familyName: 'Quill', birthDate: '3/7/1951', gender: 'MALE' };

    it('names the missing field and keeps the other answers', async () => {
      const reply = await c.press('Continue', { ...good, givenName: '' });
      assert.match(transcript(reply), /Given name is required/);
      assert.equal(inputValue(reply, 'familyName'), 'Quill');
      assert.equal(inputValue(reply, 'birthDate'), '3/7/1951');
      assert.equal(inputValue(reply, 'gender'), 'MALE');
    });

    it('explains a date of birth it cannot use', async () => {
      assert.match(transcript(await c.press('Continue', { ...good, birthDate: '3/7/51' })), /Date of birth: Write the year of birth in full/);
      assert.match(transcript(await c.press('Continue', { ...good, birthDate: '1/1/2030' })), /Date of birth: .*in the future/);
      assert.match(transcript(await c.press('Continue', { ...good, birthDate: 'soon' })), /Date of birth: Could not read "soon"/);
      assert.equal(inputValue(c.replies, 'givenName'), 'Zed');
    });

    it('refuses a gender that is not on the list and characters DEX does not accept', async () => {
      assert.match(transcript(await c.press('Continue', { ...good, gender: 'INTERSEX' })), /Gender: "INTERSEX" is not an option/);
      assert.match(transcript(await c.press('Continue', { ...good, gender: '' })), /Gender is required/);
      assert.match(transcript(await c.press('Continue', { ...good, familyName: 'Quill & Co' })), /Family name contains the character &/);
      assert.match(transcript(await c.press('Continue', { ...good, familyName: '--' })), /The family name must contain at least one letter/);
    });

    it('accepts the details typed in one line', async () => {
      assert.match(transcript(await c.say('Zed Quill, 3/7/1951, male')), /SLK: UILED030719511/);
      assert.match(transcript(await c.say('Zed Quill 1951')), /Consent: answer on the card, or type \*\*yes\*\* or \*\*no\*\*/);
      assert.match(transcript(await c.say('yes')), /Future contact: answer Yes or No/, 'future contact is never assumed');
      assert.match(transcript(await c.say('yes no')), /About Zed Quill/);
      assert.match(transcript(await c.say('Australia')), /Fill in the card/);
      assert.match(transcript(await c.press('Continue', DETAILS_SUBMIT)), /Why Zed Quill came to you/);
    });

    it('asks which part of a three-word typed name is the family name, and shows the two names apart', async () => {
      const asked = transcript(await c.say('Mary Anne Smith, 3/7/1951, female'));
      assert.match(asked, /Which part of "Mary Anne Smith" is the family name\?/);
      assert.match(asked, /Smith \(given name Mary Anne\)/);
      assert.match(asked, /Anne Smith \(given name Mary\)/);
      const check = transcript(await c.say('Smith'));
      assert.match(check, /Given name: Mary Anne/);
      assert.match(check, /Family name: Smith/);
      assert.match(check, /SLK: MIHAR030719512/);
    });

    it('asks for the English-alphabet spelling of a name with no Latin letters, never making a 999/99 key', async () => {
      const refused = transcript(await c.press('Continue', { ...good, givenName: '小明', familyName: '王' }));
      assert.match(refused, /given name has no letters of the English alphabet[\s\S]*official documents/i);
      assert.doesNotMatch(refused, /SLK: |999/);
      const check = transcript(await c.press('Continue', { ...good, givenName: 'Ｚｅｄ', familyName: 'Ｑｕｉｌｌ' }));
      assert.match(check, /SLK: UILED030719511/, 'full-width letters count, folded to ordinary ones');
    });

    it('refuses invisible, control and text-direction characters in a name, naming the field, and tidies spaces', async () => {
      for (const bad of ['Qu\u200Bill', 'Quill\u202E', '\uFEFFQuill', 'Qu\u0000ill', 'Qu\till', 'Qu\u0085ill', 'Qu\uD800ill']) {
        assert.match(transcript(await c.press('Continue', { ...good, familyName: bad })), /The family name contains .*\(U\+[0-9A-F]{4}\)/, JSON.stringify(bad));
      }
      const check = transcript(await c.press('Continue', { ...good, givenName: '  Zed ', familyName: "O'Connor   Smith-Jones" }));
      assert.match(check, /Family name: O'Connor Smith-Jones/, 'apostrophes and hyphens kept, runs of spaces collapsed');
    });

    it('needs a consent answer before creating the client', async () => {
      await c.press('Continue', good);
      const reply = transcript(await c.press('Create new client', { futureContact: 'yes' }));
      assert.match(reply, /Consent: answer Yes or No/);
    });

    it('checks the referral source and reasons', async () => {
      await c.press('Continue', good);
      await c.press('Create new client', { consent: 'yes', futureContact: 'no' });
      await c.press('Continue', DETAILS_SUBMIT);
      assert.match(transcript(await c.press('Continue', { primaryReason: 'MONEY' })), /Referral source is required/);
      const repeated = await c.press('Continue', { referralSource: 'GP', primaryReason: 'MONEY', otherReasons: 'HOUSING,MONEY' });
      assert.match(transcript(repeated), /Other reasons: "Money management" is already the main reason/);
      assert.equal(inputValue(repeated, 'referralSource'), 'GP', 'the rest of the card is kept');
      assert.equal(inputValue(repeated, 'otherReasons'), 'HOUSING,MONEY');
      assert.match(transcript(await c.press('Continue', { referralSource: 'PIGEON', primaryReason: 'MONEY' })), /Referral source: "PIGEON" is not an option/);
      assert.match(transcript(await c.say('zebra; money')), /Referral source: I couldn't match "zebra"/);
      assert.match(transcript(await c.press('Continue', { referralSource: 'GP', primaryReason: 'MONEY', otherReasons: '' })), /Clients to add so far: 1/);
    });
  });

  it('goes back a step, and back across "add another" to change the previous client without adding them twice', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    await c.press('Harold Fitzgerald, born 1944');
    assert.match(transcript(await c.say('back')), /Choose the client/);
    await c.press('Harold Fitzgerald, born 1944');
    await c.press('Continue', REASONS);
    await c.press('Add another client');
    assert.match(transcript(await c.say('back')), /Add another client\?[\s\S]*Harold Fitzgerald/);
    const reasons = await c.say('back');
    assert.match(transcript(reasons), /Why Harold Fitzgerald came to you/);
    assert.equal(inputValue(reasons, 'referralSource'), 'SELF', 'the earlier answer is shown');
    assert.match(transcript(await c.press('Continue', { referralSource: 'GP', primaryReason: 'HOUSING' })), /Clients to add so far: 1/);
    assert.match(transcript(await c.press('No, check and save')), /Add 1 client to Tuesday seniors group[\s\S]*Referral source: General Medical Practitioner/);
    await c.press('Save');
    const saved = await stored(cf.caseFileId);
    assert.deepEqual(
      saved.clients.map((x) => [x.clientId, x.referralSourceCode]),
      [[HAROLD.clientId, 'GP']],
    );
  });

  it('removes a client from the list before saving', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    await c.press('Harold Fitzgerald, born 1944');
    await c.press('Continue', REASONS);
    await c.press('Add another client');
    await c.say('Margaret Nguyen');
    await c.press('Margaret Nguyen, born 1975');
    await c.press('Continue', REASONS);
    assert.match(transcript(await c.press('Remove Harold Fitzgerald')), /Clients to add so far: 1[\s\S]*Margaret Nguyen/);
    await c.press('No, check and save');
    await c.press('Save');
    assert.deepEqual(
      (await stored(cf.caseFileId)).clients.map((x) => x.clientId),
      [MARGARET_YOUNGER.clientId],
    );
  });

  it('searches again from the match list by typing, or from the card when nothing matched', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Xanthippe to Tuesday seniors group');
    assert.match(transcript(await c.press('Search', { search: 'nguyen' })), /Clients like "nguyen"[\s\S]*Margaret Nguyen, born 1948/);
    await c.say('Xanthippe');
    assert.match(transcript(await c.press('Search', { search: '' })), /Search again: type part of a name first/);
    assert.match(transcript(await c.say('Fitzgerald')), /Harold Fitzgerald, born 1944/);
    assert.match(transcript(await c.say('Harold Fitzgerald')), /Why Harold Fitzgerald came to you/, 'typing the full name picks the only exact match');
  });

  it('keeps the match list to three buttons when many clients share a name, and says how many more match', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    await seedClients(
      harness,
      ['Ann', 'Bea', 'Cat', 'Dee', 'Eve', 'Fay', 'Gwen'].map((given, i) => ({
        clientId: `CL-SMITH00${i}`,
        givenName: given,
        familyName: 'Smith',
        birthDate: `19${50 + i}-01-15`,
        gender: 'FEMALE' as const,
      })),
    );
    const c = harness.conversation();
    const replies = await c.say('add Smith to Tuesday seniors group');
    assert.equal((transcript(replies).match(/ Smith, born 19/g) ?? []).length, 3);
    assert.match(transcript(replies), /2 more match: type more of the name/);
  });

  it('cancels without writing anything', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Zed Quill to Tuesday seniors group');
    await c.press('New client');
    await c.press('Continue', { givenName: 'Zed', familyName: 'Quill', birthDate: '3/7/1951', gender: 'MALE' });
    await c.press('Create new client', { consent: 'yes', futureContact: 'no' });
    await c.press('Continue', DETAILS_SUBMIT);
    await c.press('Continue', REASONS);
    await c.press('No, check and save');
    assert.match(transcript(await c.press('Cancel')), /Cancelled "Add clients to a case file"/);
    assert.equal((await stored(cf.caseFileId)).clients.length, 0);
    assert.equal((await harness.services.clients.listForSearch(ORG)).length, 3);
  });

  it('keeps a colleague’s change made meanwhile, and skips a client they already added', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    await c.press('Harold Fitzgerald, born 1944');
    await c.press('Continue', REASONS);
    await c.press('Add another client');
    await c.say('Margaret');
    await c.press('Margaret Nguyen, born 1948');
    await c.press('Continue', REASONS);
    await c.press('No, check and save');

    const ctx = seedContext(harness);
    const { DateTime } = await import('luxon');
    value(
      await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) =>
        addSessions(
          x,
          [{ sessionId: 'S-COLLEAGUE', startsAt: DateTime.fromISO('2025-10-14T10:00', { zone: ctx.zone }), durationMinutes: 60, unidentifiedParticipants: 0 }],
          ctx,
        ),
      ),
    );
    value(await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) => addCaseClients(x, [{ ...HAROLD, referralSourceCode: 'GP', reasons: [] }], ctx)));

    const conflict = transcript(await c.press('Save'));
    assert.match(conflict, /Not saved yet: a colleague added Harold Fitzgerald to this case file after you started/);
    assert.match(conflict, /Check and save/);
    assert.deepEqual(
      (await stored(cf.caseFileId)).clients.map((x) => [x.clientId, x.referralSourceCode]),
      [[HAROLD.clientId, 'GP']],
      'nothing overwritten',
    );

    assert.match(transcript(await c.press('Save')), /Tuesday seniors group: 2 clients/);
    const saved = await stored(cf.caseFileId);
    assert.deepEqual(
      saved.sessions.map((s) => s.sessionId),
      ['S-COLLEAGUE'],
      'the colleague’s session is kept',
    );
    assert.deepEqual(
      saved.clients.map((x) => [x.clientId, x.referralSourceCode]),
      [
        [HAROLD.clientId, 'SELF'],
        [MARGARET.clientId, 'SELF'],
      ],
      'saved again knowingly: Harold gets this user’s answers',
    );
  });

  it('leaves a client a colleague added meanwhile with the same answers as they are, without a conflict', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    await c.press('Harold Fitzgerald, born 1944');
    await c.press('Continue', REASONS);
    await c.press('No, check and save');
    const other = harness.conversation({ id: 'user-b', name: 'Bea Worker' });
    await other.say('add Harold to Tuesday seniors group');
    await other.press('Harold Fitzgerald, born 1944');
    await other.press('Continue', REASONS);
    await other.press('No, check and save');
    await other.press('Save');
    const before = await stored(cf.caseFileId);
    assert.match(transcript(await c.press('Save')), /Tuesday seniors group: 1 client/);
    const after = await stored(cf.caseFileId);
    assert.equal(after.version, before.version, 'nothing to write');
    assert.equal(after.clients.length, 1);
  });

  it('retries a save that failed half-way without creating the new client twice', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Zed Quill to Tuesday seniors group');
    await c.press('New client');
    await c.press('Continue', { givenName: 'Zed', familyName: 'Quill', birthDate: '3/7/1951', gender: 'MALE' });
    await c.press('Create new client', { consent: 'yes', futureContact: 'yes' });
    await c.press('Continue', DETAILS_SUBMIT);
    await c.press('Continue', REASONS);
    await c.press('No, check and save');

    const unavailable = sinon.stub(harness.services.caseFiles, 'update').rejects(new Error('store unavailable'));
    try {
      await assert.rejects(c.press('Save'), /store unavailable/);
    } finally {
      unavailable.restore();
    }
    assert.equal((await harness.services.clients.listForSearch(ORG)).length, 4, 'the first attempt created the client');

    assert.match(transcript(await c.press('Save')), /Tuesday seniors group: 1 client\b/);
    assert.equal((await harness.services.clients.listForSearch(ORG)).length, 4, 'the retry did not create them again');
    const saved = await stored(cf.caseFileId);
    assert.equal(saved.clients.length, 1);
    const zed = await harness.services.clients.get(ORG, saved.clients[0]!.clientId);
    assert.equal(zed?.givenName, 'Zed');
    assert.equal(zed?.consentedForFutureContacts, true);
  });

  it('ignores a stale card from an earlier step', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add Harold to Tuesday seniors group');
    const stale = buttonData(c.replies, 'Harold Fitzgerald, born 1944')!;
    await c.press('Harold Fitzgerald, born 1944');
    assert.match(transcript(await c.submit(stale)), /earlier step/);
  });
});

describe('add clients survives a restart of the bot', () => {
  it('resumes with the clients chosen so far and saves them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-add-clients-'));
    try {
      const first = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      await seedClients(first, PEOPLE);
      const cf = await seedCaseFile(first, { name: 'Restart group' });
      const c = first.conversation();
      await c.say('add Harold to Restart group');
      await c.press('Harold Fitzgerald, born 1944');
      await c.press('Continue', REASONS);
      await c.press('Add another client');
      await c.say('Zed Quill');
      await c.press('New client');
      await c.press('Continue', { givenName: 'Zed', familyName: 'Quill', birthDate: '3/7/1951', gender: 'MALE' });
      await first.close();

      const second = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const again = second.conversation({ conversationId: c.conversationId });
      assert.match(transcript(await again.say('help')), /not already in your client list/i);
      assert.match(transcript(await again.say('yes yes')), /About Zed Quill/);
      assert.match(transcript(await again.press('Continue', DETAILS_SUBMIT)), /Why Zed Quill came to you/);
      assert.match(transcript(await again.say('self; money')), /Clients to add so far: 2/);
      await again.say('no');
      const done = transcript(await again.say('save'));
      assert.match(done, /Restart group: 2 clients/);
      const saved = (await second.services.caseFiles.get(ORG, cf.caseFileId))!;
      assert.equal(saved.clients.length, 2);
      const zed = await second.services.clients.get(ORG, saved.clients[1]!.clientId);
      assert.equal(zed?.slk, 'UILED030719511');
      assert.equal(zed?.consentToProvideDetails, true);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('add-clients sentences', () => {
  const cases: [string, Record<string, unknown> | undefined][] = [
    ['add clients', {}],
    ['Add a client', {}],
    ['add client to Tuesday seniors group', { caseName: 'Tuesday seniors group' }],
    ['add clients to the Tuesday seniors group case file', { caseName: 'Tuesday seniors group' }],
    ['add Alice to Tuesday seniors group', { clientNames: ['Alice'], caseName: 'Tuesday seniors group' }],
    ['add client Alice Smith to case Money matters', { clientNames: ['Alice Smith'], caseName: 'Money matters' }],
    ['add client Alice Smith', { clientNames: ['Alice Smith'] }],
    ['add session to Tuesday seniors group', undefined],
    ['add Alice to last session', undefined],
    ['add Alice to the latest session of Tuesday seniors group', undefined],
    ['add participants to last session', undefined],
    ['add new case file', undefined],
  ];
  for (const [said, expected] of cases) {
    it(`reads "${said}"`, () => assert.deepEqual(optionsFor('addClients', said), expected));
  }
});
