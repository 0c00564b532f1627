import { readFileSync } from 'node:fs';

// The pieces of a secret worth searching for: the whole value, and for a PEM/OpenSSH key each body line,
// so that a key printed in part (or re-wrapped) is still found.
export function secretNeedles(name: string, value: string): { name: string; needle: string }[] {
  const lines = value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return [
    { name, needle: value.trim() },
    ...lines.map((needle, i) => ({ name: `${name} line ${i + 1}`, needle })),
  ];
}

export function fileNeedles(name: string, file: string): { name: string; needle: string }[] {
  return secretNeedles(name, readFileSync(file, 'utf8'));
}

// Which needles occur in which of the named texts; empty when nothing leaked.
export function findLeaks(
  needles: readonly { name: string; needle: string }[],
  places: Record<string, string>,
): string[] {
  const leaks: string[] = [];
  for (const [place, text] of Object.entries(places))
    for (const { name, needle } of needles) if (text.includes(needle)) leaks.push(`${name} in ${place}`);
  return leaks;
}
