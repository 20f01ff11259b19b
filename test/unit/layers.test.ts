import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The import directions of docs/architecture.md, checked on every source file: each layer names what it may
 * not import. The few known exceptions are listed with their reason, so a new one fails here until it is either
 * fixed or argued for in the same place.
 */
const ROOT = path.join(__dirname, '..', '..');

type Layer = { folder: string; forbidden: { pattern: RegExp; why: string }[] };

const SDK = /^botbuilder|^botframework-|^restify$/;
const DRIVERS = /^mongodb$|^@seald-io\/nedb$/;

const LAYERS: Layer[] = [
  {
    folder: 'src/domain',
    forbidden: [
      { pattern: SDK, why: 'the domain never imports the Bot Framework or the server' },
      { pattern: DRIVERS, why: 'the domain never talks to a database' },
      { pattern: /^(node:)?(fs|fs\/promises|path)$/, why: 'the domain reads no files: src/config reads them and hands over what they hold' },
      { pattern: /^(src\/(bot|storage|config|edge|export|services)|dialogs|cards)(\/|$)/, why: 'the domain imports only the domain' },
    ],
  },
  {
    folder: 'src/storage',
    forbidden: [
      { pattern: SDK, why: 'storage knows nothing of the Bot Framework' },
      { pattern: /^(src\/(bot|edge)|dialogs|cards)\//, why: 'storage imports the domain and itself' },
    ],
  },
  {
    folder: 'src/export',
    forbidden: [
      { pattern: SDK, why: 'the exporter runs from a shell too' },
      { pattern: /^(src\/bot|dialogs|cards)\//, why: 'the exporter imports the domain and storage' },
    ],
  },
  {
    folder: 'cards',
    forbidden: [
      { pattern: SDK, why: 'cards are plain JSON builders' },
      { pattern: DRIVERS, why: 'cards never read data' },
      { pattern: /^(src\/(bot|storage|edge)|dialogs)\//, why: 'cards import the domain and other cards' },
    ],
  },
  {
    folder: 'dialogs',
    forbidden: [{ pattern: DRIVERS, why: 'flows reach data through the repositories in Services' }],
  },
  {
    folder: 'src/bot',
    forbidden: [{ pattern: /^dialogs\//, why: 'src/bot sits below the flows (cards/ is allowed: it builds the bot’s own replies)' }],
  },
];

/** Known exceptions: file → imported module, with the reason they stand. */
const EXCEPTIONS: Record<string, string> = {
  'cards/transferCards.ts → src/storage/activityTransferLedger': 'type-only: the transfer list card shows ledger entries as stored',
};

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f));
}

/** Every module a file imports, as a package name or a repository-relative path without extension. */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
    const spec = m[1]!;
    found.push(spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec);
  }
  return found;
}

describe('layers: every import points the way docs/architecture.md says', () => {
  for (const layer of LAYERS) {
    it(`${layer.folder} imports nothing it may not`, () => {
      const files = sourceFiles(layer.folder);
      assert.ok(files.length > 0, `no source files found under ${layer.folder}`);
      const broken: string[] = [];
      for (const file of files) {
        for (const imported of importsOf(file)) {
          const rule = layer.forbidden.find((r) => r.pattern.test(imported));
          if (rule && !EXCEPTIONS[`${file} → ${imported}`]) broken.push(`${file} imports ${imported}: ${rule.why}`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }

  it('src/domain reads nothing from the environment (src/config does)', () => {
    const readers = sourceFiles('src/domain').filter((file) => /\bprocess\.(env|argv|cwd)\b/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(readers, []);
  });

  it('dialogs and cards reach storage only through the repositories Services hands them, never the database itself', () => {
    const users = [...sourceFiles('dialogs'), ...sourceFiles('cards')].filter((file) => /\bservices\.db\b/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(users, []);
  });

  it('would notice a broken direction: the check finds the listed exceptions', () => {
    for (const key of Object.keys(EXCEPTIONS)) {
      const [file, imported] = key.split(' → ') as [string, string];
      assert.ok(importsOf(file).includes(imported), `${file} no longer imports ${imported}: drop the exception`);
    }
  });
});
