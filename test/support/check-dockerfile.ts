// Static checks of the Dockerfile's invariants: there is no Docker engine where the tests run.

type Instruction = { line: number; keyword: string; args: string };
type Stage = { line: number; image: string; name?: string; instructions: Instruction[] };

const SHA256 = /^[0-9a-f]{64}$/;
const OMNICTL_DOWNLOAD = /https:\/\/\S*omnictl\S*/;

// Joins `\` continuations and drops comments, keeping the line each instruction starts on.
function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === undefined)) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1) : trimmed;
    pending = pending
      ? { line: pending.line, text: `${pending.text} ${part}` }
      : { line: index + 1, text: part };
    if (continued) return;
    const [keyword = '', ...rest] = pending.text.split(/\s+/);
    instructions.push({ line: pending.line, keyword: keyword.toUpperCase(), args: rest.join(' ').trim() });
    pending = undefined;
  });
  return instructions;
}

function splitStages(instructions: Instruction[]): { globalArgs: Map<string, string>; stages: Stage[] } {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        line: instruction.line,
        image: words[0] ?? '',
        name: asIndex >= 0 ? words[asIndex + 1]?.toLowerCase() : undefined,
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (stage) stage.instructions.push(instruction);
    else if (instruction.keyword === 'ARG') {
      const [name = '', value = ''] = instruction.args.split('=', 2);
      globalArgs.set(name.trim(), value.trim());
    }
  }
  return { globalArgs, stages };
}

function checkFrom(stage: Stage, earlier: Stage[], globalArgs: Map<string, string>): string[] {
  if (earlier.some((s) => s.name === stage.image.toLowerCase()) || stage.image === 'scratch') return [];
  const image = stage.image.replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs.get(name) ?? '');
  const where = `line ${stage.line}: FROM ${stage.image}`;
  if (image.includes('@sha256:')) return [];
  if (image === '' || image.includes('${'))
    return [`${where} cannot be checked: the build argument has no default`];
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return [`${where} is not pinned: give a version tag (no tag means latest)`];
  if (image.slice(colon + 1) === 'latest') return [`${where} is not pinned: latest moves, use a version tag`];
  return [];
}

// The stage and the stages it is built FROM, nearest first: USER, CMD and HEALTHCHECK are inherited.
function lineage(stage: Stage, stages: Stage[]): Stage[] {
  const chain = [stage];
  let current = stage;
  for (;;) {
    const parent = stages.find((s) => s.name !== undefined && s.name === current.image.toLowerCase());
    if (!parent || chain.includes(parent)) return chain;
    chain.push(parent);
    current = parent;
  }
}

function lastOf(chain: Stage[], keywords: string[]): Instruction | undefined {
  for (const stage of chain) {
    const found = stage.instructions.filter((i) => keywords.includes(i.keyword)).at(-1);
    if (found) return found;
  }
  return undefined;
}

