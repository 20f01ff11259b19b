import assert from 'node:assert/strict';
import { parseOrganisations } from '../../src/config/organisations';
import { checkMoneyBusinessWorkshopApplies, collectsMoneyBusinessWorkshop } from '../../src/domain/rules';
import { sampleOrganisations } from '../support/sampleOrganisations';

const moneyBusiness = { name: 'Financial Wellbeing and Capability - Money Business', moneyBusinessWorkshop: true };
const seniors = { name: 'Community and Home Support - Seniors social groups', moneyBusinessWorkshop: false };

describe('Money Business workshop code', () => {
  it('is collected by the outlet activities configured for it, whatever their names say', () => {
    assert.equal(collectsMoneyBusinessWorkshop(moneyBusiness), true);
    assert.equal(collectsMoneyBusinessWorkshop(seniors), false);
    // A name that does not match any pattern ("Financial Wellbeing & Capability") still counts when configured.
    const configured = { name: 'Financial Wellbeing & Capability', moneyBusinessWorkshop: true };
    const notConfigured = { name: 'Money Business community education', moneyBusinessWorkshop: false };
    assert.equal(collectsMoneyBusinessWorkshop(configured), true);
    assert.equal(collectsMoneyBusinessWorkshop(notConfigured), false);
  });

  it('is read from the organisations file, off unless an activity turns it on', () => {
    const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
    const byId = new Map(org.outlets.flatMap((o) => o.activities).map((a) => [a.outletActivityId, a]));
    assert.equal(byId.get(10587)!.moneyBusinessWorkshop, true);
    assert.equal(byId.get(10421)!.moneyBusinessWorkshop, false);
  });

  it('is refused, naming the field and the activity, on another program', () => {
    assert.equal(checkMoneyBusinessWorkshopApplies(moneyBusiness, 'WRK01'), null);
    assert.equal(checkMoneyBusinessWorkshopApplies(seniors, undefined), null);
    const problem = checkMoneyBusinessWorkshopApplies(seniors, 'WRK01');
    assert.equal(problem?.field, 'moneyBusinessWorkshopCode');
    assert.match(problem!.message, /only for Money Business activities, and Community and Home Support - Seniors social groups is not set up as one/);
  });
});
