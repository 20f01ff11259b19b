import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirInUseError } from '../../src/storage/dataDirLock';
import { DataFileCorruptError } from '../../src/storage/dataFileRepair';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { openDatabase } from '../../src/storage/openDatabase';

/** Opening the embedded store: cut-short appends, real damage, one owner per folder, owner-only permissions. */

type Warning = { event: string; fields: Record<string, string | number> };
type Doc = { key: string; n: number };

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;

async function seed(count: number): Promise<void> {
  const db = openEmbeddedDatabase({ dataDir: dir });
  await db.collection<Doc>('things').insertMany(Array.from({ length: count }, (_, n) => ({ key: `k${n}`, n })));
  await db.close();
}

async function open(warnings: Warning[] = []) {
  return openDatabase({ dataDir: dir, onWarning: (event, fields) => warnings.push({ event, fields }) });
}

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-startup-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('embedded store: a data file cut short by a power cut', () => {
  it('drops the incomplete last line with a warning naming the file, and keeps every complete record', async () => {
    await seed(3);
    const file = path.join(dir, 'things.db');
    // What a power cut in the middle of appending a fourth record leaves (3 of 4 lines readable: 25% corrupt).
    const cut = '{"key":"k3","n":3,"_id":"abc';
    fs.appendFileSync(file, cut);
    const warnings: Warning[] = [];
    const db = await open(warnings);
    try {
      assert.equal(await db.collection<Doc>('things').countDocuments(), 3);
      assert.deepEqual(warnings, [{ event: 'storage.incompleteLineDropped', fields: { path: file, lines: 1, bytes: cut.length } }]);
      await db.collection<Doc>('things').insertOne({ key: 'k9', n: 9 });
    } finally {
      await db.close();
    }
    const again = await open();
    assert.equal(await again.collection<Doc>('things').countDocuments(), 4, 'writes after the repair load again');
    await again.close();
  });

  it('keeps a whole last record that only lacks its newline', async () => {
    await seed(2);
    const file = path.join(dir, 'things.db');
    fs.appendFileSync(file, JSON.stringify({ key: 'k2', n: 2, _id: 'whole' }));
    const warnings: Warning[] = [];
    const db = await open(warnings);
    assert.equal(await db.collection<Doc>('things').countDocuments(), 3);
    assert.deepEqual(warnings, []);
    await db.close();
  });

  it('refuses to start on any other damage, in one line naming the file and how to restore it', async () => {
    await seed(40);
    const file = path.join(dir, 'things.db');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.splice(10, 0, '{"key":"broken", n: }');
    fs.writeFileSync(file, lines.join('\n'));
    const before = fs.readFileSync(file, 'utf8');
    await assert.rejects(open(), (error: unknown) => {
      assert.ok(error instanceof DataFileCorruptError, String(error));
      assert.doesNotMatch(error.message, /\n/);
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, /1 of 41 lines cannot be read/);
      assert.match(error.message, /latest backup/);
      return true;
    });
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'a damaged file is left exactly as it was');
    const retried = await open().catch((error: unknown) => error);
    assert.ok(retried instanceof DataFileCorruptError, 'the refusal released the folder and can be repeated');
  });
});

describe('embedded store: one process owns a data folder', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  function holdInChild(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/holdDataDir.ts'), dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().startsWith('ready')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
  }

  it('refuses a second process with one line naming the process that holds it', async function () {
    this.timeout(30_000);
    await seed(1);
    const holder = await holdInChild();
    await assert.rejects(open(), (error: unknown) => {
      assert.ok(error instanceof DataDirInUseError, String(error));
      assert.doesNotMatch(error.message, /\n/);
      assert.match(error.message, new RegExp(`in use by process ${holder.pid} on ${os.hostname()}`));
      assert.match(error.message, /holdDataDir\.ts/);
      return true;
    });
    holder.kill('SIGTERM');
    await new Promise((resolve) => holder.once('exit', resolve));
    const db = await open();
    assert.equal(await db.collection('things').countDocuments(), 1);
    await db.close();
  });

  it('makes `npm run seed` against a running bot exit with that one line instead of losing its data', async function () {
    this.timeout(60_000);
    const holder = await holdInChild();
    const seedRun = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/seed.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    seedRun.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => seedRun.once('exit', resolve));
    assert.equal(code, 1);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, new RegExp(`in use by process ${holder.pid}`));
    assert.equal(fs.existsSync(path.join(dir, 'clients.db')), false, 'the seed wrote nothing');
  });

  it('makes the export, import, reminder and migration commands against a running bot exit with that one line too', async function () {
    this.timeout(120_000);
    const holder = await holdInChild();
    const commands: [string, string[]][] = [
      ['exportDex.ts', ['--organisation', 'harbourside-community']],
      ['importActivities.ts', [path.join(ROOT, 'examples', 'attendance-roll.csv')]],
      ['remind.ts', ['--dry-run']],
      ['migrateStore.ts', ['--to', 'mongodb://127.0.0.1:9/unused']],
    ];
    for (const [script, args] of commands) {
      const run = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script), ...args], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise((resolve) => run.once('exit', resolve));
      assert.notEqual(code, 0, script);
      assert.equal(stderr.trim().split('\n').length, 1, `${script}: ${stderr}`);
      assert.match(stderr, new RegExp(`in use by process ${holder.pid}`), script);
    }
  });

  it('takes over at once from a holder that was killed', async function () {
    this.timeout(30_000);
    await seed(1);
    const holder = await holdInChild();
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    assert.ok(fs.existsSync(path.join(dir, 'owner.lock')), 'the killed holder left its lock behind');
    const db = await open();
    assert.equal(await db.collection('things').countDocuments(), 1);
    await db.close();
  });

  it('refuses a second open inside one process until the first is closed', async () => {
    const first = await open();
    await assert.rejects(open(), DataDirInUseError);
    await first.close();
    const second = await open();
    await second.close();
  });
});

describe('embedded store: client data is readable by its owner only', () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(() => process.umask(umask));

  it('creates the folder 0700 and every data file 0600 even with umask 000', async () => {
    const fresh = path.join(dir, 'nested', 'data');
    const db = await openDatabase({ dataDir: fresh });
    await db.collection('clients').insertOne({ key: 'a' });
    await db.close();
    assert.equal(mode(fresh), '700');
    const files = fs.readdirSync(fresh);
    assert.ok(files.includes('clients.db'), files.join(','));
    for (const file of files) assert.equal(mode(path.join(fresh, file)), '600', file);
  });

  it('fixes broader permissions left from before, warning with each path', async () => {
    await seed(1);
    const file = path.join(dir, 'things.db');
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o644);
    const unrelated = path.join(dir, 'notes.txt');
    fs.writeFileSync(unrelated, "not the store's", { mode: 0o644 });
    const warnings: Warning[] = [];
    const db = await open(warnings);
    await db.close();
    assert.equal(mode(dir), '700');
    assert.equal(mode(file), '600');
    assert.equal(mode(unrelated), '644', 'files the store does not own are left alone');
    assert.deepEqual(
      warnings.filter((w) => w.event === 'storage.permissionsFixed').map((w) => [w.fields.path, w.fields.was, w.fields.now]),
      [
        [dir, '755', '700'],
        [file, '644', '600'],
      ],
    );
  });
});
