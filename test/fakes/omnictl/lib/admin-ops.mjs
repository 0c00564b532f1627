// State changes a test, the demo or a stand-in on another host make from outside omnictl. Each
// runs the fake's controllers, so e.g. a provider coming back provisions what is missing at once.

import { nowIso } from './builders/metadata.mjs';
import { reconcile } from './reconcile.mjs';
import { mutateState } from './state-store.mjs';

/** Applies `fn` to the state under the lock, then reconciles. */
export function changeState(statePath, fn) {
  return mutateState(statePath, (state) => {
    const now = nowIso();
    fn(state, now);
    reconcile(state, now);
    return true;
  }).state;
}

/** @param {string} statePath @param {boolean} connected */
export function setProviderConnected(statePath, connected) {
  return changeState(statePath, (state) => {
    state.provider.connected = connected;
  });
}
