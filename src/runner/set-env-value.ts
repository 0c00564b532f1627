// Replaces (or appends) one KEY=value line of a compose .env file, keeping every other line as it was.
export function setEnvValue(text: string, key: string, value: string): string {
  const lines = text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
  const pattern = new RegExp(`^\\s*(export\\s+)?${key}\\s*=`);
  let replaced = false;
  const next = lines.map((line) => {
    if (!pattern.test(line)) return line;
    replaced = true;
    return `${key}=${value}`;
  });
  if (!replaced) next.push(`${key}=${value}`);
  return `${next.join('\n')}\n`;
}
