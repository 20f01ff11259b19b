import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The tenant id Microsoft 365 Agents Playground sends by default, so the sample works there too. */
export const SAMPLE_TENANT = '00000000-0000-0000-0000-0000000000001';

/** The committed sample configuration, so tests exercise the same file a fresh clone runs with. */
export function sampleOrganisations(): unknown {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'config', 'organisations.sample.json'), 'utf8'));
}
