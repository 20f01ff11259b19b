import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { assertHeapFits, capacityReport, embeddedDataBytes, heapNeededMb, planHeap, StoreTooLargeError } from '../../src/storage/storeCapacity';
import { startHttpBot } from '../support/httpBot';

/** Sizing the heap for the embedded store's data, refusing in one line when it cannot fit, and reporting headroom. */

const MB = 1024 * 1024;
const ROOT = path.resolve(__dirname, '..', '..');

describe('embedded store capacity', () => {
  it('starts small stores with the floor and sizes the heap up for larger ones, within the ceiling', () => {
    assert.deepEqual(planHeap({ dataBytes: 2 * MB, floorMb: 128, ceilingMb: 2048 }), { heapMb: 192, neededMb: 134 });
    // The medium organisation: 2,000 case files, 77 MB of data files, which died under a fixed 128 MB heap.
    const medium = planHeap({ dataBytes: 77 * MB, floorMb: 128, ceilingMb: 2048 });
    assert.equal(medium.neededMb, heapNeededMb(77 * MB));
    assert.ok(medium.heapMb >= medium.neededMb && medium.heapMb <= 2048, JSON.stringify(medium));
    assert.equal(planHeap({ dataBytes: 77 * MB, floorMb: 128, ceilingMb: 400 }).heapMb, 400, 'capped at the ceiling');
  });

  it('refuses data that cannot fit the ceiling in one line: how much data, what it needs, how to move', () => {
    assert.throws(
      () => planHeap({ dataBytes: 300 * MB, floorMb: 128, ceilingMb: 512 }),
      (error: unknown) => {
        assert.ok(error instanceof StoreTooLargeError);
        assert.doesNotMatch(error.message, /\n/);
        assert.match(error.message, /holds 300\.0 MB of data, which needs about 1028 MB/);
        assert.match(error.message, /at most 512 MB \(DEX_HEAP_MAX_MB\)/);
        assert.match(error.message, /npm run store:migrate -- --to <MONGODB_URI>/);
        return true;
      },
    );
    assert.throws(() => assertHeapFits(100 * MB, 300), /this process was started with 300 MB/);
    assert.doesNotThrow(() => assertHeapFits(10 * MB, 300));
  });

  it('warns from 80% of the ceiling, and from 80% of the heap when a restart would help', () => {
    const calm = capacityReport({ dataBytes: 10 * MB, ceilingMb: 1000, heapMb: 400 });
    assert.equal(calm.warning, undefined);
    assert.equal(calm.percentOfCeiling, 16);
    const nearCeiling = capacityReport({ dataBytes: 230 * MB, ceilingMb: 1000, heapMb: 1000 });
    assert.equal(nearCeiling.percentOfCeiling, 82);
    assert.match(nearCeiling.warning ?? '', /82% of the most memory it may use .*MongoDB/);
    const nearHeap = capacityReport({ dataBytes: 40 * MB, ceilingMb: 2000, heapMb: 300 });
    assert.match(nearHeap.warning ?? '', /83% of this process's heap; restart/);
  });

  describe('npm start heap planning (src/heapPlan.ts)', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-heapplan-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const plan = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/heapPlan.ts')], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dir, ...env },
        encoding: 'utf8',
      });

    it('prints the heap for the data folder, and exits 1 with one line when it cannot fit', () => {
      fs.writeFileSync(path.join(dir, 'caseFiles.db'), 'x'.repeat(20 * MB));
      assert.equal(embeddedDataBytes(dir), 20 * MB);
      const fits = plan({ DEX_HEAP_MAX_MB: '1024' });
      assert.equal(fits.status, 0, fits.stderr);
      assert.equal(fits.stdout.trim(), String(planHeap({ dataBytes: 20 * MB, floorMb: 128, ceilingMb: 1024 }).heapMb));
      const refused = plan({ DEX_HEAP_MAX_MB: '160' });
      assert.equal(refused.status, 1);
      assert.equal(refused.stdout, '');
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      assert.match(refused.stderr, /holds 20\.0 MB of data.*at most 160 MB/);
    });
  });

  it('/healthz and the start-up log report the store size and headroom', async () => {
    const lines: string[] = [];
    const bot = await startHttpBot({ logger: createLogger('info', (line) => lines.push(line)) });
    try {
      const body = (await (await fetch(`${bot.url}/healthz`)).json()) as { capacity?: Record<string, unknown> };
      assert.equal(typeof body.capacity?.dataMb, 'number');
      assert.equal(body.capacity?.neededMb, heapNeededMb(embeddedDataBytes(bot.dataDir)));
      assert.equal(typeof body.capacity?.percentOfCeiling, 'number');
      const logged = lines.map((l) => JSON.parse(l) as { event: string; neededMb?: number }).find((l) => l.event === 'store.capacity');
      assert.ok(logged, lines.join('\n'));
      assert.equal(typeof logged.neededMb, 'number');
    } finally {
      await bot.stop();
    }
  });
});
