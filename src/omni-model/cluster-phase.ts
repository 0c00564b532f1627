import { nameIn } from './enum-name.js';

// ClusterStatus.spec.phase in the protobuf numbering (notes §3.2).
export const ClusterPhase = {
  0: 'UNKNOWN',
  1: 'SCALING_UP',
  2: 'SCALING_DOWN',
  3: 'RUNNING',
  4: 'DESTROYING',
} as const;

export function clusterPhaseName(phase: number): string {
  return nameIn(ClusterPhase, phase);
}
