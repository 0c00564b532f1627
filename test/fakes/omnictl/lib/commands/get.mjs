// `omnictl get <type> [<id>]` (client/pkg/omnictl/get.go).

import { advanceCountdowns } from '../cascade.mjs';
import { parseOutputFormat, renderResources } from '../render-resources.mjs';
import { resolveType } from '../types.mjs';
import { getOne, rejectIdWithQuery, selectResources } from './select-resources.mjs';

export const getCommand = {
  flags: {
    output: { short: 'o', value: true, default: 'table' },
    namespace: { short: 'n', value: true },
    selector: { short: 'l', value: true },
    'id-match-regexp': { value: true },
    watch: { short: 'w' },
  },
  args: [1, 2],
  api: true,
  /** @param {any} ctx */
  async run(ctx) {
    const [typeArg, id] = ctx.positional;
    const format = parseOutputFormat(ctx.flags.output);
    rejectIdWithQuery(id, ctx.flags);
    const def = resolveType(typeArg);
    const query = {
      namespace: ctx.flags.namespace,
      selector: ctx.flags.selector,
      idRegexp: ctx.flags['id-match-regexp'],
    };
    const select = (state) =>
      id === undefined ? selectResources(state, def, query) : listOrEmpty(state, def, query.namespace, id);
    if (ctx.flags.watch) return (await import('./watch.mjs')).watchResources(ctx, def, select, format);
    const items = id === undefined ? select(ctx.state) : [getOne(ctx.state, def, query.namespace, id)];
    if (format.kind === 'json') writeAsFormatted(ctx, def, items, format);
    else ctx.out(renderResources(def, items, format));
    // Teardowns and provisioning move on one step per `get`, so callers have to poll.
    if (hasCountdowns(ctx.state)) ctx.mutate((s, now) => advanceCountdowns(s, now));
    return 0;
  },
};

// omnictl writes each resource as soon as it is formatted (output/json.go WriteResource), so a
// reader of a large -o json output sees it grow while omnictl runs; written here in 64 KB batches.
function writeAsFormatted(ctx, def, items, format) {
  let pending = '';
  for (const item of items) {
    pending += renderResources(def, [item], format);
    if (pending.length < 65_536) continue;
    ctx.out(pending);
    pending = '';
  }
  if (pending) ctx.out(pending);
}

function listOrEmpty(state, def, namespace, id) {
  try {
    return [getOne(state, def, namespace, id)];
  } catch {
    return [];
  }
}

const hasCountdowns = (state) =>
  state.machines.some((rec) => rec.teardownGetsLeft != null || rec.provisionGetsLeft != null);
