/**
 * POSIX single-quote quoting: inside single quotes nothing is special except the quote itself,
 * which is closed, escaped and reopened (`'` → `'\''`). Safe for sh, dash, bash, zsh and ksh.
 */
export function quoteForShell(arg: string): string {
  // A NUL cannot travel in a command line at all; refusing beats silently truncating.
  if (arg.includes('\0')) throw new Error('quoteForShell: argument contains a NUL byte');
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
