import { clusterMachineStageName } from '../src/omni-model/cluster-machine-stage.js';
import { formatUtc } from '../src/procedures/format-utc.js';
import type { FakeOmniState } from '../test/fakes/omnictl/fake-omni.js';
import type { SimulatorView } from './demo-types.js';

const CLUSTERS = 'Clusters.omni.sidero.dev';

// What the page shows beside the channels: the simulator's own state, not what the bot believes.
export function summariseSimulator(state: FakeOmniState): SimulatorView {
  return {
    provider: {
      id: state.provider.id,
      connected: state.provider.connected,
      keyExpiredAt: state.provider.keyExpiredAt,
      keyExpiryShown: formatUtc(state.provider.keyExpiredAt),
      keyRenewals: state.provider.keyRenewals,
    },
    auth: state.auth,
    clusters: (state.resources[CLUSTERS] ?? []).map((c) => c.metadata.id),
    machines: state.machines.map((m) => ({
      id: m.uuid,
      hostname: m.nodeName,
      cluster: m.cluster,
      role: m.role,
      stage: m.cluster === null ? 'not in a cluster' : clusterMachineStageName(m.stage),
      connected: m.connected,
      phase: m.clusterMachinePhase,
    })),
  };
}
