// The fixture scenario (test/fixtures/omni/README.md): cluster talos-prod, w2 hit by the
// forbidden node-role label of the template, w3 stuck DESTROYING/unreachable after its VM was
// deleted, the provider's key expired so the provider is disconnected. Seeded from the
// fixture JSON so `get X -o json` reproduces `get-X.json`.

import { buildCluster, buildClusterStatus } from '../builders/cluster-resources.mjs';
import { buildCombinedStatus, buildHealthStatus } from '../builders/provider-resources.mjs';
import { loadTemplate } from '../template/load-template.mjs';
import { applyPlan, planSync } from '../template/plan-sync.mjs';
import { baseState } from './base-state.mjs';
import { FIXTURE_DIR, readFixture, readJsonStream } from './fixtures.mjs';

const rev = (r) => /** @type {[number, string]} */ ([r.metadata.version, r.metadata.updated]);

function machineRecords() {
  const scenario = JSON.parse(readFixture('scenario.json'));
  const index = (name) => new Map(readJsonStream(name).map((r) => [r.metadata.id, r]));
  const statuses = index('get-machinestatus.json');
  const clusterMachines = index('get-clustermachines.json');
  const cmStatuses = index('get-clustermachinestatus.json');
  const links = index('get-links.json');
  const requests = index('get-machinerequests.json');
  const requestStatuses = index('get-machinerequeststatuses.json');
  const setClass = {
    [scenario.cluster.machineSets.controlPlane]: scenario.cluster.machineClasses.controlPlane,
    [scenario.cluster.machineSets.workers]: scenario.cluster.machineClasses.workers,
  };
  return readJsonStream('get-machines.json').map((m) => {
    const id = m.metadata.id;
    const ms = statuses.get(id);
    const cm = clusterMachines.get(id);
    const cms = cmStatuses.get(id);
    const request = m.metadata.labels['omni.sidero.dev/machine-request'];
    const mr = requests.get(request);
    const machineSet = cm.metadata.labels['omni.sidero.dev/machine-set'];
    const hw = ms.spec.hardware;
    return {
      uuid: id,
      cluster: ms.spec.cluster,
      machineSet,
      machineClass: setClass[machineSet] ?? null,
      role: ms.spec.role === 1 ? 'controlplane' : 'worker',
      provider: m.metadata.labels['omni.sidero.dev/infra-provider-id'],
      requestSet: m.metadata.labels['omni.sidero.dev/machine-request-set'],
      request,
      nodeName: ms.spec.network.hostname,
      siderolinkAddress: m.spec.managementaddress,
      lanAddress: ms.spec.network.addresses[0].replace(/\/\d+$/, ''),
      mac: ms.spec.network.networklinks[0].hardwareaddress,
      lastEndpoint: links.get(id).spec.lastendpoint,
      publicKey: links.get(id).spec.nodepublickey,
      hardware: {
        cores: hw.processors[0].corecount,
        memoryMb: hw.memorymodules[0].sizemb,
        diskGb: hw.blockdevices[0].size / 1024 ** 3,
      },
      talosVersion: mr.spec.talosversion,
      kubernetesVersion: cm.spec.kubernetes_version,
      connected: m.spec.connected,
      ready: cms.spec.ready,
      stage: cms.spec.stage,
      clusterMachinePhase: cm.metadata.phase,
      machineRequestPhase: mr.metadata.phase,
      nodeLabelConflict: scenario.machines.find((x) => x.uuid === id)?.alias === 'w2',
      created: m.metadata.created,
      rev: {
        machine: rev(m),
        machineStatus: rev(ms),
        clusterMachine: rev(cm),
        clusterMachineStatus: rev(cms),
        link: rev(links.get(id)),
        machineRequest: rev(mr),
        machineRequestStatus: rev(requestStatuses.get(request)),
      },
    };
  });
}

function clusterResources() {
  const [c] = readJsonStream('get-cluster-talos-prod.json');
  const [s] = readJsonStream('get-clusterstatus-talos-prod.json');
  const md = (r) => ({
    id: r.metadata.id,
    version: r.metadata.version,
    created: r.metadata.created,
    updated: r.metadata.updated,
  });
  const cluster = buildCluster(
    { ...md(c), finalizers: c.metadata.finalizers },
    {
      kubernetesVersion: c.spec.kubernetesversion,
      talosVersion: c.spec.talosversion,
      features: c.spec.features,
    },
  );
  const m = s.spec.machines;
  const status = buildClusterStatus(
    { ...md(s), clusterUuid: s.metadata.labels['omni.sidero.dev/cluster-uuid'] },
    {
      ...m,
      available: s.spec.available,
      phase: s.spec.phase,
      ready: s.spec.ready,
      kubernetesApiReady: s.spec.kubernetesapiready,
      controlPlaneReady: s.spec.controlplaneready,
      hasConnectedControlPlanes: s.spec.hasconnectedcontrolplanes,
      talosVersion: s.spec.talosversion,
      kubernetesVersion: s.spec.kubernetesversion,
      initialTalosVersion: s.spec.initialtalosversion,
    },
  );
  return { cluster, status };
}

function providerResources() {
  const [p] = readJsonStream('get-infraprovidercombinedstatus.json');
  const combined = buildCombinedStatus(
    {
      id: p.metadata.id,
      version: p.metadata.version,
      created: p.metadata.created,
      updated: p.metadata.updated,
    },
    {
      name: p.spec.name,
      description: p.spec.description,
      icon: p.spec.icon,
      connected: p.spec.health.connected,
    },
  );
  // Values of get-infraproviderhealthstatus.table.txt: the last heartbeat before the key expired.
  const health = buildHealthStatus(
    { id: 'proxmox', version: 2881, created: '2026-08-19T03:12:40Z', updated: '2026-08-20T08:14:31Z' },
    { seconds: 1787213671, nanos: 412734000 },
  );
  return { combined, health };
}

export const TALOS_PROD_TEMPLATE = `${FIXTURE_DIR}cluster-template.example.yaml`;
export const FIXED_TEMPLATE = `${FIXTURE_DIR}cluster-template.fixed.yaml`;

/** MachineSets and ConfigPatches as the template created them on 2026-07-14. */
function seedTemplateResources(state, cluster, templateText) {
  const plan = planSync(state, loadTemplate(templateText, TALOS_PROD_TEMPLATE), cluster.metadata.created);
  applyPlan(state, plan, cluster.metadata.created);
  const patch = state.resources['ConfigPatches.omni.sidero.dev'].find((r) =>
    r.metadata.id.endsWith('-worker-labels'),
  );
  // The worker-labels patch was edited later: the day the cluster was last updated.
  patch.metadata.version = 2;
  patch.metadata.updated = cluster.metadata.updated;
}

export function talosProdState() {
  const state = baseState();
  const { cluster, status } = clusterResources();
  const { combined, health } = providerResources();
  state.provider.connected = false;
  state.machines = machineRecords();
  state.resources['Clusters.omni.sidero.dev'] = [cluster];
  state.resources['ClusterStatuses.omni.sidero.dev'] = [status];
  state.resources['InfraProviderCombinedStatuses.omni.sidero.dev'] = [combined];
  state.resources['InfraProviderHealthStatuses.omni.sidero.dev'] = [health];
  const templateText = readFixture('cluster-template.example.yaml');
  seedTemplateResources(state, cluster, templateText);
  state.templates['talos-prod'] = templateText;
  return state;
}
