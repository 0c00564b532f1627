import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServiceAccountKeys } from './service-account-keys.js';

describe('parseServiceAccountKeys', () => {
  it('reads every key with its account and expiry from the fixture', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/omni/serviceaccount-list.stdout.txt', import.meta.url),
      'utf8',
    );

    expect(parseServiceAccountKeys(text)).toEqual([
      {
        account: 'infra-provider:proxmox',
        publicKeyId: '7c1e0b5d9a3f46e28d0c4b71a95f3e2d6b8a0c14',
        expiresAt: '2026-08-20T08:14:55Z',
      },
      {
        account: 'omni-chatops',
        publicKeyId: 'e93b27f1c40d5a68b1f2e7c9034d8a56f1b2c3d4',
        expiresAt: '2027-03-02T11:20:07Z',
      },
    ]);
  });

  it('attributes continuation rows to the account above them', () => {
    const text = [
      'NAME   ROLE   LAST ACTIVE   PUBLIC KEY ID   KEY CREATED   KEY LAST ACTIVE   EXPIRATION',
      'ip:x   Admin  Never         aaa             2025-01-01    Never             2026-01-01T00:00:00Z',
      '                            bbb             2026-01-01    Never             2027-01-01T00:00:00Z',
    ].join('\n');

    expect(parseServiceAccountKeys(text).map((k) => [k.account, k.publicKeyId])).toEqual([
      ['ip:x', 'aaa'],
      ['ip:x', 'bbb'],
    ]);
  });
});
