import type { FakeOmniState } from '../state-types.d.mts';

export interface FleetSpec {
  machines: number;
  /** Share of machines (0–1) that are stuck like w3 or just unreachable. */
  stuckRatio: number;
  /** Machines per cluster (3 control planes + workers), default 100. */
  clusterSize?: number;
}

export function scenarioState(name: 'talos-prod' | 'healthy'): FakeOmniState;
export function generateFleet(spec: FleetSpec): FakeOmniState;
