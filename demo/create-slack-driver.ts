import {
  blockActionsPayload,
  interactionBody,
  newTriggerId,
  postSigned,
  slashCommandBody,
  viewSubmissionPayload,
} from '../test/fakes/slack/slack-requests.js';
import { DEMO_SIGNING_SECRET } from './demo-env.js';
import type { ActionAnswer, ModalView } from './demo-types.js';
import { findStoredMessage } from './find-stored-message.js';
import type { DemoStack } from './start-demo-stack.js';

export type Click = {
  userId: string;
  channelId: string;
  ts: string;
  actionId: string;
  blockId?: string;
  value?: string;
};

export type SlackDriver = {
  command(userId: string, channelId: string, text: string): Promise<ActionAnswer>;
  click(click: Click): Promise<ActionAnswer>;
  submitView(userId: string, viewId: string, values: Record<string, string>): Promise<ActionAnswer>;
  closeView(viewId: string): void;
  openModal(userId: string): ModalView | undefined;
};

type Json = Record<string, unknown>;

// Plays Slack's part for the page: every request is signed and shaped as Slack sends it, so the
// bot runs exactly the code it runs in production.
export function createSlackDriver(stack: DemoStack): SlackDriver {
  const { slack } = stack;
  // Slack knows whose trigger_id opened a modal; the fake does not, so the driver remembers.
  const triggerOwners = new Map<string, string>();
  const dismissed = new Set<string>();

  const triggerFor = (userId: string) => {
    const id = newTriggerId();
    triggerOwners.set(id, userId);
    return id;
  };

  const send = async (body: string): Promise<{ status: number; body: string }> => {
    try {
      return await postSigned(stack.eventsUrl, { body, signingSecret: DEMO_SIGNING_SECRET });
    } catch (error) {
      return { status: 0, body: (error as Error).message };
    }
  };

  return {
    async command(userId, channelId, text) {
      const responseUrl = slack.responseUrl({ channel: channelId, userId });
      const input = { text, userId, channelId, responseUrl, triggerId: triggerFor(userId) };
      const answer = await send(slashCommandBody(input));
      if (answer.status !== 200) return refused(answer);
      // Slack shows a command's ack body to the caller, as it shows a response_url reply.
      const ack = parseJson(answer.body);
      if (ack && (ack.text !== undefined || ack.blocks !== undefined))
        await fetch(responseUrl, {
          method: 'POST',
          body: answer.body,
          headers: { 'content-type': 'application/json' },
        });
      return { ok: true };
    },

    async click(click) {
      const found = findStoredMessage(slack, click.channelId, click.ts, click.userId);
      if (!found) return { ok: false, problem: 'That message is gone.' };
      const isEphemeral = found.kind === 'ephemeral';
      const message = found.message;
      const payload = blockActionsPayload({
        actionId: click.actionId,
        userId: click.userId,
        blockId: click.blockId,
        value: click.value,
        triggerId: triggerFor(click.userId),
        isEphemeral,
        ...(isEphemeral
          ? {
              channelId: message.channel,
              messageTs: message.ts,
              threadTs: message.threadTs,
              message: { blocks: message.blocks },
            }
          : { message: found.message }),
        responseUrl: slack.responseUrl({
          channel: message.channel,
          userId: click.userId,
          messageTs: message.ts,
          threadTs: message.threadTs,
          isEphemeral,
        }),
      });
      const answer = await send(interactionBody(payload));
      return answer.status === 200 ? { ok: true } : refused(answer);
    },

    async submitView(userId, viewId, values) {
      const stored = slack.views().find((v) => v.id === viewId);
      if (!stored || dismissed.has(viewId)) return { ok: false, problem: 'That dialog is closed.' };
      const view = stored.view;
      const payload = viewSubmissionPayload({
        callbackId: String(view.callback_id ?? ''),
        userId,
        viewId,
        privateMetadata: String(view.private_metadata ?? ''),
        values: stateValues(view, values),
      });
      const answer = await send(interactionBody(payload));
      if (answer.status !== 200) return refused(answer);
      const ack = parseJson(answer.body);
      if (ack?.response_action === 'errors')
        return { ok: false, errors: ack.errors as Record<string, string> };
      dismissed.add(viewId);
      return { ok: true };
    },

    closeView: (viewId) => dismissed.add(viewId),

    openModal(userId) {
      const open = slack
        .views()
        .filter(
          (v) =>
            v.triggerId !== undefined && triggerOwners.get(v.triggerId) === userId && !dismissed.has(v.id),
        );
      const last = open.at(-1);
      return last ? { viewId: last.id, view: last.view } : undefined;
    },
  };
}

function refused(answer: { status: number; body: string }): ActionAnswer {
  return {
    ok: false,
    problem: `The bot answered ${answer.status || 'nothing'}: ${answer.body.slice(0, 200)}`,
  };
}

function parseJson(text: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

// Slack's view.state.values: { [block_id]: { [action_id]: { type, value } } } for each input block.
function stateValues(view: Json, values: Record<string, string>): Record<string, Record<string, unknown>> {
  const blocks = Array.isArray(view.blocks) ? (view.blocks as Json[]) : [];
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of blocks) {
    if (block.type !== 'input' || typeof block.block_id !== 'string') continue;
    const element = (block.element ?? {}) as Json;
    const actionId = typeof element.action_id === 'string' ? element.action_id : 'value';
    state[block.block_id] = { [actionId]: { type: element.type, value: values[block.block_id] ?? '' } };
  }
  return state;
}
