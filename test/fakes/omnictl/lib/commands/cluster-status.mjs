// `cluster status NAME` and `cluster template status -f FILE`. With `--wait 0` the status tree is
// printed once: healthy → exit 0, otherwise `cluster is not healthy`; for a cluster that does not
// exist the real command waits forever for a ClusterStatus, and so does the fake (polling the
// state). With a wait > 0 the real command watches until the cluster is healthy or the wait runs
// out (`context deadline exceeded`); the fake polls its state as long, and each poll lets the
// "server" move on (controllers reconcile, provisioning and teardowns advance as on a `get`),
// since otherwise nothing would change while it waits. It prints the last tree it saw.

import { advanceCountdowns } from '../cascade.mjs';
import { CliError } from '../cli-error.mjs';
import { sleep } from '../context.mjs';
import { parseGoDuration } from '../go-duration.mjs';
import { statusTree } from '../status-tree.mjs';

export const STATUS_FLAGS = { wait: { short: 'w', value: true, default: '5m' }, quiet: { short: 'q' } };

/** Real time between two looks at the state while waiting: short, so tests and the playground stay quick. */
const POLL_MS = 150;

/** @param {any} ctx @param {string} clusterName */
export async function printClusterStatus(ctx, clusterName) {
  const waitMs = parseGoDuration(String(ctx.flags.wait), 'wait');
  const tree =
    waitMs === 0 ? await treeOnce(ctx, clusterName) : await treeWhenHealthy(ctx, clusterName, waitMs);
  if (tree && !ctx.flags.quiet) ctx.out(tree.lines.map((line) => `${line}\n`).join(''));
  if (tree?.healthy) return 0;
  throw new CliError(waitMs === 0 ? 'cluster is not healthy' : 'context deadline exceeded');
}

async function treeOnce(ctx, clusterName) {
  let tree = statusTree(ctx.state, clusterName);
  while (!tree) {
    await sleep(100);
    tree = statusTree(ctx.refresh(), clusterName);
  }
  return tree;
}

async function treeWhenHealthy(ctx, clusterName, waitMs) {
  const deadline = Date.now() + waitMs;
  let tree = statusTree(ctx.state, clusterName);
  while (!tree?.healthy) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(POLL_MS, left));
    // Re-read under the lock: other processes (the bot's gets, the admin steering the provider)
    // change the state meanwhile; mutate reconciles after advancing.
    ctx.mutate((s, now) => advanceCountdowns(s, now));
    tree = statusTree(ctx.state, clusterName);
  }
  return tree;
}

export const clusterStatusCommand = {
  flags: STATUS_FLAGS,
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  run: (ctx) => printClusterStatus(ctx, ctx.positional[0]),
};
