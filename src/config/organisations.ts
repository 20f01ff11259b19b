import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OrganisationSchema, type Organisation } from '../domain/organisation';
import { ConfigError } from './env';
import { findPackageRoot } from './packageRoot';

const OrganisationsFileSchema = z.object({ organisations: z.array(OrganisationSchema).min(1) });

export type OrganisationDirectory = {
  readonly organisations: readonly Organisation[];
  readonly source: string;
  byTenant(tenantId: string | undefined): Organisation | undefined;
  byId(organisationId: string): Organisation | undefined;
};

/** `config/organisations.json` when present, else the committed sample so a fresh clone runs. */
export function resolveOrganisationsFile(explicit: string | undefined): string {
  if (explicit) return path.resolve(explicit);
  const own = path.join(findPackageRoot(), 'config', 'organisations.json');
  return existsSync(own) ? own : path.join(findPackageRoot(), 'config', 'organisations.sample.json');
}

export function parseOrganisations(json: unknown, source: string): OrganisationDirectory {
  const parsed = OrganisationsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Configuration error: ${source} at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const organisations = parsed.data.organisations;
  const tenantOwner = new Map<string, Organisation>();
  for (const org of organisations) {
    for (const tenantId of org.tenantIds) {
      const other = tenantOwner.get(tenantId);
      if (other) {
        throw new ConfigError(`Configuration error: ${source}: tenant ${tenantId} belongs to both ${other.organisationId} and ${org.organisationId}`);
      }
      tenantOwner.set(tenantId, org);
    }
  }
  return {
    organisations,
    source,
    byTenant: (tenantId) => (tenantId ? tenantOwner.get(tenantId) : undefined),
    byId: (id) => organisations.find((o) => o.organisationId === id),
  };
}

export function loadOrganisations(file: string): OrganisationDirectory {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Configuration error: ORGANISATIONS_FILE ${file} cannot be read as JSON (${(err as Error).message})`);
  }
  return parseOrganisations(json, file);
}
