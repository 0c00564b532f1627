// Slack user ids (U…/W…) and user-group ids (S…), as configured in OPERATORS / APPROVERS.
export const PRINCIPAL_ID = /^[UWS][A-Z0-9]{2,}$/;

export function parsePrincipalList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
