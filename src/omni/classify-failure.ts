import type { OmniFailure, OmniFailureKind } from './omni-failure.js';
import { splitStderr } from './split-stderr.js';

type CallOutcome = {
  exitCode: number | undefined;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
};

type Rule = { kind: OmniFailureKind; pattern: RegExp; message: (detail: string) => string };

// Order matters: the first rule whose pattern matches the error text wins.
const rules: readonly Rule[] = [
  {
    kind: 'key-expired',
    pattern: /no valid signing keys/,
    message: () =>
      "Omni rejected the bot's service-account key: it has expired. Create a new key (omnictl serviceaccount renew …) and update OMNI_SERVICE_ACCOUNT_KEY.",
  },
  {
    kind: 'key-rejected',
    pattern: /invalid signature|code = Unauthenticated/,
    message: () =>
      "Omni rejected the bot's service-account key (invalid signature): it was revoked, deleted or never registered, or the bot's clock is wrong. Create a new key (omnictl serviceaccount renew …) and update OMNI_SERVICE_ACCOUNT_KEY.",
  },
  {
    kind: 'permission-denied',
    pattern:
      /insufficient role|only operators and admins are allowed|no access is permitted|access is not permitted/,
    message: (detail) =>
      `The bot's Omni service account lacks the role for this action (${roleOf(detail)}). Give it the Operator role (Admin to renew keys) in Omni.`,
  },
  {
    kind: 'read-only',
    pattern:
      /only read access is permitted|only read and delete access is permitted|users are not allowed to modify/,
    message: () =>
      'Omni does not let anyone change this resource directly: its controllers own it. Act on the resource that drives it instead (the Link, the machine request or the cluster template).',
  },
  {
    kind: 'not-found',
    pattern: /code = NotFound|doesn't exist/,
    message: (detail) =>
      `Omni has no such resource${resourceOf(detail)}. It may already be gone; refresh the status and check the ID.`,
  },
  {
    kind: 'version-mismatch',
    pattern: /client API version mismatch|omnictl is too old|omnictl is newer/,
    message: () =>
      "The installed omnictl does not speak the Omni server's API version. Install the omnictl release that matches the server and update OMNICTL_PATH.",
  },
  {
    kind: 'unreachable',
    pattern:
      /connection refused|code = Unavailable|code = DeadlineExceeded|dial tcp|no such host|i\/o timeout|x509:|tls:/,
    message: () =>
      'The bot cannot reach Omni at OMNI_ENDPOINT. Check the endpoint, the network and whether Omni is up.',
  },
  {
    // omnictl's own wait (`--wait`, `--timeout`) ran out, as opposed to the bot killing it.
    kind: 'timeout',
    pattern: /context deadline exceeded/,
    message: () =>
      'omnictl gave up waiting (context deadline exceeded). The operation may still be in progress; check its state before retrying.',
  },
];

/** Decides why an omnictl call failed; `undefined` when it did not fail (warnings alone are not failures). */
export function classifyFailure(outcome: CallOutcome): OmniFailure | undefined {
  const { errorLine, otherLines } = splitStderr(outcome.stderr);
  const detail = errorLine ?? otherLines.at(-1) ?? `exit code ${outcome.exitCode ?? 'none'}, no error text`;
  if (outcome.aborted) {
    return { kind: 'aborted', message: 'The omnictl command was cancelled before it finished.', detail };
  }
  if (outcome.timedOut) {
    return {
      kind: 'timeout',
      message:
        'omnictl did not finish in time and was stopped. Omni may be slow or the operation stuck; check its state before retrying.',
      detail,
    };
  }
  if (outcome.exitCode === 0) return undefined;

  // Notification lines are left out so a `[WARN]` mentioning "expired" cannot decide the kind.
  const errorText = [errorLine ?? '', ...otherLines].join('\n');
  const rule = rules.find((candidate) => candidate.pattern.test(errorText));
  if (rule) return { kind: rule.kind, message: rule.message(detail), detail };
  return {
    kind: 'other',
    message: `omnictl failed: ${truncate(detail.replace(/^Error: /, ''), 300)}`,
    detail,
  };
}

function roleOf(detail: string): string {
  const role = /insufficient role: "?([A-Za-z]+)"?/.exec(detail)?.[1];
  return role ? `its role is ${role}` : detail.replace(/^Error: /, '');
}

function resourceOf(detail: string): string {
  const resource = /resource (\S+\(\S+\)) doesn't exist/.exec(detail)?.[1];
  return resource ? `: ${resource.replace(/@undefined\)$/, ')')}` : '';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
