import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
const PUBLIC_DIR = path.join(DEMO_DIR, 'public');
// Modules outside public/ that the page may load: the pure renderers it shares with the tests.
const SHARED = new Set(['render-blocks', 'render-mrkdwn', 'emoji', 'escape-html']);

export type PageFile = { type: string; body: string };

const cache = new Map<string, string>();

// The front end is TypeScript transpiled on request with the project's own compiler: no build
// step, no bundle to keep in sync. Imports already end in .js, which is what the browser asks for.
function transpile(file: string): string {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const output = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  }).outputText;
  cache.set(file, output);
  return output;
}

// Maps a URL path to a file of the page; anything else is not served.
export function serveFile(urlPath: string): PageFile | undefined {
  if (urlPath === '/' || urlPath === '/index.html')
    return {
      type: 'text/html; charset=utf-8',
      body: readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8'),
    };
  const css = /^\/css\/([a-z-]+)\.css$/.exec(urlPath)?.[1];
  const cssFile = css === undefined ? undefined : path.join(PUBLIC_DIR, 'css', `${css}.css`);
  if (cssFile && existsSync(cssFile))
    return { type: 'text/css; charset=utf-8', body: readFileSync(cssFile, 'utf8') };
  const module = /^\/js\/(public\/)?([a-z0-9-]+)\.js$/.exec(urlPath);
  if (!module?.[2]) return undefined;
  const name = module[2];
  const inPublic = module[1] !== undefined;
  if (!inPublic && !SHARED.has(name)) return undefined;
  const file = path.join(inPublic ? PUBLIC_DIR : DEMO_DIR, `${name}.ts`);
  if (!existsSync(file)) return undefined;
  return { type: 'text/javascript; charset=utf-8', body: transpile(file) };
}
