import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DISPATCH_MODE_ZH, dispatchScope, handlerTierForLevel, isUnitEligible } from './dispatch-scope.ts';

const path = { districtCode: '310112', streetCode: '310112101', communityCode: '310112101003' };

describe('dispatchScope', () => {
  test('community and street cases are handled by the street; district and city ones by the city', () => {
    assert.equal(handlerTierForLevel('community'), 'street');
    assert.equal(handlerTierForLevel('street'), 'street');
    assert.equal(handlerTierForLevel('district'), 'city');
    assert.equal(handlerTierForLevel('city'), 'city');
  });

  test('the four find/handle modes', () => {
    const cityCity = dispatchScope('city', 'city');
    assert.equal(cityCity.mode, 'cityFindsCityHandles');
    assert.equal(cityCity.dispatcher, 'city');
    assert.equal(cityCity.handoffFrom, null);
    assert.deepEqual(cityCity.eligibleUnitLevels, ['district', 'city']);

    const cityStreet = dispatchScope('street', 'city');
    assert.equal(cityStreet.mode, 'cityFindsStreetHandles');
    assert.equal(cityStreet.dispatcher, 'street');
    assert.equal(cityStreet.handoffFrom, 'city');
    assert.deepEqual(cityStreet.eligibleUnitLevels, ['community', 'street']);
    assert.equal(cityStreet.poolArea, 'caseStreet');

    const streetStreet = dispatchScope('community', 'street');
    assert.equal(streetStreet.mode, 'streetFindsStreetHandles');
    assert.equal(streetStreet.dispatcher, 'street');
    assert.equal(streetStreet.handoffFrom, null);

    const streetCity = dispatchScope('district', 'street');
    assert.equal(streetCity.mode, 'streetFindsCityHandles');
    assert.equal(streetCity.dispatcher, 'city');
    assert.equal(streetCity.handoffFrom, 'street');
    assert.equal(streetCity.poolArea, 'anyContaining');
    assert.equal(DISPATCH_MODE_ZH[streetCity.mode], '街道发现、市级处置');
  });

  test('street-handled cases go only to units inside the case street; city-handled to covering departments', () => {
    const street = dispatchScope('street', 'city');
    assert.equal(isUnitEligible(street, { level: 'street', areaCode: '310112101' }, path), true);
    assert.equal(isUnitEligible(street, { level: 'community', areaCode: '310112101003' }, path), true);
    assert.equal(isUnitEligible(street, { level: 'community', areaCode: '310112101004' }, path), false);
    assert.equal(isUnitEligible(street, { level: 'street', areaCode: '310112102' }, path), false);
    assert.equal(isUnitEligible(street, { level: 'district', areaCode: '310112' }, path), false);

    const city = dispatchScope('city', 'street');
    assert.equal(isUnitEligible(city, { level: 'city', areaCode: null }, path), true);
    assert.equal(isUnitEligible(city, { level: 'district', areaCode: '310112' }, path), true);
    assert.equal(isUnitEligible(city, { level: 'district', areaCode: '310113' }, path), false);
    assert.equal(isUnitEligible(city, { level: 'street', areaCode: '310112101' }, path), false);
  });
});
