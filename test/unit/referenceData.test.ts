import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_LIST_NAMES, REFERENCE_FILE_NAMES, ReferenceDataError, type ReferenceData } from '../../src/domain/referenceData';
import { findPackageRoot } from '../../src/config/packageRoot';
import { assembleReferenceData, type ReadReferenceData } from '../../src/domain/referenceDataAssembly';
import { BUILT_IN_REFERENCE_DATA_DIR, loadReferenceData, referenceDataOptionsFromEnv } from '../../src/config/referenceDataFiles';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'refdata-'));
}

function writeJson(dir: string, name: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(value, null, 2));
}

function builtInFile(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(BUILT_IN_REFERENCE_DATA_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

function loadError(options: Parameters<typeof loadReferenceData>[0]): ReferenceDataError {
  try {
    loadReferenceData(options);
  } catch (err) {
    assert.ok(err instanceof ReferenceDataError, `expected ReferenceDataError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loading to fail');
}

describe('reference data', () => {
  let data: ReferenceData;
  const dirs: string[] = [];
  const newDir = (): string => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };

  before(() => {
    data = loadReferenceData();
  });

  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('built-in files', () => {
    it('resolve from the package root', () => {
      assert.equal(BUILT_IN_REFERENCE_DATA_DIR, path.join(findPackageRoot(), 'referenceData'));
      assert.ok(fs.existsSync(path.join(findPackageRoot(), 'package.json')));
    });

    it('exist for every known list, and nothing else is a .json file there', () => {
      const onDisk = fs
        .readdirSync(BUILT_IN_REFERENCE_DATA_DIR)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
        .sort();
      assert.deepEqual(onDisk, [...REFERENCE_FILE_NAMES].sort());
    });

    it('all load and validate, each marked built-in', () => {
      assert.equal(data.files.length, REFERENCE_FILE_NAMES.length);
      for (const info of data.files) {
        assert.equal(info.origin, 'builtIn');
        assert.ok(info.version.length > 0 && info.source.length > 0, `${info.name} needs a version and a source`);
      }
    });

    it('are frozen', () => {
      assert.ok(Object.isFrozen(data));
      const codes = data.codesOf('referralSource');
      assert.ok(Object.isFrozen(codes));
      assert.ok(Object.isFrozen(codes[0]));
      assert.throws(() => (codes as unknown as unknown[]).push({}));
    });

    it('cite the 2015 DSS file for XML-derived lists', () => {
      assert.match(data.info('referralSource').source, /DEXReferenceData\.xml, 2015 public copy, CodeType ReferralSource/);
      assert.match(data.info('participation').source, /CodeType ParticipationType/);
    });

    it('mark lists without sourced codes as unconfirmed and empty', () => {
      for (const list of ['hardshipType', 'externalReferralDestination'] as const) {
        assert.equal(data.info(list).confirmed, false);
        assert.equal(data.codesOf(list).length, 0);
      }
      assert.equal(data.info('topic').confirmed, false);
      assert.equal(data.info('serviceSetting').confirmed, true);
    });
  });

  describe('key codes', () => {
    it('referral source has 2015 and current codes', () => {
      assert.equal(data.labelOf('referralSource', 'SELF'), 'Self');
      assert.ok(data.isValidCode('referralSource', 'NDIS'));
      for (const code of ['LINKAGE', 'COS', 'HSP', 'LACREF', 'LENDERFINANCIAL', 'SGOVCHILDPROT', 'NOTSTATED']) {
        assert.ok(data.isValidCode('referralSource', code), code);
      }
      assert.equal(data.codesOf('referralSource').length, 25);
    });

    it('reasons and referral purposes include MONEY', () => {
      assert.equal(data.labelOf('reasonForAssistance', 'MONEY'), 'Money management');
      assert.ok(data.isValidCode('referralPurpose', 'MONEY'));
      assert.ok(data.isValidCode('referralPurpose', 'CARING'));
    });

    it('participation and referral type', () => {
      assert.deepEqual(
        data.codesOf('participation').map((c) => c.code),
        ['CLIENT', 'SUPPORT'],
      );
      assert.deepEqual(
        data.codesOf('referralType').map((c) => c.code),
        ['INTERNAL', 'EXTERNAL'],
      );
    });

    it('exit reasons include the current NEEDSMET', () => {
      assert.ok(data.isValidCode('exitReason', 'NEEDSMET'));
      assert.ok(data.isValidCode('exitReason', 'DECEASED'));
    });

    it('gender keeps the retired INTERSEX for old records but does not accept it', () => {
      assert.ok(data.isValidCode('gender', 'OTHER'));
      assert.ok(data.isValidCode('gender', 'NOTSTATED'));
      assert.equal(data.isValidCode('gender', 'INTERSEX'), false);
      assert.equal(data.labelOf('gender', 'INTERSEX'), 'Intersex indeterminate');
      assert.ok(!data.codesOf('gender').some((c) => c.code === 'INTERSEX'));
      assert.ok(data.codesOf('gender', { includeRetired: true }).some((c) => c.code === 'INTERSEX'));
    });

    it('Money Business workshops WRK01..WRK09 and OTHER', () => {
      const codes = data.codesOf('moneyBusinessWorkshop').map((c) => c.code);
      assert.deepEqual(codes, ['WRK01', 'WRK02', 'WRK03', 'WRK04', 'WRK05', 'WRK06', 'WRK07', 'WRK08', 'WRK09', 'OTHER']);
      assert.match(data.labelOf('moneyBusinessWorkshop', 'WRK01') ?? '', /Making money last until payday/);
    });

    it('attendance profile, service setting, country and language', () => {
      assert.deepEqual(
        data.codesOf('attendanceProfile').map((c) => c.code),
        ['FAMILY', 'COMMEVENT', 'PSGROUP', 'COUPLE', 'COHABITANTS'],
      );
      assert.equal(data.labelOf('serviceSetting', 'ORGOUTLETOFFICE'), 'Organisation outlet/office');
      assert.equal(data.labelOf('country', '1101'), 'Australia');
      assert.equal(data.labelOf('language', '1201'), 'English');
      assert.equal(data.labelOf('aboriginalOrTorresStraitIslanderOrigin', 'BOTH'), 'Aboriginal and Torres Strait Islander');
    });

    it('service types by id', () => {
      assert.equal(data.serviceType(1)?.label, 'Intake/assessment');
      assert.equal(data.serviceType(353)?.label, 'Individual social support');
      for (const id of [2, 3, 5, 15, 137, 352]) assert.ok(data.isValidServiceType(id), String(id));
      assert.equal(data.serviceType(999_999), undefined);
      const ids = data.serviceTypes().map((s) => s.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
    });

    it('Community SCORE domains, rating wording and assessed-by', () => {
      assert.equal(data.communityScoreType(), 'GROUP');
      assert.deepEqual(
        data.communityDomains().map((d) => d.code),
        ['GROUPSKILLS', 'ORGSKILLS', 'GROUPNETWORKS', 'SOCIALCOHESION'],
      );
      assert.ok(data.isCommunityDomain('SOCIALCOHESION'));
      assert.equal(data.isCommunityDomain('MONEY'), false);
      assert.equal(data.communityRatingLabel(3), 'Limited change, strong engagement');
      assert.equal(data.communityRatingLabel(6), undefined);
      assert.deepEqual(
        data.communityRatings().map((r) => r.rating),
        [1, 2, 3, 4, 5],
      );
      assert.equal(data.assessedBy().length, 8);
      assert.ok(data.isValidAssessedBy('SDPRACTITIONER'));
      assert.ok(data.isValidAssessedBy('VOTSUPPPERSON'));
      assert.equal(data.clientScale('GOALS')?.[0]?.label, 'No progress');
    });
  });

  describe('helpers', () => {
    it('codesOf follows the order field', () => {
      for (const list of CODE_LIST_NAMES) {
        const orders = data.codesOf(list, { includeRetired: true }).map((c) => c.order);
        assert.deepEqual(
          orders,
          [...orders].sort((a, b) => a - b),
          list,
        );
      }
    });

    it('labelOf and isValidCode reject unknown codes', () => {
      assert.equal(data.labelOf('referralSource', 'NOPE'), undefined);
      assert.equal(data.isValidCode('referralSource', 'self'), false);
    });

    it('findCode resolves typed answers by code or label, ignoring case', () => {
      assert.equal(data.findCode('referralSource', 'self')?.code, 'SELF');
      assert.equal(data.findCode('referralSource', '  general medical practitioner ')?.code, 'GP');
      assert.equal(data.findCode('gender', 'intersex'), undefined);
      assert.equal(data.findCode('gender', ''), undefined);
    });

    it('reads REFERENCE_DATA_DIR from the environment', () => {
      assert.deepEqual(referenceDataOptionsFromEnv({ REFERENCE_DATA_DIR: ' /srv/lists ' }), { overrideDir: '/srv/lists' });
      assert.deepEqual(referenceDataOptionsFromEnv({}), {});
    });
  });

  describe('override directory', () => {
    it('replaces a built-in list of the same name and leaves the others alone', () => {
      const dir = newDir();
      writeJson(dir, 'referralSource', {
        list: 'referralSource',
        version: '2026-27',
        source: 'organisation test copy',
        codes: [
          { code: 'SELF', label: 'Self referral', order: 1 },
          { code: 'NEWCODE', label: 'A code DSS added later', order: 2 },
        ],
      });
      const overridden = loadReferenceData({ overrideDir: dir });
      assert.deepEqual(
        overridden.codesOf('referralSource').map((c) => c.code),
        ['SELF', 'NEWCODE'],
      );
      assert.equal(overridden.labelOf('referralSource', 'SELF'), 'Self referral');
      assert.equal(overridden.isValidCode('referralSource', 'NDIS'), false);
      const info = overridden.info('referralSource');
      assert.equal(info.origin, 'override');
      assert.equal(info.version, '2026-27');
      assert.equal(info.file, path.join(dir, 'referralSource.json'));
      assert.equal(overridden.info('gender').origin, 'builtIn');
      assert.ok(overridden.isValidCode('gender', 'MALE'));
    });

    it('can supply a list that has no built-in codes, and replace service types and Community SCORE', () => {
      const dir = newDir();
      writeJson(dir, 'hardshipType', {
        list: 'hardshipType',
        version: 'org-2025',
        source: 'DEX GetReferenceData export',
        codes: [{ code: 'DROUGHTX', label: 'Test hardship', order: 1 }],
      });
      writeJson(dir, 'serviceType', {
        list: 'serviceType',
        version: 'org-2025',
        source: 'test',
        serviceTypes: [{ id: 42, label: 'Only this one' }],
      });
      const community = builtInFile('communityScore');
      writeJson(dir, 'communityScore', { ...community, version: 'org-2025', ratings: [5, 4, 3, 2, 1].map((rating) => ({ rating, label: `R${rating}` })) });
      fs.writeFileSync(path.join(dir, 'README.txt'), 'not a list');
      const overridden = loadReferenceData({ overrideDir: dir });
      assert.ok(overridden.isValidCode('hardshipType', 'DROUGHTX'));
      assert.equal(overridden.info('hardshipType').confirmed, true);
      assert.deepEqual(
        overridden.serviceTypes().map((s) => s.id),
        [42],
      );
      assert.equal(overridden.communityRatingLabel(1), 'R1');
      assert.deepEqual(
        overridden.communityRatings().map((r) => r.rating),
        [1, 2, 3, 4, 5],
      );
    });

    it('rejects a file whose name matches no list, so a typo cannot hide a stale list', () => {
      const dir = newDir();
      writeJson(dir, 'referalSource', builtInFile('referralSource'));
      const err = loadError({ overrideDir: dir });
      assert.match(err.message, /referalSource\.json: no reference list is called "referalSource"/);
    });

    it('rejects a missing override folder', () => {
      const err = loadError({ overrideDir: path.join(os.tmpdir(), 'refdata-does-not-exist-9f3c') });
      assert.match(err.message, /refdata-does-not-exist-9f3c: the reference data override folder cannot be read/);
    });
  });

  describe('invalid files', () => {
    it('names the file and the bad field', () => {
      const dir = newDir();
      const file = builtInFile('referralSource');
      const codes = file['codes'] as Record<string, unknown>[];
      codes[3] = { ...codes[3], label: '' };
      writeJson(dir, 'referralSource', file);
      const err = loadError({ overrideDir: dir });
      const problem = err.problems.find((p) => p.includes('referralSource.json'));
      assert.ok(problem, err.message);
      assert.ok(problem.startsWith(path.join(dir, 'referralSource.json')), problem);
      assert.match(problem, /codes\[3\]\.label: must not be empty/);
    });

    it('rejects duplicate codes within a list, pointing at both places', () => {
      const dir = newDir();
      writeJson(dir, 'participation', {
        list: 'participation',
        version: 'x',
        source: 'test',
        codes: [
          { code: 'CLIENT', label: 'Client', order: 1 },
          { code: 'SUPPORT', label: 'Support person', order: 2 },
          { code: 'CLIENT', label: 'Client again', order: 3 },
        ],
      });
      const err = loadError({ overrideDir: dir });
      assert.match(err.message, /participation\.json: codes\[2\]\.code: duplicate code "CLIENT" \(first at codes\[0\]\)/);
    });

    it('rejects duplicate service type ids and Community SCORE domains', () => {
      const dir = newDir();
      writeJson(dir, 'serviceType', {
        list: 'serviceType',
        version: 'x',
        source: 'test',
        serviceTypes: [
          { id: 1, label: 'A' },
          { id: 1, label: 'B' },
        ],
      });
      const community = builtInFile('communityScore');
      const domains = community['domains'] as unknown[];
      writeJson(dir, 'communityScore', { ...community, domains: [...domains, domains[0]] });
      const err = loadError({ overrideDir: dir });
      assert.match(err.message, /serviceType\.json: serviceTypes\[1\]\.id: duplicate id 1/);
      assert.match(err.message, /communityScore\.json: domains\[4\]\.code: duplicate code "GROUPSKILLS"/);
    });

    it('rejects incomplete rating wording, unknown fields, wrong list names and bad JSON, all in one report', () => {
      const dir = newDir();
      const community = builtInFile('communityScore');
      writeJson(dir, 'communityScore', { ...community, ratings: (community['ratings'] as unknown[]).slice(0, 4) });
      writeJson(dir, 'state', { ...builtInFile('state'), colour: 'blue' });
      writeJson(dir, 'disability', { ...builtInFile('disability'), list: 'gender' });
      fs.writeFileSync(path.join(dir, 'country.json'), '{ "list": "country", ');
      const err = loadError({ overrideDir: dir });
      assert.match(err.message, /communityScore\.json: ratings: lacks wording for rating 5/);
      assert.match(err.message, /state\.json: \(file\): Unrecognized key: "colour"/);
      assert.match(err.message, /disability\.json: list: is "gender" but the file name says "disability"/);
      assert.match(err.message, /country\.json: is not valid JSON/);
    });

    it('rejects an empty list unless it says it is unconfirmed', () => {
      const dir = newDir();
      writeJson(dir, 'topic', { list: 'topic', version: 'x', source: 'test', codes: [] });
      const err = loadError({ overrideDir: dir });
      assert.match(err.message, /topic\.json: codes: is empty; an empty list must say "confirmed": false/);
    });

    it('reports a built-in folder that lacks files', () => {
      const dir = newDir();
      const err = loadError({ builtInDir: dir });
      assert.match(err.message, /referralSource\.json \(built-in\): cannot be read \(ENOENT\)/);
    });
  });
});

describe('assembling reference data in the domain, from lists handed to it', () => {
  const handed = (change: (name: string, json: Record<string, unknown>) => Record<string, unknown>): ReadReferenceData => ({
    problems: [],
    files: REFERENCE_FILE_NAMES.map((name) => ({
      name,
      file: `/memory/${name}.json`,
      origin: 'override',
      shownAs: `/memory/${name}.json`,
      json: change(name, builtInFile(name)),
    })),
  });

  it('uses what it is given, not what is on disk', () => {
    const data = assembleReferenceData(
      handed((name, json) => (name === 'hardshipType' ? { ...json, confirmed: true, codes: [{ code: 'FLOOD', label: 'Flood', order: 1 }] } : json)),
    );
    assert.deepEqual(
      data.codesOf('hardshipType').map((c) => c.code),
      ['FLOOD'],
    );
    assert.equal(data.info('hardshipType').file, '/memory/hardshipType.json');
  });

  it('reports what the reader could not read beside what fails validation, together', () => {
    const read = handed((name, json) => (name === 'gender' ? { ...json, codes: 'none' } : json));
    const files = read.files.map((f) =>
      f.name === 'state' ? { name: f.name, file: f.file, origin: f.origin, shownAs: f.shownAs, unreadable: 'cannot be read (EACCES)' } : f,
    );
    assert.throws(
      () => assembleReferenceData({ ...read, files, problems: ['/memory: no reference list is called "sate"'] }),
      (err: unknown) =>
        err instanceof ReferenceDataError &&
        err.problems.length === 3 &&
        err.problems.some((p) => /^\/memory\/state\.json: cannot be read \(EACCES\)$/.test(p)) &&
        err.problems.some((p) => /^\/memory\/gender\.json: codes: /.test(p)) &&
        err.problems.includes('/memory: no reference list is called "sate"'),
    );
  });
});

describe('reference data provenance', () => {
  const data = loadReferenceData();

  it('marks every list with how far it can be trusted', () => {
    for (const info of data.files) assert.ok(['dss', 'registry', 'third-party', 'unconfirmed'].includes(info.confidence), info.name);
    assert.equal(data.info('country').confidence, 'dss');
    assert.equal(data.info('serviceSetting').confidence, 'registry');
    assert.equal(data.info('serviceType').confidence, 'third-party');
    assert.equal(data.info('hardshipType').confidence, 'unconfirmed');
  });

  it('does not treat codes from our own brief as confirmed, though they are still accepted', () => {
    for (const [list, code] of [
      ['reasonForAssistance', 'EMPLOYMENT'],
      ['reasonForAssistance', 'TRAINING'],
      ['reasonForAssistance', 'CARING'],
      ['reasonForAssistance', 'OTHER'],
      ['referralPurpose', 'EMPLOYMENT'],
      ['referralPurpose', 'TRAINING'],
      ['gender', 'OTHER'],
    ] as const) {
      assert.equal(data.isValidCode(list, code), true, `${list} ${code} is accepted`);
      assert.equal(data.isConfirmedCode(list, code), false, `${list} ${code} is not confirmed`);
    }
    assert.equal(data.isConfirmedCode('reasonForAssistance', 'MONEY'), true);
    assert.equal(data.isConfirmedCode('referralPurpose', 'CARING'), true, 'CARING is in the DSS 2015 purposes');
    assert.equal(data.isConfirmedCode('topic', 'HEALTH'), false, 'a list not known to be complete confirms nothing');
  });
});

describe('a DSS reference data file as the override (DEX_REFERENCE_DATA_FILE)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-refxml-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const xmlFile = path.join(dir, 'DEXReferenceData.xml');
  fs.writeFileSync(
    xmlFile,
    `<?xml version="1.0" encoding="utf-8"?>
<DEXReferenceData>
  <ReferenceDataItems CodeType="Gender">
    <Item><CodeValue>MALE</CodeValue><CodeDescription>Male</CodeDescription><OrderNumber>1</OrderNumber></Item>
    <Item><CodeValue>FEMALE</CodeValue><CodeDescription>Female</CodeDescription><OrderNumber>2</OrderNumber></Item>
    <Item><CodeValue>NONBINARY</CodeValue><CodeDescription>Non-binary</CodeDescription><OrderNumber>3</OrderNumber></Item>
    <Item><CodeValue>NOTSTATED</CodeValue><CodeDescription>Prefer not to answer</CodeDescription><OrderNumber>4</OrderNumber></Item>
  </ReferenceDataItems>
  <ReferenceDataItems CodeType="HardshipType">
    <Item><CodeValue>DROUGHT</CodeValue><CodeDescription>Drought</CodeDescription><OrderNumber>1</OrderNumber></Item>
  </ReferenceDataItems>
</DEXReferenceData>`,
  );

  it('replaces every list the file holds, keeps the others, and retires codes the file dropped', () => {
    const data = loadReferenceData(referenceDataOptionsFromEnv({ DEX_REFERENCE_DATA_FILE: xmlFile }));
    assert.deepEqual(
      data.codesOf('gender').map((c) => c.code),
      ['MALE', 'FEMALE', 'NONBINARY', 'NOTSTATED'],
    );
    assert.equal(data.labelOf('gender', 'NOTSTATED'), 'Prefer not to answer');
    assert.equal(data.isValidCode('gender', 'OTHER'), false, 'a code the DSS file lacks is no longer accepted');
    assert.equal(data.labelOf('gender', 'OTHER'), 'Other', 'but old records still show its label');
    assert.deepEqual(
      data.codesOf('hardshipType').map((c) => c.code),
      ['DROUGHT'],
    );
    assert.equal(data.info('hardshipType').confirmed, true);
    for (const name of ['gender', 'hardshipType'] as const) {
      assert.equal(data.info(name).origin, 'dssFile');
      assert.equal(data.info(name).confidence, 'dss');
      assert.match(data.info(name).source, /DSS DEXReferenceData\.xml, CodeType/);
    }
    assert.equal(data.info('country').origin, 'builtIn');
    assert.equal(data.codesOf('country').length, loadReferenceData().codesOf('country').length);
  });

  it('stops with the file named when it is not a DSS reference file', () => {
    const bad = path.join(dir, 'other.xml');
    fs.writeFileSync(bad, '<Something><Else/></Something>');
    assert.throws(
      () => loadReferenceData({ dexXmlFile: bad }),
      (err: unknown) => err instanceof ReferenceDataError && /other\.xml: .*does not look like a DEXReferenceData file/s.test(err.message),
    );
    assert.throws(() => loadReferenceData({ dexXmlFile: path.join(dir, 'missing.xml') }), ReferenceDataError);
  });
});
