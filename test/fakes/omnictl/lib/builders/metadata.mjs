// Resource metadata in the shape `get -o json|yaml` shows after omnictl's YAML round trip:
// cosi field order, empty owner and empty label values as null, labels/annotations sorted.

const sortKeys = (obj) =>
  Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * @param {{
 *   namespace: string, type: string, id: string, version: number, owner?: string | null,
 *   phase?: string, created: string, updated: string,
 *   labels?: Record<string, unknown>, annotations?: Record<string, unknown>, finalizers?: string[],
 * }} md
 */
export function buildMetadata(md) {
  /** @type {Record<string, unknown>} */
  const out = {
    namespace: md.namespace,
    type: md.type,
    id: md.id,
    version: md.version,
    owner: md.owner || null,
    phase: md.phase ?? 'running',
    created: md.created,
    updated: md.updated,
  };
  if (md.labels && Object.keys(md.labels).length > 0) out.labels = sortKeys(md.labels);
  if (md.annotations && Object.keys(md.annotations).length > 0) out.annotations = sortKeys(md.annotations);
  if (md.finalizers && md.finalizers.length > 0) out.finalizers = [...md.finalizers];
  return out;
}

/** Label values as the YAML round trip types them: "" → null, "8" → 8. */
export function roundTripLabel(value) {
  if (value === '' || value === null || value === undefined) return null;
  if (/^(0|[1-9][0-9]*)$/.test(String(value))) return Number(value);
  return value;
}

/** The role label a machine set member carries. */
export const roleLabel = (role) =>
  role === 'controlplane' ? 'omni.sidero.dev/role-controlplane' : 'omni.sidero.dev/role-worker';

/** RFC 3339 at second precision, as cosi prints timestamps. */
export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
