import { describe, expect, it } from 'vitest';
import { pastTense } from './past-tense.js';

describe('pastTense', () => {
  it.each([
    [
      'talos-prod-workers-p7nz2d in talos-prod is stuck tearing down (stage DESTROYING)',
      'talos-prod-workers-p7nz2d in talos-prod was stuck tearing down (stage DESTROYING)',
    ],
    [
      'Cluster talos-prod is not ready (phase SCALING_UP, 5/6)',
      'Cluster talos-prod was not ready (phase SCALING_UP, 5/6)',
    ],
    [
      'Infra provider proxmox is disconnected; its key has expired',
      'Infra provider proxmox was disconnected; its key had expired',
    ],
    [
      'Infra provider proxmox is connected, but its key expires soon (2026-08-29T00:00:00Z)',
      'Infra provider proxmox was connected, but its key was about to expire (2026-08-29T00:00:00Z)',
    ],
    [
      'w2 in talos-prod: NodeRestriction rejects its labels a, b',
      'w2 in talos-prod: NodeRestriction rejected its labels a, b',
    ],
    [
      'The watcher cannot read Omni (auth): the key is expired',
      'The watcher could not read Omni (auth): the key is expired',
    ],
    ['Machine request r1 failed: quota is exceeded', 'Machine request r1 failed: quota is exceeded'],
  ])('%s', (now, past) => {
    expect(pastTense(now)).toBe(past);
  });
});
