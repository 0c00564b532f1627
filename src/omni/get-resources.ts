import { createResourceStreamParser } from './create-resource-stream-parser.js';
import { OmniError } from './omni-error.js';
import { unexpectedOutput } from './omni-failure.js';
import type { ResourceKind } from './resource-kind.js';
import type { GetOptions, Omnictl } from './run-omnictl.js';

type ResourceReader = {
  run: Omnictl['run'];
  /** The service-account key: replaced in any document that echoes it, before parsing. */
  secret: string;
};

/**
 * `omnictl get <type> [id] -o json [-n ns] [-l selector]`, parsed as stdout streams in and each
 * document checked against the kind's schema as it completes (no copy of the whole output).
 */
export async function getResources<T>(
  reader: ResourceReader,
  kind: ResourceKind<T>,
  options: GetOptions = {},
): Promise<T[]> {
  const resources: T[] = [];
  const parser = createResourceStreamParser((document) => resources.push(validate(kind, document)), {
    secret: reader.secret,
  });
  // Kept and thrown after the call: a throw inside the stdout callback would be uncaught.
  let rejected: { error: unknown } | undefined;
  const onStdout = (chunk: Uint8Array): void => {
    if (rejected) return;
    try {
      parser.push(chunk);
    } catch (error) {
      rejected = { error };
    }
  };

  const result = await reader.run(getArgs(kind, options), {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    onExit: options.onExit,
    onStdout,
  });
  if (result.failure) throw new OmniError(result.failure);
  if (!rejected) {
    try {
      parser.end();
    } catch (error) {
      rejected = { error };
    }
  }
  if (rejected) throw outputError(kind, rejected.error);
  return resources;
}

function outputError(kind: ResourceKind<unknown>, error: unknown): OmniError {
  if (error instanceof OmniError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new OmniError(unexpectedOutput(`omnictl get ${kind.type}: ${reason}`), { cause: error });
}

function getArgs(kind: ResourceKind<unknown>, options: GetOptions): string[] {
  const namespace = options.namespace ?? kind.namespace;
  for (const value of [options.id, namespace, options.selector]) {
    // Arguments are passed without a shell, but a leading dash would still be read as a flag.
    if (value?.startsWith('-')) {
      throw new OmniError({
        kind: 'other',
        message: `"${value}" is not a valid Omni resource ID, namespace or label selector.`,
        detail: `refused argument starting with '-' for get ${kind.type}: ${value}`,
      });
    }
  }
  return [
    'get',
    kind.type,
    ...(options.id === undefined ? [] : [options.id]),
    '-o',
    'json',
    ...(namespace === undefined ? [] : ['-n', namespace]),
    ...(options.selector === undefined ? [] : ['-l', options.selector]),
  ];
}

function validate<T>(kind: ResourceKind<T>, document: unknown): T {
  const parsed = kind.schema.safeParse(document);
  if (parsed.success) return parsed.data;
  const [issue, ...others] = parsed.error.issues;
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(document)';
  const more = others.length > 0 ? ` (and ${others.length} more issues)` : '';
  const detail = `${kind.type} ${idOf(document)}: ${where}: ${issue?.message ?? 'invalid'}${more}`;
  throw new OmniError(unexpectedOutput(detail), { cause: parsed.error });
}

// Names the document in errors without echoing its content.
function idOf(document: unknown): string {
  if (typeof document !== 'object' || document === null) return '(not an object)';
  const metadata = (document as { metadata?: unknown }).metadata;
  const id =
    typeof metadata === 'object' && metadata !== null ? (metadata as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? JSON.stringify(id) : '(no id)';
}
