#!/usr/bin/env node
// Prints the environment it was given as JSON, so tests can check the allowlist.
process.stdout.write(`${JSON.stringify(process.env)}\n`);
