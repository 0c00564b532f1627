import type { StoredMessage } from './fake-slack-types.js';
import {
  defaultChannelName,
  workspaceDefaults as defaults,
  defaultUserName,
  FAKE_VERIFICATION_TOKEN,
  newTriggerId,
} from './request-defaults.js';

export type BlockActionsInput = {
  actionId: string;
  userId: string;
  responseUrl: string;
  // Derived from `message` when it is a message the fake stored (fake.channelMessages(…)[i]).
  channelId?: string;
  messageTs?: string;
  threadTs?: string;
  blockId?: string;
  value?: string;
  // The message holding the button: a stored message or a Slack-shaped object.
  message?: StoredMessage | Record<string, unknown>;
  isEphemeral?: boolean;
  triggerId?: string;
  // Overrides for the clicked element (e.g. selected_option for a select).
  action?: Record<string, unknown>;
  teamId?: string;
};

// The `payload` of a click, shaped like block-actions.payload.json.
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const stored = isStoredMessage(input.message) ? input.message : undefined;
  const channelId = input.channelId ?? stored?.channel;
  const messageTs = input.messageTs ?? stored?.ts;
  if (!channelId || !messageTs)
    throw new Error('blockActionsPayload: give channelId and messageTs, or a stored message');
  const threadTs = input.threadTs ?? stored?.threadTs;
  const teamId = input.teamId ?? defaults.teamId;
  const message = stored ? slackMessage(stored, teamId) : input.message;
  const blocks = (message as { blocks?: unknown } | undefined)?.blocks;
  const element = findElement(blocks, input.actionId);
  const userName = defaultUserName(input.userId);
  return {
    type: 'block_actions',
    user: { id: input.userId, username: userName, name: userName, team_id: teamId },
    api_app_id: defaults.appId,
    token: FAKE_VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: input.isEphemeral ?? false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: defaults.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: defaultChannelName(channelId) },
    // Slack sends no `message` for clicks in ephemeral messages.
    ...(input.isEphemeral ? {} : { message: message ?? defaultMessage(messageTs, threadTs, teamId) }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: input.blockId ?? element?.blockId ?? 'fake-block',
        ...(element?.text ? { text: element.text } : {}),
        value: input.value ?? element?.value ?? '',
        ...(element?.style ? { style: element.style } : {}),
        type: element?.type ?? 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000000`,
        ...input.action,
      },
    ],
  };
}

function isStoredMessage(message: BlockActionsInput['message']): message is StoredMessage {
  return message !== undefined && Array.isArray(message.edits) && typeof message.source === 'string';
}

function slackMessage(stored: StoredMessage, teamId: string): Record<string, unknown> {
  const isBot = stored.botId !== undefined;
  return {
    user: stored.user,
    type: 'message',
    ts: stored.ts,
    ...(isBot ? { bot_id: stored.botId, app_id: defaults.appId } : {}),
    text: stored.text,
    team: teamId,
    ...(stored.threadTs ? { thread_ts: stored.threadTs, parent_user_id: stored.user } : {}),
    ...(stored.blocks ? { blocks: stored.blocks } : {}),
  };
}

function defaultMessage(ts: string, threadTs: string | undefined, teamId: string): Record<string, unknown> {
  return {
    user: defaults.botUserId,
    type: 'message',
    ts,
    bot_id: defaults.botId,
    app_id: defaults.appId,
    text: '',
    team: teamId,
    ...(threadTs ? { thread_ts: threadTs, parent_user_id: defaults.botUserId } : {}),
    blocks: [],
  };
}

type FoundElement = { blockId?: string; text?: unknown; value?: string; style?: string; type?: string };

function findElement(blocks: unknown, actionId: string): FoundElement | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as Record<string, unknown>[]) {
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const element = candidates.find(
      (e) => (e as { action_id?: unknown } | undefined)?.action_id === actionId,
    ) as Record<string, unknown> | undefined;
    if (!element) continue;
    return {
      ...(typeof block.block_id === 'string' ? { blockId: block.block_id } : {}),
      text: element.text,
      ...(typeof element.value === 'string' ? { value: element.value } : {}),
      ...(typeof element.style === 'string' ? { style: element.style } : {}),
      ...(typeof element.type === 'string' ? { type: element.type } : {}),
    };
  }
  return undefined;
}
