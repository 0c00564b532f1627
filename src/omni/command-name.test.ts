import { describe, expect, it } from 'vitest';
import { commandName } from './command-name.js';

describe('commandName', () => {
  it.each([
    [['get', 'machines', '-o', 'json'], 'get machines'],
    [['get', 'machines', '3f6a1c2e-8b47-4d2a-9e51-7c0d4b8a2f13', '-o', 'json'], 'get machines'],
    [['delete', 'links', 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82'], 'delete links'],
    [['cluster', 'template', 'sync', '-f', 'cluster.yaml'], 'cluster template sync'],
    [
      ['cluster', 'machine', 'delete', 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82', '--force', '-y'],
      'cluster machine delete',
    ],
    [['cluster', 'status', 'talos-prod', '--wait', '0'], 'cluster status'],
    [['infraprovider', 'renewkey', 'proxmox'], 'infraprovider renewkey'],
    [['--version'], '--version'],
    [[], ''],
  ])('%j → %s', (args, expected) => {
    expect(commandName(args)).toBe(expected);
  });
});
