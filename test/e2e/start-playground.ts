import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const URL_LINE = /omni-chatops playground: (http:\/\/127\.0\.0\.1:\d+\/)/;

export type Playground = { url: string; output(): string; stop(): Promise<void> };

// `npm run demo` as a user runs it: its own process, no environment beyond PATH and HOME.
export async function startPlayground(timeoutMs = 60_000): Promise<Playground> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/start-demo.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? ROOT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    const url = await waitForUrl(child, () => output, timeoutMs);
    return { url, output: () => output, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function waitForUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = URL_LINE.exec(output())?.[1];
      if (!url) return;
      finish();
      resolve(url);
    };
    const onExit = () => {
      finish();
      reject(
        new Error(
          `the playground exited (${child.exitCode ?? child.signalCode}) before printing its URL:\n${output()}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`the playground printed no URL within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

// SIGINT is Ctrl-C: the demo stops the bot, sshd and the fakes and removes its temp files.
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
