import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { COMMAND } from '../../src/slack/action-ids.js';
import { COMMANDS } from '../../src/slack/command-catalogue.js';
import { REQUIRED_SCOPES, scopeForMethod } from '../../src/slack/required-scopes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MANIFESTS = ['manifest.yml', 'docs/manifest.http-mode.yml'];

// Only the fields the checks read; the JSON schema validates the rest.
const Manifest = z.object({
  features: z.object({
    slash_commands: z.array(
      z.object({ command: z.string(), url: z.string().optional(), usage_hint: z.string().optional() }),
    ),
  }),
  oauth_config: z.object({
    scopes: z.object({ bot: z.array(z.string()).default([]), user: z.array(z.string()).optional() }),
  }),
  settings: z.object({
    socket_mode_enabled: z.boolean().optional(),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().optional() }),
  }),
});
type Manifest = z.infer<typeof Manifest>;

function readManifest(file: string): unknown {
  return parse(readFileSync(path.join(root, file), 'utf8'));
}

// Slack's schema is draft-07 plus two keywords of its own: `regex` (a pattern) and `_note` (a comment).
function manifestValidator() {
  const schema = JSON.parse(
    readFileSync(path.join(root, 'test/fixtures/slack/manifest.schema.1.0.0.json'), 'utf8'),
  );
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  ajv.addKeyword({ keyword: '_note' });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}

// Web API calls in source text: `client.chat.postMessage(`, `web.usergroups.users.list(`, `apiCall('x.y'`.
const FAMILIES =
  'chat|conversations|files|users|usergroups|views|auth|reactions|pins|bookmarks|reminders|team|bots';
