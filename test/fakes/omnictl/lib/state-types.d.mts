// Types of the scenario state file (see README.md for what each field does).

export type Auth = 'ok' | 'expired' | 'rejected' | 'insufficient-role';
export type Role = 'Admin' | 'Operator' | 'Reader';
export type Rev = [version: number, updated: string];
export type MachineResourceKind =
  | 'machine'
  | 'machineStatus'
  | 'clusterMachine'
  | 'clusterMachineStatus'
  | 'link'
  | 'machineRequest'
  | 'machineRequestStatus';

export interface Fault {
  /** Applies when these strings appear in argv, in this order. */
  match: string[];
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  delayMs?: number;
  /** Never answers; the caller's timeout has to kill the process. */
  hang?: boolean;
  /** Prints this many bytes of `x` on stdout first (a newline after every `lineBytes`), streamed. */
  flood?: { bytes: number; lineBytes?: number };
  /** How many invocations it still applies to (absent: all). */
  times?: number;
}

/** A resource as `get -o json` shows it (metadata after omnictl's YAML round trip). */
export interface ResourceJson {
  metadata: {
    namespace: string;
    type: string;
    id: string;
    version: number;
    owner: string | null;
    phase: 'running' | 'tearingDown';
    created: string;
    updated: string;
    labels?: Record<string, string | number | null>;
    annotations?: Record<string, string | number | null>;
    finalizers?: string[];
  };
  spec: Record<string, unknown>;
}

/** One machine; its Machine, MachineStatus, Link, ClusterMachine(+Status), MachineRequest(+Status) are built from it. */
export interface MachineRecord {
  uuid: string;
  cluster: string | null;
  machineSet: string | null;
  machineClass: string | null;
  role: 'controlplane' | 'worker';
  provider: string;
  requestSet: string;
  /** MachineRequest ID = Proxmox VM name = node name; null for a machine without a request. */
  request: string | null;
  nodeName: string;
  siderolinkAddress: string;
  lanAddress: string;
  mac: string;
  lastEndpoint: string;
  publicKey: string;
  hardware: { cores: number; memoryMb: number; diskGb: number };
  /** Without the `v` (as Omni stores them). */
  talosVersion: string;
  kubernetesVersion: string;
  connected: boolean;
  ready: boolean;
  /** ClusterMachineStatus stage: 1 BOOTING, 4 RUNNING, 5 DESTROYING, … */
  stage: number;
  /** null: not (or no longer) in a cluster. */
  clusterMachinePhase: 'running' | 'tearingDown' | null;
  machineRequestPhase: 'running' | 'tearingDown';
  /** Shows the NodeApplyController errors in `machine-logs` while a patch sets a forbidden label. */
  nodeLabelConflict: boolean;
  /** Being torn down: `get` calls left before it disappears. */
  teardownGetsLeft?: number | null;
  /** Being provisioned: `get` calls left before it is RUNNING and ready. */
  provisionGetsLeft?: number | null;
  created: string;
  /** Per-resource [version, updated]; a missing kind is [1, created]. */
  rev: Partial<Record<MachineResourceKind, Rev>>;
}

export interface ServiceAccountKey {
  id: string;
  created: string;
  lastActive: string;
  expiration: string;
}

export interface ServiceAccount {
  name: string;
  role: string;
  lastActive: string;
  keys: ServiceAccountKey[];
}

export interface FakeOmniState {
  schema: 1;
  omni: { endpoint: string; version: string; apiVersion: number };
  auth: Auth;
  /** Who the fake's caller is: renewkey and serviceaccount list need Admin, deletes need more than Reader. */
  account: { name: string; role: Role };
  /** The client version to warn about (e.g. "1.9.3"), or null. */
  versionSkew: string | null;
  /** Lines printed to stderr before every API command's output, e.g. "[WARN] title: body". */
  notifications: string[];
  faults: Fault[];
  provider: {
    id: string;
    name: string;
    description: string;
    connected: boolean;
    keyExpiredAt: string;
    keyRenewals: number;
    lastKeyId: string | null;
  };
  serviceAccounts: ServiceAccount[];
  /** `get` calls that still show machines being torn down (template/cluster delete, scale-down). */
  teardownGets: number;
  /** `get` calls new machines spend provisioning (0: healthy at once). */
  provisionGets: number;
  /** Counter for deterministic new machines. */
  seq: number;
  /** Last synced template text per cluster. */
  templates: Record<string, string>;
  machines: MachineRecord[];
  /** Stored resources by full type (Clusters, ClusterStatuses, MachineSets, ConfigPatches, …). */
  resources: Record<string, ResourceJson[]>;
}
