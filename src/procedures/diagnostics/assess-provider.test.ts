import { describe, expect, it } from 'vitest';
import { assessProvider, type ProviderFacts } from './assess-provider.js';

const now = new Date('2026-08-22T09:30:00Z');
const base: ProviderFacts = {
  id: 'proxmox',
  found: true,
  connected: true,
  error: '',
  lastHeartbeat: '2026-08-22T09:29:40Z',
  keyExpiresAt: '2027-08-20T08:14:55Z',
  keyExpiryKnown: true,
};

describe('assessProvider', () => {
  it('has nothing to say about a healthy provider', () => {
    expect(assessProvider(base, now)).toMatchObject({
      heartbeatAgeMs: 20_000,
      keyProblem: undefined,
      hints: [],
    });
  });

  it.each([
    [
      'an expiry in the past',
      { connected: false, keyExpiresAt: '2026-08-20T08:14:55Z' },
      'expired',
      /has expired \(2026-08-20 08:14 UTC\)/,
    ],
    [
      'a signing error',
      { connected: false, error: 'failed to sign message: … no valid signing keys' },
      'expired',
      /has expired/,
    ],
    [
      'an invalid signature',
      { connected: false, error: 'rpc error: code = Unauthenticated desc = invalid signature' },
      'rejected',
      /rejects/,
    ],
    ['an expiry in a week', { keyExpiresAt: '2026-08-29T00:00:00Z' }, 'expiring', /expires on 2026-08-29/],
  ] as const)('spots %s', (_name, change, problem, hint) => {
    const assessment = assessProvider({ ...base, ...change }, now);

    expect(assessment.keyProblem).toBe(problem);
    expect(assessment.hints.join('\n')).toMatch(hint);
  });

  it('suggests a restart for a silent provider with a good key', () => {
    const assessment = assessProvider(
      { ...base, connected: false, lastHeartbeat: '2026-08-22T08:00:00Z' },
      now,
    );

    expect(assessment.hints).toEqual([expect.stringContaining('/omni restart-provider')]);
  });

  it('says when the key expiry cannot be known', () => {
    const assessment = assessProvider({ ...base, keyExpiresAt: undefined, keyExpiryKnown: false }, now);

    expect(assessment.hints).toEqual([expect.stringContaining('Admin role')]);
  });
});
