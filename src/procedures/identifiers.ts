// Identifiers are checked before anything runs: nothing else from Slack reaches omnictl or SSH.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isMachineId(text: string): boolean {
  return UUID.test(text);
}

export function isClusterName(text: string): boolean {
  return DNS_LABEL.test(text);
}
