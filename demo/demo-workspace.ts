// Who and where the playground plays: the fake Slack's default workspace, with roles for the page.
export const PEOPLE = [
  { id: 'U0ALICE', name: 'alice', role: 'requester' },
  { id: 'U0BOB', name: 'bob', role: 'approver' },
  { id: 'U0DAVE', name: 'dave', role: 'approver' },
] as const;

export const OPS_CHANNEL = 'C0OPS';
export const INCIDENT_CHANNEL = 'C0INC';
export const CHANNELS = [OPS_CHANNEL, INCIDENT_CHANNEL] as const;

export const APPROVERS = PEOPLE.filter((p) => p.role === 'approver').map((p) => p.id);

export const SCENARIOS = ['talos-prod', 'healthy'] as const;
export type Scenario = (typeof SCENARIOS)[number];

// What each scenario is for, shown beside the scenario picker so nobody has to guess which one
// lets a procedure through.
export const SCENARIO_NOTES: Record<Scenario, string> = {
  'talos-prod':
    'A broken cluster: a stuck worker to remove, the provider down (restart it, rotate its key), a template whose label puts workers in a reboot loop (fix it in the simulator panel). Rotate the provider’s key first: fixes that wait for the cluster to be healthy wait for the provider, up to 10 minutes. recover-cluster is refused here while the template is broken.',
  healthy:
    'A healthy cluster with the provider connected and a fixed template: use it to run recover-cluster (two approvers) through to the cluster back and healthy.',
};

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export function isPerson(value: unknown): value is (typeof PEOPLE)[number]['id'] {
  return PEOPLE.some((p) => p.id === value);
}
