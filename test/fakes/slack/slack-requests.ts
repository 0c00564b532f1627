import { randomBytes } from 'node:crypto';
import {
  defaultChannelName,
  workspaceDefaults as defaults,
  defaultUserName,
  FAKE_VERIFICATION_TOKEN,
  newTriggerId,
} from './request-defaults.js';

export { type BlockActionsInput, blockActionsPayload } from './block-actions-payload.js';
export { FAKE_VERIFICATION_TOKEN, newTriggerId } from './request-defaults.js';
export { type PostSignedOptions, postSigned, type SignedResponse, signRequest } from './sign-request.js';

// What Slack sends to the bot: bodies for HTTP mode and payloads for Socket Mode envelopes.
// Field sets and order follow slash-command.form.txt / block-actions.payload.json (test/fixtures/slack).

export type SlashCommandInput = {
  text: string;
  command?: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  responseUrl: string;
  triggerId?: string;
  // The deprecated verification token; Bolt ignores it.
  token?: string;
};

// Socket Mode `slash_commands` payload: every value a string, including is_enterprise_install.
export function slashCommandPayload(input: SlashCommandInput): Record<string, string> {
  return {
    token: input.token ?? FAKE_VERIFICATION_TOKEN,
    team_id: input.teamId ?? defaults.teamId,
    team_domain: input.teamDomain ?? defaults.teamDomain,
    channel_id: input.channelId,
    channel_name: input.channelName ?? defaultChannelName(input.channelId),
    user_id: input.userId,
    user_name: input.userName ?? defaultUserName(input.userId),
    command: input.command ?? '/omni',
    text: input.text,
    api_app_id: input.apiAppId ?? defaults.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  };
}

// HTTP mode: the raw form body to sign and POST.
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams(slashCommandPayload(input)).toString();
}

// HTTP mode for block_actions / view_submission: one form field `payload` holding the JSON.
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type ViewSubmissionInput = {
  callbackId: string;
  userId: string;
  // Slack's state.values: { [block_id]: { [action_id]: { type, value | selected_option … } } }
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  viewId?: string;
  title?: string;
  teamId?: string;
  triggerId?: string;
};

export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const teamId = input.teamId ?? defaults.teamId;
  const viewId = input.viewId ?? 'V0FAKEVIEW';
  const userName = defaultUserName(input.userId);
  return {
    type: 'view_submission',
    team: { id: teamId, domain: defaults.teamDomain },
    user: { id: input.userId, username: userName, name: userName, team_id: teamId },
    api_app_id: defaults.appId,
    token: FAKE_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: [],
      private_metadata: input.privateMetadata ?? '',
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: '1767000000.fakehash',
      title: { type: 'plain_text', text: input.title ?? 'Omni', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: defaults.appId,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: defaults.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

// events_api envelope payload (event_callback wrapper of envelope.events_api.app_mention.json).
export function eventCallbackPayload(input: {
  event: Record<string, unknown>;
  eventId?: string;
  teamId?: string;
  botUserId?: string;
}): Record<string, unknown> {
  const teamId = input.teamId ?? defaults.teamId;
  return {
    token: FAKE_VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: defaults.appId,
    event: input.event,
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: input.botUserId ?? defaults.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
