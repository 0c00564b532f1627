// Identifiers are checked before anything runs: nothing from Slack, and nothing read back from
// Omni, reaches omnictl or SSH unchecked. Neither pattern lets a value start with `-`, so an id
// can never be taken for a flag (`--all`), and neither allows spaces or shell characters.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isMachineId(text: string): boolean {
  return UUID.test(text);
}

export function isClusterName(text: string): boolean {
  return DNS_LABEL.test(text);
}

// The ids Omni returned that must not become an omnictl argument, as a sentence (or undefined).
export function refuseOmniIds(ids: {
  machines?: readonly string[];
  clusters?: readonly string[];
}): string | undefined {
  const machines = (ids.machines ?? []).filter((id) => !isMachineId(id));
  const clusters = (ids.clusters ?? []).filter((name) => !isClusterName(name));
  const parts = [
    ...(machines.length > 0
      ? [
          `machine id${machines.length === 1 ? '' : 's'} that ${machines.length === 1 ? 'is' : 'are'} not a UUID: ${machines.map((id) => JSON.stringify(id)).join(', ')}`,
        ]
      : []),
    ...(clusters.length > 0
      ? [
          `cluster name${clusters.length === 1 ? '' : 's'} that ${clusters.length === 1 ? 'is' : 'are'} not a DNS label: ${clusters.map((c) => JSON.stringify(c)).join(', ')}`,
        ]
      : []),
  ];
  return parts.length > 0
    ? `Omni returned ${parts.join(' and ')}; the bot passes no such value to omnictl.`
    : undefined;
}
