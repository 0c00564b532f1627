#!/usr/bin/env node
// Steers the fake Omni from a shell, e.g. from a recording `docker` stand-in on an SSH test host:
//   FAKE_OMNI_STATE=/path/state.json node admin.mjs set-provider-connected true
// Commands: init <talos-prod|healthy|fleet:N[:stuckRatio]>, set-provider-connected <true|false>,
// set-auth <ok|expired|rejected|insufficient-role>, inject-fault '<json>', clear-faults,
// provider (prints the provider's state as JSON), show (prints the whole state).

import { changeState, setProviderConnected } from './lib/admin-ops.mjs';
import { generateFleet, scenarioState } from './lib/scenarios/index.mjs';
import { readState, writeState } from './lib/state-store.mjs';

const AUTHS = ['ok', 'expired', 'rejected', 'insufficient-role'];

function fail(message) {
  process.stderr.write(`admin: ${message}\n`);
  process.exit(2);
}

function parseBool(value) {
  if (value !== 'true' && value !== 'false') fail(`expected true or false, got "${value}"`);
  return value === 'true';
}

function init(name) {
  const fleet = /^fleet:(\d+)(?::([\d.]+))?$/.exec(name ?? '');
  if (fleet) return generateFleet({ machines: Number(fleet[1]), stuckRatio: Number(fleet[2] ?? 0.03) });
  if (name === 'talos-prod' || name === 'healthy') return scenarioState(name);
  return fail(`unknown scenario "${name}"`);
}

const statePath = process.env.FAKE_OMNI_STATE;
if (!statePath) fail('FAKE_OMNI_STATE is not set');
const [command, arg] = process.argv.slice(2);

switch (command) {
  case 'init':
    writeState(statePath, init(arg));
    break;
  case 'set-provider-connected':
    setProviderConnected(statePath, parseBool(arg));
    break;
  case 'set-auth':
    if (!AUTHS.includes(arg)) fail(`auth must be one of ${AUTHS.join(', ')}`);
    changeState(statePath, (s) => {
      s.auth = arg;
    });
    break;
  case 'inject-fault':
    changeState(statePath, (s) => {
      s.faults.push(JSON.parse(arg));
    });
    break;
  case 'clear-faults':
    changeState(statePath, (s) => {
      s.faults = [];
    });
    break;
  case 'provider':
    process.stdout.write(`${JSON.stringify(readState(statePath).provider)}\n`);
    break;
  case 'show':
    process.stdout.write(`${JSON.stringify(readState(statePath), null, 2)}\n`);
    break;
  default:
    fail(`unknown command "${command}"`);
}
