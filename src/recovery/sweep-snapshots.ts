import type { Logger } from 'pino';
import type { Store } from '../store/create-store.js';
import { sweepTemplateSnapshots } from '../templates/sweep-template-snapshots.js';

// A week after its last use a snapshot goes, unless a request that may still run reads it.
export const SNAPSHOT_KEEP_MS = 7 * 24 * 60 * 60_000;

// The template snapshots of open requests, and of interrupted ones (Resume runs from them), stay; old unused ones are removed so the directory does
// not grow without bound.
export async function sweepSnapshots(deps: {
  store: Store;
  clock: () => Date;
  logger: Logger;
  snapshotsDir: string;
  keepMs?: number;
}): Promise<string[]> {
  const inUse = new Set(
    // An interrupted request may still be resumed, from the same snapshot.
    [...(await deps.store.requests.open()), ...(await deps.store.requests.interrupted())]
      .map((r) => r.plan.templateSnapshot?.hash)
      .filter((hash): hash is string => hash !== undefined),
  );
  const removed = await sweepTemplateSnapshots({
    snapshotsDir: deps.snapshotsDir,
    inUse,
    now: deps.clock(),
    keepMs: deps.keepMs ?? SNAPSHOT_KEEP_MS,
  });
  if (removed.length > 0) deps.logger.info({ removed }, 'old template snapshots removed');
  return removed;
}
