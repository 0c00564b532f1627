import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type BrokenLink = { file: string; line: number; target: string };

// Markdown links `[text](target)` and `<a href="target">`; code spans and fences are not links.
const LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<a\s+href="([^"]+)"/g;

function markdownFiles(dir: string, root: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full, root);
    return entry.name.endsWith('.md') ? [path.relative(root, full)] : [];
  });
}

function withoutCode(text: string): string {
  // Keeps line numbers: fenced blocks and code spans become blanks of the same shape.
  return text
    .replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
}

// A code span naming a file of the repository by its path from the root, as the docs cite them.
const CITED = /`((?:docs|src|test|deploy|bench|demo|scripts)\/[\w./-]+\.[a-z]+)`/g;

/** Every relative link, and every repository file cited in a code span, that does not exist. */
export function brokenDocLinks(root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of markdownFiles(root, root)) {
    const raw = readFileSync(path.join(root, file), 'utf8');
    const prose = raw.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
    for (const match of prose.matchAll(CITED)) {
      const target = match[1] ?? '';
      if (!existsSync(path.join(root, target)))
        broken.push({ file, line: prose.slice(0, match.index).split('\n').length, target });
    }
    const text = withoutCode(raw);
    for (const match of text.matchAll(LINK)) {
      const target = match[1] ?? match[2] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const pathPart = decodeURIComponent(target.split('#')[0] ?? '');
      const resolved = path.resolve(root, path.dirname(file), pathPart);
      if (!existsSync(resolved)) {
        const line = text.slice(0, match.index).split('\n').length;
        broken.push({ file, line, target });
      }
    }
  }
  return broken;
}
