import { spawn } from 'node:child_process';
import { createFakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { postSigned, slashCommandBody } from '../test/fakes/slack/slack-requests.js';
import { startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { SIGNING_SECRET } from '../test/support/bot-harness.js';
import { freePort } from '../test/support/bot-process.js';
import { botEnv, ROOT, waitForOk } from './bot-env.js';
import { BUILT_MAIN } from './build-bot.js';
import { writeStubOmnictl } from './stub-omnictl.js';

const slack = await startFakeSlack();
const omni = await createFakeOmni({ scenario: 'talos-prod' });
const port = await freePort();
const t = performance.now();
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', BUILT_MAIN], {
  cwd: ROOT,
  env: botEnv({ slack, omni, port, omnictlPath: writeStubOmnictl() }),
  stdio: 'inherit',
});
await waitForOk(`http://127.0.0.1:${port}/readyz`, t);
const url = `http://127.0.0.1:${port}/slack/events`;
const lat = [];
for (let i = 0; i < 100; i++) {
  const body = slashCommandBody({
    text: 'stuck-machines',
    userId: 'U0ALICE',
    channelId: 'C0OPS',
    responseUrl: slack.responseUrl(),
  });
  lat.push((await postSigned(url, { body, signingSecret: SIGNING_SECRET })).ms);
  await new Promise((r) => setTimeout(r, 300));
}
lat.sort((a, b) => a - b);
console.log('isolated (300ms gap) p50', lat[50], 'p99', lat[98]);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await slack.close();
