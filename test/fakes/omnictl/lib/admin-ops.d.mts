import type { FakeOmniState } from './state-types.d.mts';

export function changeState(
  statePath: string,
  fn: (state: FakeOmniState, now: string) => void,
): FakeOmniState;
export function setProviderConnected(statePath: string, connected: boolean): FakeOmniState;
