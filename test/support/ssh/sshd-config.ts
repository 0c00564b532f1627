export type SshdConfigParams = {
  port: number;
  hostKeyPath: string;
  pidFile: string;
  authorizedKeysFile: string;
  binDir: string;
};

// Everything sshd reads comes from the temp dir; the system's own sshd_config is never used.
export function sshdConfig(params: SshdConfigParams): string {
  return [
    'ListenAddress 127.0.0.1',
    `Port ${params.port}`,
    `HostKey ${params.hostKeyPath}`,
    `PidFile ${params.pidFile}`,
    `AuthorizedKeysFile ${params.authorizedKeysFile}`,
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'PrintMotd no',
    'UseDNS no',
    // The stand-in docker comes first; /usr/local/bin (a real docker, maybe) is left out.
    `SetEnv PATH=${params.binDir}:/usr/bin:/bin`,
    // In-process SFTP, so the test does not depend on where sftp-server is installed.
    'Subsystem sftp internal-sftp',
    'LogLevel DEBUG1',
    '',
  ].join('\n');
}
