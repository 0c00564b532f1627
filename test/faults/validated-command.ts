import { isClusterName, isMachineId } from '../../src/omni-model/identifiers.js';
import type { OmniCommand } from '../../src/slack/parse-command.js';

// Free text is stored and shown, never executed; still, it may hold no shell syntax or control bytes.
const SHELL_LIKE = /[`;|&<>\\]|\$[({]/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const isSafeReason = (value: unknown) =>
  typeof value === 'string' && value.length <= 500 && !SHELL_LIKE.test(value) && !CONTROL.test(value);

// Field by field, by name, so a subcommand added later is checked without changes here.
const FIELD_CHECKS: Record<string, (value: unknown) => boolean> = {
  machineId: (v) => typeof v === 'string' && isMachineId(v),
  machineIds: (v) => Array.isArray(v) && v.every((id) => typeof id === 'string' && isMachineId(id)),
  cluster: (v) => v === undefined || (typeof v === 'string' && isClusterName(v)),
  reason: isSafeReason,
  limit: (v) => Number.isInteger(v) && Number(v) >= 1 && Number(v) <= 100,
  source: (v) => v === 'renew' || v === 'pasted',
};
// Any other field: a short word of lower-case letters, digits and dashes, or a small number.
const isPlainValue = (v: unknown) =>
  v === undefined || (typeof v === 'string' && /^[a-z0-9-]{1,63}$/.test(v)) || Number.isInteger(v);

// Whether every field of a parsed command is one the bot may pass on to omnictl or SSH.
export function isValidatedCommand(command: OmniCommand): boolean {
  return Object.entries(command).every(([field, value]) =>
    field === 'name' ? typeof value === 'string' : (FIELD_CHECKS[field] ?? isPlainValue)(value),
  );
}

// The report and cluster a Diagnose value may ask for, read independently of the bot's own parser.
const DIAGNOSE_VALUE = /^(stuck-machines|provider-status|reboot-loop|drift):(.*)$/s;

export function diagnoseRequestOf(value: string): { command: string; cluster?: string } | undefined {
  const [, command, cluster] = DIAGNOSE_VALUE.exec(value) ?? [];
  if (command === undefined || cluster === undefined) return undefined;
  if (cluster === '') return { command };
  return isClusterName(cluster) ? { command, cluster } : undefined;
}
