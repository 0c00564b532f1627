const redacted = '[REDACTED]';

// A value this short is not a real key; replacing it would mangle ordinary text.
const minimumSecretLength = 8;

type CutEdges = {
  /** The text starts where earlier output was dropped: it may begin with the end of the secret. */
  start?: boolean;
  /** The text was cut here: it may end with the beginning of the secret. */
  end?: boolean;
};

/**
 * Removes a secret's value from text bound for a log line or an error message. Where the text was
 * cut (a line over the length limit, an output tail), the part of the secret left at the cut goes too.
 */
export function scrubSecret(text: string, secret: string, cut: CutEdges = {}): string {
  if (secret.length < minimumSecretLength) return text;
  let scrubbed = text.includes(secret) ? text.replaceAll(secret, redacted) : text;
  if (cut.end) {
    for (let k = Math.min(secret.length - 1, scrubbed.length); k > 0; k -= 1)
      if (scrubbed.endsWith(secret.slice(0, k))) {
        scrubbed = `${scrubbed.slice(0, -k)}${redacted}`;
        break;
      }
  }
  if (cut.start) {
    for (let k = Math.min(secret.length - 1, scrubbed.length); k > 0; k -= 1)
      if (scrubbed.startsWith(secret.slice(-k))) {
        scrubbed = `${redacted}${scrubbed.slice(k)}`;
        break;
      }
  }
  return scrubbed;
}
