// `infraprovider list|renewkey` (client/pkg/omnictl/infraprovider.go).

import { createHash } from 'node:crypto';
import { CliError, insufficientRoleError } from '../cli-error.mjs';
import { renderTable } from '../render-table.mjs';

const listCommand = {
  flags: {},
  args: [0, 0],
  api: true,
  /** @param {any} ctx */
  run(ctx) {
    const statuses = [...(ctx.state.resources['InfraProviderCombinedStatuses.omni.sidero.dev'] ?? [])].sort(
      (a, b) => (a.metadata.id < b.metadata.id ? -1 : 1),
    );
    const rows = statuses.map((r) => [
      r.metadata.id,
      r.spec.name,
      r.spec.version,
      r.spec.description,
      String(r.spec.health.connected),
      r.spec.health.error,
    ]);
    ctx.out(renderTable([['ID', 'NAME', 'VERSION', 'DESCRIPTION', 'CONNECTED', 'ERROR'], ...rows], 4));
    return 0;
  },
};

/** omnictl url.Parses the endpoint and prints it with its port. */
function endpointWithPort(endpoint) {
  try {
    const url = new URL(endpoint);
    if (url.port !== '') return endpoint;
    const port = url.protocol === 'http:' ? 80 : 443;
    return `${url.protocol}//${url.hostname}:${port}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return endpoint;
  }
}

/** A service-account key as omnictl prints it: base64 of {"name","pgp_key"} (fake key material). */
function fakeKey(account) {
  const pgp =
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nFAKE-KEY-FOR-TESTS-ONLY\n-----END PGP PRIVATE KEY BLOCK-----\n';
  return Buffer.from(JSON.stringify({ name: account, pgp_key: pgp })).toString('base64');
}

const FIRST_RENEWED_KEY_ID = '4f0a9d2c61b8e37a05c94d1e8b27f6a3c0d95e41';

const renewKeyCommand = {
  flags: { ttl: { short: 't', value: true, default: '8760h0m0s' } },
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  run(ctx) {
    const [name] = ctx.positional;
    const account = `infra-provider:${name}`;
    if (ctx.state.account.role !== 'Admin') throw insufficientRoleError(ctx.state.account.role);
    const keyId = ctx.mutate((s, now) => {
      const sa = s.serviceAccounts.find((x) => x.name === account);
      if (!sa) return null;
      const id =
        s.provider.keyRenewals === 0
          ? FIRST_RENEWED_KEY_ID
          : createHash('sha1').update(`${account}/${s.provider.keyRenewals}`).digest('hex');
      const expiration = new Date(Date.parse(now) + 365 * 24 * 3600 * 1000)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      sa.keys.push({ id, created: now, lastActive: 'Never', expiration });
      if (name === s.provider.id) {
        s.provider.keyRenewals += 1;
        s.provider.lastKeyId = id;
      }
      return id;
    });
    if (!keyId)
      throw new CliError(`rpc error: code = NotFound desc = service account "${account}" not found`);
    ctx.out(
      [
        `Renewed service account "${account}" by adding a public key with ID "${keyId}"`,
        '',
        'Set the following environment variables to use the service account:',
        `OMNI_ENDPOINT=${endpointWithPort(ctx.env.OMNI_ENDPOINT)}`,
        `OMNI_SERVICE_ACCOUNT_KEY=${fakeKey(account)}`,
        '',
        'Note: Store the service account key securely, it will not be displayed again',
        '',
      ].join('\n'),
    );
    return 0;
  },
};

export const infraproviderCommands = { list: listCommand, renewkey: renewKeyCommand };
