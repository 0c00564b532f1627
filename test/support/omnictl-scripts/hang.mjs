#!/usr/bin/env node
// Stands in for an omnictl that never finishes (a delete waiting on finalizers). Prints its pid
// so a test can check it is gone. `--ignore-sigterm` survives SIGTERM: only SIGKILL ends it.
if (process.argv.includes('--ignore-sigterm')) process.on('SIGTERM', () => {});
process.stdout.write(`waiting ${process.pid}\n`);
setInterval(() => {}, 60_000);