const METHOD_CALL = new RegExp(`\\.(${FAMILIES})((?:\\.[a-zA-Z0-9]+)+)\\s*\\(`, 'g');
const API_CALL = /apiCall\(\s*['"`]([a-z]+(?:\.[a-zA-Z0-9]+)+)['"`]/g;
// Helpers of @slack/web-api that call several Web API methods.
const HELPERS: Record<string, readonly string[]> = {
  filesUploadV2: ['files.getUploadURLExternal', 'files.completeUploadExternal'],
};
const HELPER_CALL = new RegExp(`\\.(${Object.keys(HELPERS).join('|')})\\s*\\(`, 'g');

function findSlackMethodCalls(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(METHOD_CALL)) found.add(`${match[1]}${match[2]}`);
  for (const match of source.matchAll(API_CALL)) found.add(match[1] ?? '');
  for (const match of source.matchAll(HELPER_CALL))
    for (const m of HELPERS[match[1] ?? ''] ?? []) found.add(m);
  return [...found].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function calledMethods(): string[] {
  const all = sourceFiles(path.join(root, 'src')).flatMap((file) =>
    findSlackMethodCalls(readFileSync(file, 'utf8')),
  );
  return [...new Set(all)].sort();
}

// Problems with the table itself: a method called but not mapped, or mapped but never called.
function checkScopeTable(called: readonly string[], required: Record<string, readonly string[]>): string[] {
  const problems = called
    .filter((method) => scopeForMethod(method) === undefined)
    .map((method) => `${method} is called but src/slack/required-scopes.ts does not map it to a scope`);
  for (const [scope, methods] of Object.entries(required)) {
    for (const method of methods.filter((m) => !called.includes(m)))
      problems.push(`${method} is mapped to ${scope} but nothing in src/ calls it`);
  }
  return problems;
}

function checkScopes(manifest: Manifest, required: Record<string, readonly string[]>): string[] {
  const granted = manifest.oauth_config.scopes.bot;
  const needed = Object.keys(required);
  const problems = needed
    .filter((scope) => !granted.includes(scope))
    .map((scope) => `the manifest lacks bot scope ${scope}, which the code needs`);
  for (const scope of granted.filter((s) => !needed.includes(s)))
    problems.push(`the manifest grants bot scope ${scope}, which no code needs`);
  if ((manifest.oauth_config.scopes.user ?? []).length > 0) problems.push('the bot needs no user scopes');
  return problems;
}

function checkUsageHint(manifest: Manifest, subcommands: readonly string[]): string[] {
  const command = manifest.features.slash_commands.find((c) => c.command === COMMAND);
  if (!command) return [`the manifest declares no ${COMMAND} command`];
  const words = new Set((command.usage_hint ?? '').split(/[\s|[\]<>]+/));
  return subcommands
    .filter((name) => !words.has(name))
    .map((name) => `the ${COMMAND} usage hint does not mention ${name}`);
}

// Subcommands the router dispatches, read from its switch: COMMANDS (the help list) may lag behind it.
function routerSubcommands(): string[] {
  const source = readFileSync(path.join(root, 'src/slack/parse-command.ts'), 'utf8');
  return [...source.matchAll(/case '([a-z][a-z-]*)':/g)].map((match) => match[1] ?? '');
}

describe.each(MANIFESTS)('%s', (file) => {
  const raw = readManifest(file);
  const manifest = Manifest.parse(raw);

  it("validates against Slack's manifest schema", () => {
    const validate = manifestValidator();

    const valid = validate(raw);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('grants exactly the bot scopes the code needs', () => {
    expect(checkScopes(manifest, REQUIRED_SCOPES)).toEqual([]);
  });

  it('names every subcommand in the usage hint', () => {
    const subcommands = new Set([...COMMANDS.map((c) => c.name), ...routerSubcommands()]);

    expect(checkUsageHint(manifest, [...subcommands])).toEqual([]);
  });

  it('turns interactivity on (buttons, the paste-key modal)', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});

describe('manifest modes', () => {
  it('manifest.yml uses Socket Mode and no request URLs', () => {
    const manifest = Manifest.parse(readManifest('manifest.yml'));

    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
    expect(manifest.features.slash_commands.map((c) => c.url)).toEqual([undefined]);
  });

  it('the HTTP variant sends commands and interactivity to /slack/events', () => {
    const manifest = Manifest.parse(readManifest('docs/manifest.http-mode.yml'));

    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity.request_url).toBe('https://<your-host>/slack/events');
    expect(manifest.features.slash_commands.map((c) => c.url)).toEqual(['https://<your-host>/slack/events']);
  });
});

describe('scope checks', () => {
  const manifest = Manifest.parse(readManifest('manifest.yml'));

  it('every Web API method called in src/ is in the scope table, and every mapped method is called', () => {
    const called = calledMethods();

    expect(called).toContain('chat.postMessage');
    expect(called).toContain('usergroups.users.list');
    expect(checkScopeTable(called, REQUIRED_SCOPES)).toEqual([]);
  });

  it('fails when a needed scope is removed from the manifest', () => {
    const broken = structuredClone(manifest);
    broken.oauth_config.scopes.bot = broken.oauth_config.scopes.bot.filter((s) => s !== 'usergroups:read');

    expect(checkScopes(broken, REQUIRED_SCOPES)).toEqual([
      'the manifest lacks bot scope usergroups:read, which the code needs',
    ]);
  });

  it('fails when the manifest grants a scope no code needs', () => {
    const broad = structuredClone(manifest);
    broad.oauth_config.scopes.bot.push('chat:write.public');

    expect(checkScopes(broad, REQUIRED_SCOPES)).toEqual([
      'the manifest grants bot scope chat:write.public, which no code needs',
    ]);
  });

  it('finds calls the scope table does not know', () => {
    const source =
      'const user = await client.users.info({ user: id });\nawait web.apiCall("files.info", {});';

    const called = findSlackMethodCalls(source);

    expect(called).toEqual(['files.info', 'users.info']);
    expect(checkScopeTable(called, {})).toEqual([
      'files.info is called but src/slack/required-scopes.ts does not map it to a scope',
      'users.info is called but src/slack/required-scopes.ts does not map it to a scope',
    ]);
  });

  it('fails when the usage hint leaves out a subcommand', () => {
    const stale = structuredClone(manifest);
    const [command] = stale.features.slash_commands;
    if (command) command.usage_hint = 'help | history [n]';

    expect(checkUsageHint(stale, ['help', 'history', 'stuck-machines'])).toEqual([
      'the /omni usage hint does not mention stuck-machines',
    ]);
  });

  it('the schema rejects a manifest Slack would refuse', () => {
    const validate = manifestValidator();
    const broken = structuredClone(readManifest('manifest.yml')) as { display_information: object };
    broken.display_information = { description: 'no name' };

    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain("must have required property 'name'");
  });
});
