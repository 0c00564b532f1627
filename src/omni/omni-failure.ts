/** Why an omnictl call failed, grouped by what an operator has to do about it. */
export const OmniFailureKind = {
  missing: 'missing',
  keyExpired: 'key-expired',
  keyRejected: 'key-rejected',
  permissionDenied: 'permission-denied',
  readOnly: 'read-only',
  notFound: 'not-found',
  versionMismatch: 'version-mismatch',
  unreachable: 'unreachable',
  timeout: 'timeout',
  aborted: 'aborted',
  unexpectedOutput: 'unexpected-output',
  other: 'other',
} as const;

export type OmniFailureKind = (typeof OmniFailureKind)[keyof typeof OmniFailureKind];

export type OmniFailure = {
  kind: OmniFailureKind;
  /** Plain words naming the cause and the fix; safe to post in Slack. */
  message: string;
  /** The `Error:` line (or the closest thing to it), with secrets scrubbed; for logs. */
  detail: string;
};

/** The configured omnictl cannot be started at all. */
export function missingOmnictl(path: string, detail: string): OmniFailure {
  return {
    kind: 'missing',
    message: `The bot cannot run omnictl at ${path}: the file is missing or not executable. Install omnictl there or fix OMNICTL_PATH.`,
    detail,
  };
}

/** omnictl succeeded but printed something the bot cannot read. */
export function unexpectedOutput(detail: string): OmniFailure {
  return {
    kind: 'unexpected-output',
    message:
      'omnictl printed output the bot cannot read; omnictl or Omni may be a version the bot does not know. The details are in the bot log.',
    detail,
  };
}
