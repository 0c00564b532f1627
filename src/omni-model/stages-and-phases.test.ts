import { describe, expect, it } from 'vitest';
import {
  ClusterMachineStage,
  clusterMachineStageName,
  isStage,
  isTeardownStage,
} from './cluster-machine-stage.js';
import { clusterPhaseName } from './cluster-phase.js';
import { isRequestStage, machineRequestStageName } from './machine-request-stage.js';

describe('ClusterMachineStage', () => {
  it('maps the non-sequential protobuf numbers', () => {
    expect(ClusterMachineStage[5]).toBe('DESTROYING');
    expect(ClusterMachineStage[9]).toBe('BEFORE_DESTROY');
    expect(clusterMachineStageName(4)).toBe('RUNNING');
    expect(clusterMachineStageName(42)).toBe('UNRECOGNIZED(42)');
    expect(isStage(11, 'POWERED_OFF')).toBe(true);
  });

  it.each([
    [5, true],
    [9, true],
    [4, false],
    [6, false],
  ])('stage %s is a teardown: %s', (stage, teardown) => {
    expect(isTeardownStage(stage)).toBe(teardown);
  });
});

describe('clusterPhaseName', () => {
  it('names the phase Omni prints as a number', () => {
    expect(clusterPhaseName(2)).toBe('SCALING_DOWN');
    expect(clusterPhaseName(7)).toBe('UNRECOGNIZED(7)');
  });
});

describe('MachineRequestStage', () => {
  it('names the provider’s progress', () => {
    expect(machineRequestStageName(3)).toBe('FAILED');
    expect(isRequestStage(1, 'PROVISIONING')).toBe(true);
    expect(isRequestStage(2, 'FAILED')).toBe(false);
    expect(machineRequestStageName(9)).toBe('UNRECOGNIZED(9)');
  });
});
