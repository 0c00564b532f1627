import { channelViews, simulatorView } from './build-snapshot.js';
import type { DemoSession } from './create-demo-session.js';
import type { ActionAnswer, Snapshot } from './demo-types.js';
import { isPerson, isScenario, PEOPLE, SCENARIO_NOTES, SCENARIOS } from './demo-workspace.js';
import { fixTemplateLabels, inspectTemplate } from './fix-template.js';
import type { DemoStack } from './start-demo-stack.js';

type Json = Record<string, unknown>;
export type ApiAnswer = { status: number; body: unknown };

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

// What the page shows for the person `userId`, polled every second.
export function snapshot(session: DemoSession, userId: string): Snapshot {
  const running = session.current();
  const base = {
    scenario: session.scenario(),
    people: PEOPLE,
    scenarios: SCENARIOS,
    scenarioNotes: SCENARIO_NOTES,
    status: session.status(),
    ...(session.problem() ? { problem: session.problem() } : {}),
  };
  if (!running) return { ...base, channels: [] };
  const modal = running.driver.openModal(userId);
  return {
    ...base,
    ...(running.stack.sshUnavailable ? { sshUnavailable: running.stack.sshUnavailable } : {}),
    channels: channelViews(running.stack, userId),
    ...(modal ? { modal } : {}),
    simulator: simulatorView(running.stack),
    ...(running.stack.template ? { template: running.stack.template } : {}),
    logPath: running.stack.logPath,
    watch: watchSchedule(running.stack),
  };
}

// The watcher polls every interval, the first time one interval after the bot started.
function watchSchedule(stack: DemoStack): Snapshot['watch'] {
  const intervalMs = stack.config.watchIntervalMs;
  if (!stack.config.incidentChannel || intervalMs <= 0) return undefined;
  const firstCheckInMs = Math.max(0, stack.startedAt + intervalMs - Date.now());
  return { channel: stack.config.incidentChannel, intervalMs, firstCheckInMs };
}

const BAD = (problem: string): ApiAnswer => ({ status: 400, body: { ok: false, problem } });

// The page's actions; each names the person acting, as Slack names the user in each request.
export async function handleAction(session: DemoSession, action: string, body: Json): Promise<ApiAnswer> {
  if (action === 'reset') {
    if (!isScenario(body.scenario)) return BAD('unknown scenario');
    await session.reset(body.scenario);
    return { status: 200, body: { ok: session.status() === 'running', problem: session.problem() } };
  }
  const running = session.current();
  if (!running) return { status: 503, body: { ok: false, problem: 'The playground is restarting.' } };
  const { driver, stack } = running;
  if (action === 'fix-template') {
    // The simulator's own hand on the file, as an operator editing the template would.
    const fixed = await fixTemplateLabels(stack.templatesDir);
    stack.template = await inspectTemplate(stack.templatesDir);
    return { status: 200, body: { ok: fixed.ok, ...(fixed.problem ? { problem: fixed.problem } : {}) } };
  }
  if (!isPerson(body.user)) return BAD('unknown person');
  const user = body.user;
  let answer: ActionAnswer;
  switch (action) {
    case 'command': {
      const channel = str(body.channel);
      const text = str(body.text)
        ?.trim()
        .replace(/^\/omni\b\s*/, '');
      if (!channel || text === undefined) return BAD('command needs channel and text');
      answer = await driver.command(user, channel, text);
      break;
    }
    case 'click': {
      const channel = str(body.channel);
      const ts = str(body.ts);
      const actionId = str(body.actionId);
      if (!channel || !ts || !actionId) return BAD('click needs channel, ts and actionId');
      answer = await driver.click({
        userId: user,
        channelId: channel,
        ts,
        actionId,
        blockId: str(body.blockId),
        value: str(body.value),
      });
      break;
    }
    case 'submit': {
      const viewId = str(body.viewId);
      if (!viewId) return BAD('submit needs viewId');
      const values = typeof body.values === 'object' && body.values !== null ? (body.values as Json) : {};
      const texts = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v ?? '')]));
      answer = await driver.submitView(user, viewId, texts);
      break;
    }
    case 'close': {
      const viewId = str(body.viewId);
      if (!viewId) return BAD('close needs viewId');
      driver.closeView(viewId);
      answer = { ok: true };
      break;
    }
    default:
      return { status: 404, body: { ok: false, problem: `no action ${action}` } };
  }
  return { status: 200, body: answer };
}
