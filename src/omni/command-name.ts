// Subcommand groups whose next word is part of the command, not an argument.
const groups = new Set(['cluster', 'cluster template', 'cluster machine', 'infraprovider', 'serviceaccount']);
// Commands whose first argument is a resource type: low cardinality and worth keeping.
const typedCommands = new Set(['get', 'delete']);

/**
 * A metrics-friendly name for a call (`get machines`, `cluster template sync`): subcommand words
 * and resource types only, never IDs, so the label set stays small.
 */
export function commandName(args: readonly string[]): string {
  const first = args[0];
  if (first === undefined) return '';
  if (typedCommands.has(first)) {
    const type = args[1];
    return type === undefined || type.startsWith('-') ? first : `${first} ${type}`;
  }
  let name = first;
  for (const word of args.slice(1)) {
    if (!groups.has(name) || word.startsWith('-')) break;
    name = `${name} ${word}`;
  }
  return name;
}
