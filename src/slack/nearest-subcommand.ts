// The subcommand someone most likely meant by a mistyped one ("stuck-machine", "stuckmachines",
// "reboot"), or undefined when none is close enough to suggest without guessing.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function nearestSubcommand(typed: string, names: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  if (word.length < 3) return undefined;
  // A prefix ("stuck", "provider-st") names one subcommand when only one starts with it.
  const starting = names.filter((n) => n.startsWith(word));
  if (starting.length === 1) return starting[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  // Close enough to be a typo: a third of the word's letters at most.
  return best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : undefined;
}