function checkOmnictl(stages: Stage[]): string[] {
  const stage = stages.find((s) => s.instructions.some((i) => OMNICTL_DOWNLOAD.test(i.args)));
  const download = stage?.instructions.find((i) => OMNICTL_DOWNLOAD.test(i.args));
  if (!stage || !download) return ['omnictl is not downloaded at build time from a pinned release URL'];
  const where = `line ${download.line}`;
  const problems: string[] = [];
  if (/releases\/latest|\/latest\//.test(download.args))
    problems.push(`${where}: the omnictl download uses latest; pin a version (ARG OMNICTL_VERSION)`);
  if (download.keyword === 'ADD') {
    const checksum = /--checksum=sha256:(\S+)/.exec(download.args)?.[1];
    if (!checksum || !SHA256.test(checksum))
      problems.push(`${where}: the omnictl download is not verified: add --checksum=sha256:<64 hex>`);
    return problems;
  }
  if (!/sha256sum\s+(-c|--check)\b/.test(download.args))
    return [...problems, `${where}: the omnictl download is not verified: check it with sha256sum -c`];
  const args = stage.instructions.filter((i) => i.keyword === 'ARG' && i.args.startsWith('OMNICTL_SHA256'));
  if (args.length === 0)
    problems.push(`${where}: the omnictl checksum is not pinned: declare ARG OMNICTL_SHA256=<64 hex>`);
  for (const arg of args) {
    const [name = '', pinned = ''] = arg.args.split('=', 2).map((part) => part.trim());
    if (!SHA256.test(pinned))
      problems.push(`line ${arg.line}: the omnictl checksum is not pinned: declare ARG ${name}=<64 hex>`);
  }
  // A URL that picks the architecture at build time needs a pinned checksum for each one built.
  if (!/omnictl-linux-(amd64|arm64)\b/.test(download.args)) {
    for (const arch of ['AMD64', 'ARM64'])
      if (!args.some((a) => a.args.split('=')[0]?.trim() === `OMNICTL_SHA256_${arch}`))
        problems.push(
          `${where}: no pinned checksum for ${arch.toLowerCase()}: declare ARG OMNICTL_SHA256_${arch}`,
        );
  }
  if (args.length > 0 && !/\$\{?OMNICTL_SHA256\w*\}?/.test(download.args))
    problems.push(`${where}: the omnictl download is not checked against OMNICTL_SHA256`);
  return problems;
}

/** The Dockerfile's pinned omnictl version and checksums by architecture (as declared by its ARGs). */
export function pinnedOmnictl(text: string): { version: string; sha256: Record<string, string> } {
  const instructions = parseInstructions(text).filter((i) => i.keyword === 'ARG');
  const value = (name: string) =>
    instructions
      .find((i) => i.args.startsWith(`${name}=`))
      ?.args.split('=', 2)[1]
      ?.trim() ?? '';
  return {
    version: value('OMNICTL_VERSION'),
    sha256: { amd64: value('OMNICTL_SHA256_AMD64'), arm64: value('OMNICTL_SHA256_ARM64') },
  };
}

function checkFinalStage(final: Stage, stages: Stage[]): string[] {
  const chain = lineage(final, stages);
  const problems: string[] = [];
  const user = lastOf(chain, ['USER']);
  const userName = user?.args.split(':')[0]?.trim();
  if (!user) problems.push('the final stage runs as root: add USER with a non-root user');
  else if (userName === 'root' || userName === '0')
    problems.push(`line ${user.line}: USER ${user.args}: the final stage must run as a non-root user`);
  const start = chain.flatMap((s) => s.instructions).filter((i) => ['CMD', 'ENTRYPOINT'].includes(i.keyword));
  if (start.length === 0) problems.push('the final stage has no CMD or ENTRYPOINT');
  for (const instruction of start.filter((i) => !isExecForm(i.args)))
    problems.push(
      `line ${instruction.line}: ${instruction.keyword} ${instruction.args} is shell form: /bin/sh becomes PID 1 and SIGTERM never reaches node; use ${instruction.keyword} ["node", …]`,
    );
  const healthcheck = lastOf(chain, ['HEALTHCHECK']);
  if (!healthcheck || /^NONE\b/i.test(healthcheck.args))
    problems.push('the final stage has no HEALTHCHECK (expected one on /healthz)');
  else if (!healthcheck.args.includes('/healthz'))
    problems.push(`line ${healthcheck.line}: the HEALTHCHECK does not probe /healthz`);
  for (const run of final.instructions.filter(
    (i) => i.keyword === 'RUN' && /npm (ci|install)\b/.test(i.args),
  )) {
    if (!/--omit=dev|--production/.test(run.args))
      problems.push(`line ${run.line}: npm in the final stage installs devDependencies; use --omit=dev`);
  }
  return problems;
}

function isExecForm(args: string): boolean {
  if (!args.startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((a) => typeof a === 'string');
  } catch {
    return false;
  }
}

/** Every way `text` breaks the image's invariants, as messages naming the line and the fix; [] when none. */
export function checkDockerfile(text: string): string[] {
  const { globalArgs, stages } = splitStages(parseInstructions(text));
  const final = stages.at(-1);
  if (!final) return ['the Dockerfile has no FROM'];
  const problems = stages.flatMap((stage, index) => checkFrom(stage, stages.slice(0, index), globalArgs));
  if (stages.length < 2)
    problems.push(
      'the Dockerfile has one stage: build in one, copy the output into a final stage (multi-stage)',
    );
  problems.push(...checkOmnictl(stages), ...checkFinalStage(final, stages));
  return problems;
}
