// omnictl's tabwriter tables: columns start where their header starts, cells may be empty or hold spaces.
export function parseTable(text: string, headers: readonly string[]): Record<string, string>[] {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  const header = lines[0];
  if (header === undefined) return [];
  const starts: number[] = [];
  let from = 0;
  for (const name of headers) {
    const at = header.indexOf(name, from);
    if (at < 0) throw new Error(`table header lacks ${name}`);
    starts.push(at);
    from = at + name.length;
  }
  return lines
    .slice(1)
    .map((line) =>
      Object.fromEntries(
        headers.map((name, i) => [
          name,
          line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim(),
        ]),
      ),
    );
}
