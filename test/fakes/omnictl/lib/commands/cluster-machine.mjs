// `cluster machine delete <id>` (v1.10: `--force` tears down the machine's Link; without it the
// command waits for the ClusterMachine to go, which never happens for an unreachable machine).

import { readSync } from 'node:fs';
import { machineByUuid, removeMachine } from '../cascade.mjs';
import { CliError, notFoundError } from '../cli-error.mjs';
import { sleep, sleepSync } from '../context.mjs';
import { parseGoDuration } from '../go-duration.mjs';
import { bumpRev } from '../machine-record.mjs';

const CM = 'ClusterMachines.omni.sidero.dev';

/** Reads one answer line from stdin; null on EOF. */
function readAnswer() {
  const buf = Buffer.alloc(1);
  let line = '';
  for (;;) {
    let n;
    try {
      n = readSync(0, buf, 0, 1, null);
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code === 'EAGAIN') {
        sleepSync(10);
        continue;
      }
      if (code === 'EOF') return null;
      throw error;
    }
    if (n === 0) return line === '' ? null : line;
    const ch = buf.toString('utf8', 0, 1);
    if (ch === '\n') return line;
    line += ch;
  }
}

const machineDeleteCommand = {
  flags: {
    force: { short: 'f' },
    'yes-i-am-really-sure': { short: 'y' },
    'force-etcd-leave': {},
    timeout: { short: 't', value: true, default: '5m' },
  },
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  async run(ctx) {
    const [id] = ctx.positional;
    const timeoutMs = parseGoDuration(String(ctx.flags.timeout), 'timeout');
    if (!ctx.flags['yes-i-am-really-sure']) {
      ctx.err('Do you want to continue? (y/N): ');
      const answer = readAnswer();
      if (answer === null) throw new CliError('failed to read user input: EOF');
      if (!/^y(es)?$/i.test(answer.trim())) return 0;
    }
    const rec = machineByUuid(ctx.state, id);
    if (!rec || rec.clusterMachinePhase === null) throw notFoundError(CM, 'default', id);
    if (ctx.flags.force) {
      ctx.err(`teardown Links.omni.sidero.dev ${id}\n\n`);
      ctx.mutate((s) => removeMachine(s, id));
    } else {
      // A reachable node is reset and leaves the cluster; an unreachable one keeps its finalizers.
      ctx.mutate((s, now) => {
        const r = machineByUuid(s, id);
        if (!r || r.clusterMachinePhase === null) return false;
        if (r.connected) Object.assign(r, { clusterMachinePhase: null, cluster: null, machineSet: null });
        else r.clusterMachinePhase = 'tearingDown';
        bumpRev(r, ['clusterMachine', 'machineStatus'], now);
        return true;
      });
    }
    ctx.err(`wait until ${CM} ${id} is destroyed\n`);
    const deadline = Date.now() + timeoutMs;
    while (machineByUuid(ctx.state, id)?.clusterMachinePhase) {
      if (Date.now() >= deadline) throw new CliError('context deadline exceeded');
      await sleep(100);
      ctx.refresh();
    }
    ctx.err(`${CM} ${id} is destroyed\n`);
    return 0;
  },
};

/** `cluster machine lock|unlock`: only the message; locking is not modelled. */
const lockCommand = (locked) => ({
  flags: {},
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  run(ctx) {
    const [id] = ctx.positional;
    if (!machineByUuid(ctx.state, id)) throw notFoundError('MachineSetNodes.omni.sidero.dev', 'default', id);
    ctx.err(`machine "${id}" lock status: ${locked}\n`);
    return 0;
  },
});

export const machineCommands = {
  delete: machineDeleteCommand,
  lock: lockCommand(true),
  unlock: lockCommand(false),
};
