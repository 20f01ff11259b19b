import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/env';
import { parseOrganisations } from '../../src/config/organisations';
import { sampleOrganisations, SAMPLE_TENANT } from '../support/sampleOrganisations';

describe('configuration', () => {
  it('runs on defaults: port 3978, embedded store in ./data, authentication off on loopback', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.equal(c.dataDir, './data');
    assert.equal(c.mongodbUri, undefined);
    assert.equal(c.authenticationEnabled, false);
    assert.equal(c.bindHost, '127.0.0.1');
  });

  it('listens on all interfaces once an app id and password are set', () => {
    const c = loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'secret' });
    assert.equal(c.authenticationEnabled, true);
    assert.equal(c.bindHost, '0.0.0.0');
  });

  for (const [env, expected] of [
    [{ PORT: 'abc' }, /^Configuration error: PORT .*\(got "abc"\)$/],
    [{ PORT: '70000' }, /^Configuration error: PORT /],
    [{ MONGODB_URI: 'postgres://x' }, /^Configuration error: MONGODB_URI must start with mongodb:\/\//],
    [{ MicrosoftAppType: 'Personal' }, /^Configuration error: MicrosoftAppType /],
    [{ MicrosoftAppId: 'abc' }, /^Configuration error: MicrosoftAppPassword is required/],
    [{ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b' }, /MicrosoftAppTenantId is required/],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL /],
  ] as const) {
    it(`stops with one line naming the variable for ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && expected.test(err.message) && !err.message.includes('\n'),
      );
    });
  }

  it('never echoes a secret or a connection string in the error', () => {
    assert.throws(
      () => loadConfig({ MONGODB_URI: 'redis://user:hunter2@host' }),
      (err: unknown) => err instanceof ConfigError && !err.message.includes('hunter2'),
    );
  });

  it('maps a tenant to its organisation', () => {
    const dir = parseOrganisations(sampleOrganisations(), 'sample');
    assert.equal(dir.byTenant(SAMPLE_TENANT)?.organisationId, 'harbourside-community');
    assert.equal(dir.byTenant('unknown'), undefined);
    assert.equal(dir.byTenant(undefined), undefined);
  });

  it('refuses an organisations file where one tenant belongs to two organisations', () => {
    const json = sampleOrganisations() as { organisations: { organisationId: string }[] };
    const twin = { ...json.organisations[0]!, organisationId: 'twin-org' };
    assert.throws(() => parseOrganisations({ organisations: [...json.organisations, twin] }, 'orgs.json'), /belongs to both/);
  });

  it('names the file and the path of a bad organisations entry', () => {
    assert.throws(() => parseOrganisations({ organisations: [{ organisationId: 'Bad Id' }] }, 'orgs.json'), /orgs\.json at organisations\.0\.organisationId/);
  });

  it('reads the heap floor and ceiling, treats an empty ceiling as the default, and refuses a ceiling below the floor', () => {
    assert.equal(loadConfig({}).heapFloorMb, 128);
    assert.ok(loadConfig({ DEX_HEAP_MAX_MB: '' }).heapCeilingMb >= 128);
    assert.equal(loadConfig({ DEX_HEAP_MB: '256', DEX_HEAP_MAX_MB: '1024' }).heapCeilingMb, 1024);
    assert.throws(() => loadConfig({ DEX_HEAP_MAX_MB: '100' }), /DEX_HEAP_MAX_MB \(100\) must not be below DEX_HEAP_MB \(128\)/);
  });
});
