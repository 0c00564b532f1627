// The resource selection `get` and `delete` share: type, namespace, ID, label query, ID regexp.

import { CliError, notFoundError } from '../cli-error.mjs';
import { listResources } from '../resources.mjs';
import { parseSelector } from '../selector.mjs';

/**
 * @param {any} state
 * @param {import('../types.mjs').TypeDef} def
 * @param {{namespace?: string, selector?: string, idRegexp?: string, ids?: string[]}} query
 */
export function selectResources(state, def, query) {
  const namespace = query.namespace ?? def.namespace;
  let items = listResources(state, def).filter((r) => r.metadata.namespace === namespace);
  if (query.selector) items = items.filter(parseSelector(query.selector));
  if (query.idRegexp) {
    const re = new RegExp(query.idRegexp);
    items = items.filter((r) => re.test(r.metadata.id));
  }
  return items;
}

/** `get <type> <id>`: the one resource or the backend's NotFound. */
export function getOne(state, def, namespace, id) {
  const ns = namespace ?? def.namespace;
  const found = listResources(state, def).find((r) => r.metadata.namespace === ns && r.metadata.id === id);
  if (!found) throw notFoundError(def.fullType, ns, id);
  return found;
}

export function rejectIdWithQuery(id, flags) {
  if (id === undefined) return;
  if (flags.selector) throw new CliError('cannot specify both resource ID and selector');
  if (flags['id-match-regexp']) throw new CliError('cannot specify both resource ID and ID regexp');
}
