// `get --watch`: the current items as "created" events, then an event per change seen by polling
// the state file, until SIGINT/SIGTERM (exit 0). Table output flushes the bootstrap block once and
// every later event alone, so later rows are not aligned with the header (as for real).

import { statSync } from 'node:fs';
import { sleep } from '../context.mjs';
import { renderWatchEvent, tableHeader, tableRow } from '../render-resources.mjs';
import { renderTable } from '../render-table.mjs';
import { stopGracefullyOnSignal } from '../signals.mjs';

const POLL_MS = 100;
const MARKS = { created: '+', updated: ' ', destroyed: '-' };

function fileStamp(path) {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return '';
  }
}

/**
 * @param {any} ctx
 * @param {import('../types.mjs').TypeDef} def
 * @param {(state: any) => any[]} select
 * @param {{kind: string, template: string}} format
 */
export async function watchResources(ctx, def, select, format) {
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  stopGracefullyOnSignal(stop);
  let first = true;
  const emit = (events) => {
    if (events.length === 0) return;
    if (format.kind === 'table') {
      const rows = events.map(([event, r]) => [MARKS[event], ...tableRow(def, r)]);
      ctx.out(renderTable(first ? [['*', ...tableHeader(def)], ...rows] : rows));
      first = false;
      return;
    }
    for (const [event, r] of events) {
      ctx.out(renderWatchEvent(event, r, format, first));
      first = false;
    }
  };
  // Stamp first, then read: a write landing in between is seen by the first poll, not lost.
  let stamp = fileStamp(ctx.statePath);
  let known = new Map(select(ctx.refresh()).map((r) => [r.metadata.id, r]));
  emit([...known.values()].map((r) => ['created', r]));
  if (format.kind === 'table' && first) {
    ctx.out(renderTable([['*', ...tableHeader(def)]]));
    first = false;
  }
  while (!stopped) {
    await sleep(POLL_MS);
    const next = fileStamp(ctx.statePath);
    if (next === stamp || stopped) continue;
    stamp = next;
    const current = new Map(select(ctx.refresh()).map((r) => [r.metadata.id, r]));
    const ids = [...new Set([...known.keys(), ...current.keys()])].sort();
    /** @type {Array<[string, any]>} */
    const events = [];
    for (const id of ids) {
      const before = known.get(id);
      const after = current.get(id);
      if (!before) events.push(['created', after]);
      else if (!after) events.push(['destroyed', before]);
      else if (JSON.stringify(before) !== JSON.stringify(after)) events.push(['updated', after]);
    }
    for (const event of events) emit([event]);
    known = current;
  }
  return 0;
}
