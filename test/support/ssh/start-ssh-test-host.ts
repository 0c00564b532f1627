import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SshTarget } from '../../../src/runner/ssh/ssh-types.js';
import { countProcessesMatching } from './count-processes.js';
import { type DockerBehaviour, type DockerCall, installDockerStandIn } from './docker-stand-in.js';
import { sshdOrSkip } from './find-sshd.js';
import { generateKeyPair } from './ssh-keys.js';
import { sshdConfig } from './sshd-config.js';

export type SshTestHost = {
  target: SshTarget;
  user: string;
  /** A client key sshd does not accept, for auth-refused tests. */
  unknownKeyFile: string;
  /** Stands in for /opt/omni-provider; holds a `.env`. */
  composeDir: string;
  /** The bot's PROVIDER_* settings for this host. */
  providerEnv: Record<string, string>;
  /** Every `docker` call since the start (or the last clearDockerLog), in order. */
  dockerLog(): Promise<DockerCall[]>;
  clearDockerLog(): Promise<void>;
  setDockerBehaviour(behaviour: DockerBehaviour): Promise<void>;
  /** Live processes on the host whose command line contains `marker` (like `pgrep -f`). */
  processesMatching(marker: string): Promise<number>;
  /** sshd's own log (-e), for failure messages. */
  sshdLog(): string;
  stop(): Promise<void>;
};

export type SshTestHostOptions = { dockerBehaviour?: DockerBehaviour };

/**
 * A real OpenSSH sshd on 127.0.0.1 with throwaway keys and a recording `docker`.
 * Resolves undefined when sshd is not installed, unless CI=true, where that is an error.
 */
export async function startSshTestHost(options: SshTestHostOptions = {}): Promise<SshTestHost | undefined> {
  const sshd = sshdOrSkip();
  if (sshd === undefined) return undefined;

  // realpath: the stand-in records its physical cwd, tests compare it with composeDir.
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'omni-ssh-host-')));
  const binDir = path.join(dir, 'bin');
  const composeDir = path.join(dir, 'omni-provider');
  await Promise.all([mkdir(binDir), mkdir(composeDir)]);
  await writeFile(
    path.join(composeDir, '.env'),
    'OMNI_ENDPOINT=https://omni.example\nOMNI_SERVICE_ACCOUNT_KEY=old-key\n',
    {
      mode: 0o600,
    },
  );
  const [hostKey, clientKey, unknownKey] = await Promise.all([
    generateKeyPair(dir, 'host_ed25519'),
    generateKeyPair(dir, 'client_ed25519'),
    generateKeyPair(dir, 'unknown_ed25519'),
  ]);
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  await writeFile(authorizedKeysFile, await readFile(clientKey.publicPath, 'utf8'), { mode: 0o600 });
  const docker = await installDockerStandIn(binDir, dir);
  if (options.dockerBehaviour) await docker.setBehaviour(options.dockerBehaviour);

  const port = await freePort();
  const configPath = path.join(dir, 'sshd_config');
  const config = sshdConfig({
    port,
    hostKeyPath: hostKey.privatePath,
    pidFile: path.join(dir, 'sshd.pid'),
    authorizedKeysFile,
    binDir,
  });
  await writeFile(configPath, config);
  // The privilege separation directory; Debian creates it only when the sshd service starts.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const child = spawn(sshd, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  try {
    await waitForPort(port, child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const user = os.userInfo().username;
  const target = {
    host: '127.0.0.1',
    port,
    user,
    keyFile: clientKey.privatePath,
    hostKey: hostKey.fingerprint,
  };
  return {
    target,
    user,
    unknownKeyFile: unknownKey.privatePath,
    composeDir,
    providerEnv: {
      PROVIDER_SSH_HOST: target.host,
      PROVIDER_SSH_PORT: String(target.port),
      PROVIDER_SSH_USER: user,
      PROVIDER_SSH_KEY_FILE: target.keyFile,
      PROVIDER_SSH_HOST_KEY: target.hostKey,
      PROVIDER_COMPOSE_DIR: composeDir,
    },
    dockerLog: docker.log,
    clearDockerLog: docker.clearLog,
    setDockerBehaviour: docker.setBehaviour,
    processesMatching: countProcessesMatching,
    sshdLog: () => log,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Polls until sshd accepts a TCP connection; fails early with sshd's log if it exits.
async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sshd exited (${child.exitCode ?? child.signalCode}) before listening:\n${log()}`);
    }
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within 10 s:\n${log()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
