import type { FakeOmniState } from './state-types.d.mts';

export function sleepSync(ms: number): void;
export function readState(path: string): FakeOmniState;
export function writeState(path: string, state: FakeOmniState): void;
export function mutateState<T>(
  path: string,
  fn: (state: FakeOmniState) => T,
): { state: FakeOmniState; result: T };
