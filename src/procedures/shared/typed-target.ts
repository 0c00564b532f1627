import { PROCEDURES } from '../registry.js';
import type { ClusterTarget, MachineTarget, ProviderTarget, Target } from './plan.js';

// A target as plans stored before targets had a kind wrote it: every kind in a machine's shape.
type StoredTarget = Partial<Omit<MachineTarget, 'kind'>> & { kind?: string } & Record<string, unknown>;

// Which procedures act on what, from their definitions.
const procedureNames = (kind: Target['kind']) =>
  new Set<string>(PROCEDURES.filter((p) => p.targets === kind).map((p) => p.name));
const PROVIDER_PROCEDURES = procedureNames('provider');
const CLUSTER_PROCEDURES = procedureNames('cluster');

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/**
 * The target with its kind. Plans are stored as JSON in SQLite, and those written before targets
 * were typed (a pending card is re-drawn at each approval, a closed one at expiry) carry every
 * target in a machine's shape: their kind is read from the procedure, or from the role those
 * plans wrote ("infra provider", "whole cluster", "cluster template").
 */
export function typedTarget(procedure: string, stored: Target | StoredTarget): Target {
  const t = stored as StoredTarget;
  if (t.kind === 'machine' || t.kind === 'cluster' || t.kind === 'provider') return stored as Target;
  const id = text(t.id, '?');
  if (PROVIDER_PROCEDURES.has(procedure) || t.role === 'infra provider') {
    const heartbeat = /^last heartbeat (.+)$/.exec(text(t.phase))?.[1];
    return {
      kind: 'provider',
      id,
      name: text(t.hostname, id),
      connected: t.connected === true,
      lastHeartbeat: heartbeat ?? null,
    } satisfies ProviderTarget;
  }
  if (CLUSTER_PROCEDURES.has(procedure) || t.role === 'whole cluster' || t.role === 'cluster template') {
    const change = text(t.phase);
    return {
      kind: 'cluster',
      id,
      template: text(t.hostname, 'unknown template'),
      state: text(t.stageName, 'unknown'),
      ...(change && change !== 'template' ? { change } : {}),
    } satisfies ClusterTarget;
  }
  return {
    kind: 'machine',
    id,
    hostname: text(t.hostname, id),
    cluster: text(t.cluster, 'unknown cluster'),
    role: text(t.role, 'unknown role'),
    stageName: text(t.stageName, 'unknown'),
    phase: text(t.phase, 'unknown'),
    finalizers: Array.isArray(t.finalizers) ? t.finalizers.map(String) : [],
    connected: t.connected === true,
  };
}
