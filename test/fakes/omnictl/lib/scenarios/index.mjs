// Scenario states by name, for fake-omni.ts and admin.mjs.

import { generateFleet } from './fleet.mjs';
import { healthyState } from './healthy.mjs';
import { talosProdState } from './talos-prod.mjs';

export { generateFleet };

/** @param {'talos-prod' | 'healthy'} name */
export function scenarioState(name) {
  if (name === 'talos-prod') return talosProdState();
  if (name === 'healthy') return healthyState();
  throw new Error(`unknown scenario "${name}"`);
}
