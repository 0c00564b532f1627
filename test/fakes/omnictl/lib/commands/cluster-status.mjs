// `cluster status NAME` and `cluster template status -f FILE`: print the status tree once (the
// fake never really waits): healthy → exit 0; otherwise `cluster is not healthy` with --wait 0,
// `context deadline exceeded` with a wait. With --wait 0 and no such cluster the real command
// waits forever for a ClusterStatus; so does the fake (polling the state).

import { CliError } from '../cli-error.mjs';
import { sleep } from '../context.mjs';
import { parseGoDuration } from '../go-duration.mjs';
import { statusTree } from '../status-tree.mjs';

export const STATUS_FLAGS = { wait: { short: 'w', value: true, default: '5m' }, quiet: { short: 'q' } };

/** @param {any} ctx @param {string} clusterName */
export async function printClusterStatus(ctx, clusterName) {
  const waitMs = parseGoDuration(String(ctx.flags.wait), 'wait');
  let tree = statusTree(ctx.state, clusterName);
  if (!tree && waitMs > 0) throw new CliError('context deadline exceeded');
  while (!tree) {
    await sleep(100);
    tree = statusTree(ctx.refresh(), clusterName);
  }
  if (!ctx.flags.quiet) ctx.out(tree.lines.map((line) => `${line}\n`).join(''));
  if (tree.healthy) return 0;
  throw new CliError(waitMs === 0 ? 'cluster is not healthy' : 'context deadline exceeded');
}

export const clusterStatusCommand = {
  flags: STATUS_FLAGS,
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  run: (ctx) => printClusterStatus(ctx, ctx.positional[0]),
};
