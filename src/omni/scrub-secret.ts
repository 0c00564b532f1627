const redacted = '[REDACTED]';

// A value this short is not a real key; replacing it would mangle ordinary text.
const minimumSecretLength = 8;

/** Removes a secret's value from text bound for a log line or an error message. */
export function scrubSecret(text: string, secret: string): string {
  if (secret.length < minimumSecretLength || !text.includes(secret)) return text;
  return text.replaceAll(secret, redacted);
}
