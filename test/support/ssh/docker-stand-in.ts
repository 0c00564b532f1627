import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DockerBehaviour = {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** Never exit (until killed). */
  hang?: boolean;
  /** A shell command the stand-in runs (with these extra env vars) before answering. */
  onCall?: { command: string; env?: Record<string, string> };
  /** No `docker` on the session's PATH at all. */
  missing?: boolean;
};

export type DockerCall = { argv: string[]; cwd: string };

export type DockerStandIn = {
  setBehaviour(behaviour: DockerBehaviour): Promise<void>;
  log(): Promise<DockerCall[]>;
  clearLog(): Promise<void>;
};

const script = fileURLToPath(new URL('./docker-stand-in.mjs', import.meta.url));

// `<binDir>/docker` is a sh wrapper so the session runs it by name; the work is done by node.
export async function installDockerStandIn(binDir: string, stateDir: string): Promise<DockerStandIn> {
  const dockerPath = path.join(binDir, 'docker');
  const logPath = path.join(stateDir, 'docker-log.jsonl');
  const wrapper = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(script)} ${quote(stateDir)} "$@"\n`;

  async function setBehaviour(behaviour: DockerBehaviour): Promise<void> {
    await writeFile(path.join(stateDir, 'docker-behaviour.json'), JSON.stringify(behaviour));
    if (behaviour.missing) {
      await rm(dockerPath, { force: true });
      return;
    }
    await writeFile(dockerPath, wrapper);
    await chmod(dockerPath, 0o755);
  }

  await writeFile(logPath, '');
  await setBehaviour({});
  return {
    setBehaviour,
    clearLog: () => writeFile(logPath, ''),
    async log() {
      const text = await readFile(logPath, 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DockerCall);
    },
  };
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
