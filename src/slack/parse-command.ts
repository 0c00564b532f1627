import { parseDuration } from '../config/parse-duration.js';
import { isClusterName, isMachineId } from '../omni-model/identifiers.js';
import type { TimelineSubject } from '../recovery/timeline/timeline-subject.js';
import { COMMANDS } from './command-catalogue.js';
import { nearestSubcommand } from './nearest-subcommand.js';

export type OmniCommand =
  | { name: 'help' }
  | { name: 'stuck-machines'; cluster?: string }
  | { name: 'status'; cluster?: string }
  | { name: 'delete-clustermachine'; machineId: string; reason: string }
  | { name: 'delete-machine'; machineId: string }
  | { name: 'history'; limit: number }
  | { name: 'provider-status' }
  | { name: 'restart-provider'; reason: string }
  | { name: 'rotate-provider-key'; source: 'renew' | 'pasted' }
  | { name: 'reboot-loop'; cluster?: string }
  | { name: 'drift'; cluster?: string }
  | { name: 'sync-template'; cluster: string }
  | { name: 'recover-cluster'; cluster: string }
  | { name: 'freeze'; reason: string }
  | { name: 'unfreeze' }
  | { name: 'timeline'; subject: TimelineSubject; sinceMs?: number };

export type ParseResult = { ok: true; command: OmniCommand } | { ok: false; error: string };

// Printable text only: anything else in a command is refused rather than interpreted.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const MAX_TEXT = 1000;
// Free text never reaches a shell, but text that looks like shell is refused so no record is ambiguous.
const SHELL_LIKE = /[`;|&<>\\]|\$[({]/;

function clusterArg(
  value: string | undefined,
): { ok: true; cluster?: string } | { ok: false; error: string } {
  if (value === undefined) return { ok: true };
  if (!isClusterName(value)) {
    return {
      ok: false,
      error: `\`${value.slice(0, 80)}\` is not a cluster name (lower-case letters, digits and -, at most 63).`,
    };
  }
  return { ok: true, cluster: value };
}

export function parseCommand(text: string): ParseResult {
  if (text.length > MAX_TEXT)
    return { ok: false, error: `The command is too long (${text.length} characters).` };
  if (UNSAFE.test(text)) return { ok: false, error: 'The command contains control characters.' };
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [name, ...args] = words;
  if (name === undefined || name === 'help') return { ok: true, command: { name: 'help' } };
  switch (name) {
    case 'stuck-machines': {
      if (args.length > 1) return { ok: false, error: 'stuck-machines takes at most one cluster name.' };
      const cluster = clusterArg(args[0]);
      return cluster.ok ? { ok: true, command: { name, cluster: cluster.cluster } } : cluster;
    }
    case 'delete-clustermachine':
    case 'delete-machine': {
      const [id, ...rest] = args;
      if (id === undefined) return { ok: false, error: `${name} needs a machine id (a UUID).` };
      if (!isMachineId(id.toLowerCase())) {
        return {
          ok: false,
          error: `\`${id.slice(0, 80)}\` is not a machine id: expected a UUID such as e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82.`,
        };
      }
      const machineId = id.toLowerCase();
      if (name === 'delete-machine') {
        if (rest.length > 0) return { ok: false, error: 'delete-machine takes only a machine id.' };
        return { ok: true, command: { name, machineId } };
      }
      const reason = rest.join(' ');
      if (SHELL_LIKE.test(reason)) {
        return {
          ok: false,
          error: 'The reason may not contain shell metacharacters (` ; | & < > \\ $( ${).',
        };
      }
      return { ok: true, command: { name, machineId, reason: reason.slice(0, 500) } };
    }
    case 'status':
    case 'reboot-loop':
    case 'drift': {
      if (args.length > 1) return { ok: false, error: `${name} takes at most one cluster name.` };
      const cluster = clusterArg(args[0]);
      return cluster.ok ? { ok: true, command: { name, cluster: cluster.cluster } } : cluster;
    }
    case 'sync-template':
    case 'recover-cluster': {
      if (args.length !== 1) return { ok: false, error: `${name} takes exactly one cluster name.` };
      const cluster = clusterArg(args[0]);
      if (!cluster.ok) return cluster;
      return { ok: true, command: { name, cluster: cluster.cluster ?? '' } };
    }
    case 'provider-status':
      return args.length === 0
        ? { ok: true, command: { name } }
        : { ok: false, error: 'provider-status takes no arguments.' };
    case 'restart-provider': {
      const reason = args.join(' ');
      if (SHELL_LIKE.test(reason))
        return {
          ok: false,
          error: 'The reason may not contain shell metacharacters (` ; | & < > \\ $( ${).',
        };
      return { ok: true, command: { name, reason: reason.slice(0, 500) } };
    }
    case 'rotate-provider-key': {
      if (args.length > 1 || (args[0] !== undefined && args[0] !== 'paste')) {
        return {
          ok: false,
          error: 'rotate-provider-key takes no argument, or `paste` to paste a key made in the Omni UI.',
        };
      }
      return { ok: true, command: { name, source: args[0] === 'paste' ? 'pasted' : 'renew' } };
    }
    case 'freeze': {
      const reason = args.join(' ');
      if (!reason) return { ok: false, error: 'freeze needs a reason: `/omni freeze <reason…>`.' };
      if (SHELL_LIKE.test(reason))
        return {
          ok: false,
          error: 'The reason may not contain shell metacharacters (` ; | & < > \\ $( ${).',
        };
      return { ok: true, command: { name, reason: reason.slice(0, 500) } };
    }
    case 'unfreeze':
      return args.length === 0
        ? { ok: true, command: { name } }
        : { ok: false, error: 'unfreeze takes no arguments.' };
    case 'timeline':
      return parseTimeline(args);
    case 'history': {
      if (args.length > 1 || (args[0] !== undefined && !/^\d{1,3}$/.test(args[0]))) {
        return { ok: false, error: 'history takes one optional number (1-100).' };
      }
      const limit = Math.min(100, Math.max(1, Number(args[0] ?? 10)));
      return { ok: true, command: { name, limit } };
    }
    default: {
      const meant = nearestSubcommand(
        name,
        COMMANDS.map((c) => c.name),
      );
      const hint = meant ? ` Did you mean \`${meant}\`?` : '';
      return { ok: false, error: `\`${name.slice(0, 40)}\` is not a subcommand.${hint}` };
    }
  }
}

const RUN_ID = /^run-[0-9a-f]{12}$/;
const REQUEST_ID = /^r-[0-9a-f]{12}$/;

function parseTimeline(args: readonly string[]): ParseResult {
  const [target, since, ...rest] = args;
  const usage =
    'timeline takes a request id (r-…), a run id (run-…) or a cluster name, and optionally how far back (e.g. 24h).';
  if (target === undefined || rest.length > 0) return { ok: false, error: usage };
  let sinceMs: number | undefined;
  if (since !== undefined) {
    sinceMs = parseDuration(since);
    if (sinceMs === undefined || sinceMs <= 0)
      return { ok: false, error: `\`${since.slice(0, 40)}\` is not a duration such as 90m, 24h or 7d.` };
  }
  const subject: TimelineSubject | undefined = REQUEST_ID.test(target)
    ? { kind: 'request', id: target }
    : RUN_ID.test(target)
      ? { kind: 'run', id: target }
      : isClusterName(target)
        ? { kind: 'cluster', cluster: target }
        : undefined;
  if (!subject) return { ok: false, error: usage };
  return { ok: true, command: { name: 'timeline', subject, ...(sinceMs !== undefined ? { sinceMs } : {}) } };
}
