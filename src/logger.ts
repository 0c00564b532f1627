import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

// Keys whose values are secrets wherever they appear in a log object.
const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'serviceAccountKey',
  'key',
  'privateKey',
  'password',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.serviceAccountKey',
  '*.privateKey',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'env',
  '*.env',
];

type LoggerOptions = {
  level: string;
  // Known secret values: scrubbed from every string that is logged, whatever its key.
  secrets?: readonly string[];
  destination?: DestinationStream;
  // Which replica writes (REPLICA_ID): on every line, so the logs of several replicas can be told apart.
  replica?: string;
};

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubSecrets(value.message, secrets),
      stack: value.stack && scrubSecrets(value.stack, secrets),
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, secrets, depth + 1)]));
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level: options.level,
      base: { service: 'omni-chatops', ...(options.replica ? { replica: options.replica } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubDeep(object, secrets) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg, secrets) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
