// ssh2 ships no types and @types/ssh2 is not installed: the few parts the runner uses, by shape.
import type { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';

export type ExecChannel = Writable &
  Readable & {
    stderr: Readable;
    close(): void;
  };

export type SshClient = EventEmitter & {
  exec(command: string, callback: (error: Error | undefined, channel: ExecChannel) => void): boolean;
  end(): void;
  /** Closes the socket at once, without the SSH goodbye (for a host that stopped answering). */
  destroy(): void;
};

export type SftpCallback<T = void> = (
  error: (Error & { code?: number | string }) | null | undefined,
  value: T,
) => void;

export type SftpClient = {
  readFile(path: string, callback: SftpCallback<Buffer>): void;
  stat(path: string, callback: SftpCallback<{ size: number }>): void;
  open(path: string, flags: string, attributes: { mode: number }, callback: SftpCallback<Buffer>): void;
  write(
    handle: Buffer,
    data: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: SftpCallback,
  ): void;
  fchmod(handle: Buffer, mode: number, callback: SftpCallback): void;
  ext_openssh_fsync(handle: Buffer, callback: SftpCallback): void;
  close(handle: Buffer, callback: SftpCallback): void;
  ext_openssh_rename(source: string, target: string, callback: SftpCallback): void;
  unlink(path: string, callback: SftpCallback): void;
  end(): void;
};
