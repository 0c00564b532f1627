import { describe, expect, it } from 'vitest';
import { COMMANDS } from './command-catalogue.js';
import { nearestSubcommand } from './nearest-subcommand.js';

const NAMES = COMMANDS.map((c) => c.name);

describe('nearestSubcommand', () => {
  it.each([
    ['stuck-machine', 'stuck-machines'],
    ['stuckmachines', 'stuck-machines'],
    ['stuck', 'stuck-machines'],
    ['Stuck-Machines', 'stuck-machines'],
    ['reboot', 'reboot-loop'],
    ['provider-stauts', 'provider-status'],
    ['histroy', 'history'],
    ['recover-cluser', 'recover-cluster'],
  ])('%s → %s', (typed, meant) => {
    expect(nearestSubcommand(typed, NAMES)).toBe(meant);
  });

  it.each(['frobnicate', 'x', 'de', 'delete'])('suggests nothing for %s', (typed) => {
    expect(nearestSubcommand(typed, NAMES)).toBeUndefined();
  });
});
