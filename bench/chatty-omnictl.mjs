#!/usr/bin/env node
// A stand-in omnictl that talks a lot: `chatty-omnictl.mjs <step> <lines> <interval-ms>` prints
// <lines> lines, one every <interval-ms>, then exits 0. For the progress-economy benchmark.
const [step = '0', lines = '100', interval = '10'] = process.argv.slice(2);
let printed = 0;
const timer = setInterval(() => {
  printed += 1;
  process.stdout.write(
    `step ${step}: reconciling resource ${printed} of ${lines} (machine ${printed % 7})\n`,
  );
  if (printed >= Number(lines)) clearInterval(timer);
}, Number(interval));
