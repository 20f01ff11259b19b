import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_SCHEMA_FILE } from '../../src/export/dexSchema';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(TSX, [path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
}

/**
 * The administrator's route, end to end through the real commands: `npm run seed`, then `npm run export:dex`
 * for the sample organisation and the current period, checked with libxml2's own command-line validator.
 */
describe('export:dex command', function () {
  this.timeout(400_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-cli-'));
    env = { DATA_DIR: path.join(dir, 'data'), MONGODB_URI: '', DEX_SCHEMA_FILE: '' };
    const seeded = run('seed.ts', [], env);
    assert.equal(seeded.status, 0, seeded.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes owner-only files for the current period that `xmllint --schema` accepts', function () {
    const out = path.join(dir, 'out');
    const result = run('exportDex.ts', ['--organisation', 'harbourside-community', '--out', out], env);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /In the file: 2 clients, 1 case, \d+ sessions?/);
    assert.match(result.stdout, /Left out, 1 case file not ready for DEX:\n {2}"Wednesday seniors social group":/);
    const files = fs.readdirSync(out);
    assert.equal(files.length, 1);
    const file = path.join(out, files[0]!);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(result.stdout, /sha256 [0-9a-f]{64}/);
    if (!hasXmllint()) {
      // CI must prove it: a missing validator there is a failure, not a skip.
      if (process.env.CI === 'true') assert.fail('xmllint is not installed (apt-get install -y libxml2-utils); CI must run this check');
      this.skip();
    }
    const checked = spawnSync('xmllint', ['--noout', '--schema', BUNDLED_SCHEMA_FILE, file], { encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stderr, /validates/);
  });

  it('exits non-zero and writes nothing when the schema in use rejects a file, naming the record and field', () => {
    const stricter = path.join(dir, 'stricter.xsd');
    fs.writeFileSync(
      stricter,
      fs
        .readFileSync(BUNDLED_SCHEMA_FILE, 'utf8')
        .replace(
          '<xs:element name="FeesCharged" type="MinFeesCharged" nillable="true" minOccurs="0" />',
          '<xs:element name="FeesCharged" type="MinFeesCharged" />',
        ),
    );
    const out = path.join(dir, 'strict-out');
    const result = run('exportDex.ts', ['--organisation', 'harbourside-community', '--out', out], { ...env, DEX_SCHEMA_FILE: stricter });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /NOT WRITTEN/);
    assert.match(result.stderr, /Case file "Friday walking group", session S-\d{8}-\d: the fees charged is missing/);
    assert.equal(fs.existsSync(out) ? fs.readdirSync(out).length : 0, 0);
  });

  it('refuses a closed period and a wrong organisation with a reason', () => {
    const closed = run('exportDex.ts', ['--organisation', 'harbourside-community', '--period', '2020-H1', '--out', path.join(dir, 'x')], env);
    assert.equal(closed.status, 1);
    assert.match(closed.stderr, /closed on 30 Jul 2020/);
    const unknown = run('exportDex.ts', ['--organisation', 'nobody'], env);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no organisation "nobody"/);
  });

  it('with --changed-since-last writes nothing when nothing changed since the last export', () => {
    const result = run('exportDex.ts', ['--organisation', 'harbourside-community', '--changed-since-last', '--out', path.join(dir, 'again')], env);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /1 case file unchanged since the last export of this period, not sent again/);
  });
});
