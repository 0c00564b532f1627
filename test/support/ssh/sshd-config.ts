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
    // The stand-in docker comes first; /usr/local/bin (a real docker, maybe) is left out. SHLVL=1
    // makes bash skip ~/.bashrc (it reads it only as a top-level shell run by sshd): a developer's
    // rc file can take seconds per command and rewrite PATH.
    `SetEnv PATH=${params.binDir}:/usr/bin:/bin SHLVL=1`,
    // In-process SFTP, so the test does not depend on where sftp-server is installed.
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}
