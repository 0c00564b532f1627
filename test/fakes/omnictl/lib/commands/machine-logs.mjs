// `machine-logs <id>`: the Talos log of a machine whose patches set a forbidden node label (the
// fixture lines, for w2 and any machine marked like it); empty for every other machine.

import { machineByUuid } from '../cascade.mjs';
import { CliError } from '../cli-error.mjs';
import { forbiddenLabelsFor } from '../node-labels.mjs';
import { readFixture } from '../scenarios/fixtures.mjs';
import { stopGracefullyOnSignal } from '../signals.mjs';

const FIXTURE_NODE = 'talos-prod-workers-k9tx4b';
const FIXTURE_LABEL = 'node-role.kubernetes.io/worker';

function logLines(format, rec, labels) {
  const file =
    format === 'dmesg'
      ? 'machine-logs.nodelabels.dmesg.stdout.txt'
      : 'machine-logs.nodelabels.raw.stdout.txt';
  return readFixture(file)
    .replaceAll(FIXTURE_NODE, rec.nodeName)
    .replaceAll(FIXTURE_LABEL, labels.join(', '))
    .split('\n')
    .filter((line) => line !== '');
}

export const machineLogsCommand = {
  flags: {
    follow: { short: 'f' },
    tail: { value: true, default: '-1' },
    'log-format': { value: true, default: 'raw' },
  },
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  async run(ctx) {
    const format = ctx.flags['log-format'];
    if (!['raw', 'omni', 'dmesg'].includes(format)) throw new CliError(`unknown log format: "${format}"`);
    const rec = machineByUuid(ctx.state, ctx.positional[0]);
    const labels = rec?.nodeLabelConflict ? forbiddenLabelsFor(ctx.state, rec) : [];
    let lines = rec && labels.length > 0 ? logLines(format, rec, labels) : [];
    const tail = Number(ctx.flags.tail);
    if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
    ctx.out(lines.map((line) => `${line}\n`).join(''));
    if (ctx.flags.follow) {
      // Following streams until interrupted; the fake has nothing more to say.
      await new Promise((resolve) => stopGracefullyOnSignal(() => resolve(undefined)));
    }
    return 0;
  },
};
