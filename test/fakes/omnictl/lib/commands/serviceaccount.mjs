// `serviceaccount list` (Admin only): one row per public key, continuation rows without the
// account's own cells.

import { insufficientRoleError } from '../cli-error.mjs';
import { renderTable } from '../render-table.mjs';

const listCommand = {
  flags: {},
  args: [0, 0],
  api: true,
  /** @param {any} ctx */
  run(ctx) {
    if (ctx.state.account.role !== 'Admin') throw insufficientRoleError(ctx.state.account.role);
    const header = [
      'NAME',
      'ROLE',
      'LAST ACTIVE',
      'PUBLIC KEY ID',
      'KEY CREATED',
      'KEY LAST ACTIVE',
      'EXPIRATION',
    ];
    const accounts = [...ctx.state.serviceAccounts].sort((a, b) => (a.name < b.name ? -1 : 1));
    const rows = accounts.flatMap((sa) =>
      sa.keys.map((key, i) => [
        ...(i === 0 ? [sa.name, sa.role, sa.lastActive] : ['', '', '']),
        key.id,
        key.created,
        key.lastActive,
        key.expiration,
      ]),
    );
    ctx.out(renderTable([header, ...rows]));
    return 0;
  },
};

export const serviceaccountCommands = { list: listCommand };
