import assert from 'node:assert/strict';
import { checkMoneyBusinessWorkshopApplies, collectsMoneyBusinessWorkshop } from '../../src/domain/rules';

const moneyBusiness = { program: 'Financial Wellbeing and Capability', name: 'Financial Wellbeing and Capability - Money Business' };
const seniors = { program: 'Community and Home Support', name: 'Community and Home Support - Seniors social groups' };

describe('Money Business workshop code', () => {
  it('is collected by Financial Wellbeing and Capability activities, named by program or activity', () => {
    assert.equal(collectsMoneyBusinessWorkshop(moneyBusiness), true);
    assert.equal(collectsMoneyBusinessWorkshop({ program: 'FWC', name: 'Money Business community education' }), true);
    assert.equal(collectsMoneyBusinessWorkshop(seniors), false);
  });

  it('is refused, naming the field and the activity, on another program', () => {
    assert.equal(checkMoneyBusinessWorkshopApplies(moneyBusiness, 'WRK01'), null);
    assert.equal(checkMoneyBusinessWorkshopApplies(seniors, undefined), null);
    const problem = checkMoneyBusinessWorkshopApplies(seniors, 'WRK01');
    assert.equal(problem?.field, 'moneyBusinessWorkshopCode');
    assert.match(problem!.message, /only for Financial Wellbeing and Capability activities, and Community and Home Support - Seniors social groups is not one/);
  });
});
