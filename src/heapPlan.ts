import 'dotenv/config';
import { ConfigError, loadConfig } from './config/env';
import { embeddedDataBytes, planHeap } from './storage/storeCapacity';
import { StoreStartupError } from './storage/storeStartupError';

/**
 * Run by `npm start` before the bot: prints the heap (MB) to start it with. On the embedded store that is sized
 * for the data about to be loaded, within DEX_HEAP_MAX_MB; when the data cannot fit, it prints one line saying
 * so and how to move to MongoDB, and exits 1, so the bot never starts only to die of an out-of-memory crash.
 */
try {
  const config = loadConfig(process.env);
  const dataBytes = config.mongodbUri ? 0 : embeddedDataBytes(config.dataDir);
  const plan = planHeap({ dataBytes, floorMb: config.heapFloorMb, ceilingMb: config.heapCeilingMb });
  process.stdout.write(`${plan.heapMb}\n`);
} catch (error) {
  const known = error instanceof ConfigError || error instanceof StoreStartupError;
  process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
  process.exit(1);
}
