import {
  fail,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
  missingArgument,
  stringParam,
} from './method-context.js';
import { findChannel } from './slack-state.js';

// Read-only lookups; shapes follow web-api/*.response.json with the fields a bot would read.

function authTest({ state }: MethodContext): MethodResult {
  const { options } = state;
  return {
    ok: true,
    url: `https://${options.teamDomain}.slack.com/`,
    team: options.teamDomain,
    user: state.users.get(options.botUserId)?.name ?? 'omni',
    team_id: options.teamId,
    user_id: options.botUserId,
    bot_id: options.botId,
    is_enterprise_install: false,
  };
}

function usersInfo({ state, params }: MethodContext): MethodResult {
  const id = stringParam(params, 'user');
  if (id === undefined) return missingArgument('user');
  const user = state.users.get(id);
  if (!user) return fail('user_not_found');
  const realName = user.realName ?? user.name;
  const isBot = user.isBot ?? id === state.options.botUserId;
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: state.options.teamId,
      name: user.name,
      deleted: false,
      real_name: realName,
      tz: user.tz ?? 'UTC',
      tz_label: user.tz ?? 'UTC',
      tz_offset: 0,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: user.name,
        display_name_normalized: user.name,
        team: state.options.teamId,
        ...(isBot ? { bot_id: state.options.botId } : {}),
      },
      is_admin: false,
      is_owner: false,
      is_bot: isBot,
      is_app_user: false,
      updated: 1766000000,
    },
  };
}

function usergroupUsers({ state, params }: MethodContext): MethodResult {
  const id = stringParam(params, 'usergroup');
  if (id === undefined) return missingArgument('usergroup');
  const users = state.usergroups.get(id);
  if (!users) return fail('no_such_subteam');
  return { ok: true, users: [...users] };
}

function conversationsInfo({ state, params }: MethodContext): MethodResult {
  const ref = stringParam(params, 'channel');
  if (ref === undefined) return missingArgument('channel');
  const channel = findChannel(state, ref);
  const isMember = channel?.members.has(state.options.botUserId) ?? false;
  if (!channel || (channel.isPrivate && !isMember)) return fail('channel_not_found');
  const isIm = channel.id.startsWith('D');
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isPrivate,
      is_group: channel.isPrivate && !isIm,
      is_im: isIm,
      is_mpim: false,
      is_private: channel.isPrivate,
      created: 1700000000,
      is_archived: false,
      is_general: false,
      name_normalized: channel.name,
      is_shared: false,
      is_org_shared: false,
      is_ext_shared: false,
      context_team_id: state.options.teamId,
      is_member: isMember,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [],
    },
  };
}

export const directoryMethods: Record<string, MethodHandler> = {
  'auth.test': { token: 'bot', handle: authTest },
  'users.info': { token: 'bot', handle: usersInfo },
  'usergroups.users.list': { token: 'bot', handle: usergroupUsers },
  'conversations.info': { token: 'bot', handle: conversationsInfo },
};
