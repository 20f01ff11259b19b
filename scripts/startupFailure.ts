import { ConfigError } from '../src/config/env';
import { StoreStartupError } from '../src/storage/storeStartupError';

/**
 * What a command prints when it fails: a setting or the data folder (one line that says what to do, e.g. "the
 * bot holds the data folder: stop it first") or, for anything unexpected, the stack for whoever reports it.
 */
export function describeFailure(err: unknown): string {
  if (err instanceof ConfigError || err instanceof StoreStartupError) return err.message;
  return (err as Error)?.stack ?? String(err);
}
