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

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export function isPerson(value: unknown): value is (typeof PEOPLE)[number]['id'] {
  return PEOPLE.some((p) => p.id === value);
}
