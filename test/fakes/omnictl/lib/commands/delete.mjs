// `omnictl delete <type> [<id>...]` as of v1.9+: one TeardownAndDestroy per resource, progress
// on stderr, missing IDs silently fine, read-only types refused by the server.

import { machineByRequest, removeMachine, startTeardown } from '../cascade.mjs';
import { CliError, insufficientRoleError, readOnlyError } from '../cli-error.mjs';
import { sleep } from '../context.mjs';
import { bumpRev } from '../machine-record.mjs';
import { removeStored } from '../resources.mjs';
import { tearDownCluster } from '../template/plan-sync.mjs';
import { resolveType } from '../types.mjs';
import { selectResources } from './select-resources.mjs';

const POLL_MS = 100;

export const deleteCommand = {
  flags: { namespace: { short: 'n', value: true }, all: {}, selector: { short: 'l', value: true } },
  args: [1, Number.POSITIVE_INFINITY],
  api: true,
  /** @param {any} ctx */
  async run(ctx) {
    const [typeArg, ...ids] = ctx.positional;
    const def = resolveType(typeArg);
    if (ids.length === 0 && !ctx.flags.all && !ctx.flags.selector) {
      throw new CliError('either resource ID or one of --all or --selector flags must be specified');
    }
    const targets =
      ids.length > 0
        ? ids
        : selectResources(ctx.state, def, {
            namespace: ctx.flags.namespace,
            selector: ctx.flags.selector,
          }).map((r) => r.metadata.id);
    if (targets.length === 0) return 0;
    checkAccess(ctx.state, def);
    for (const id of targets) {
      if (await destroyOne(ctx, def, id)) ctx.err(`destroyed ${def.fullType} ${id}\n`);
    }
    return 0;
  },
};

function checkAccess(state, def) {
  if (def.access === 'read-only') throw readOnlyError();
  if (def.access === 'infra-read-only') {
    throw new CliError(
      `rpc error: code = PermissionDenied desc = users are not allowed to modify "${def.fullType}" resources`,
    );
  }
  if (state.account.role === 'Reader') throw insufficientRoleError('Reader');
}

/** @returns {Promise<boolean>} whether something was destroyed (missing IDs print nothing) */
async function destroyOne(ctx, def, id) {
  switch (def.fullType) {
    case 'Links.omni.sidero.dev':
      return ctx.mutate((s) => removeMachine(s, id));
    case 'MachineRequests.omni.sidero.dev':
      return destroyMachineRequest(ctx, id);
    case 'Clusters.omni.sidero.dev':
      return ctx.mutate((s, now) => tearDownCluster(s, id, now).destroy.flat().length > 0);
    default:
      if (def.source !== 'stored') return false;
      return ctx.mutate((s, now) => {
        const removed = removeStored(s, def.fullType, (r) => r.metadata.id === id) > 0;
        if (removed && def.fullType === 'MachineSets.omni.sidero.dev') {
          for (const rec of s.machines) if (rec.machineSet === id) startTeardown(s, rec, now);
        }
        return removed;
      });
  }
}

/**
 * The provider's finalizer holds a MachineRequest until the provider deprovisions it: with the
 * provider down the request stays tearingDown and the command blocks, as the real one does.
 */
async function destroyMachineRequest(ctx, id) {
  const exists = ctx.mutate((s, now) => {
    const rec = machineByRequest(s, id);
    if (!rec) return false;
    if (s.provider.connected) return removeMachine(s, rec.uuid);
    if (rec.machineRequestPhase !== 'tearingDown') {
      rec.machineRequestPhase = 'tearingDown';
      bumpRev(rec, ['machineRequest'], now);
    }
    return true;
  });
  if (!exists) return false;
  while (machineByRequest(ctx.state, id)) {
    await sleep(POLL_MS);
    ctx.refresh();
    if (ctx.state.provider.connected) ctx.reconcileIfNeeded();
  }
  return true;
}
