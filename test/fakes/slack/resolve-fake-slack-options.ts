import type { FakeSlackOptions, ResolvedOptions } from './fake-slack-types.js';

// Defaults give every test a workspace where the common cases work out of the box:
// the bot is in #ops and #incidents, not in #random (for not_in_channel), and bob approves.
export const DEFAULT_BOT_USER_ID = 'U0BOT';

export function resolveFakeSlackOptions(options: FakeSlackOptions = {}): ResolvedOptions {
  const botUserId = options.botUserId ?? DEFAULT_BOT_USER_ID;
  return {
    botToken: options.botToken ?? 'xoxb-fake-bot-token',
    appToken: options.appToken ?? 'xapp-1-A0APP-fake-app-token',
    botUserId,
    botId: options.botId ?? 'B0BOT',
    appId: options.appId ?? 'A0APP',
    teamId: options.teamId ?? 'T0TEAM',
    teamDomain: options.teamDomain ?? 'fake',
    channels: options.channels ?? [
      { id: 'C0OPS', name: 'ops-omni', members: [botUserId, 'U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE'] },
      { id: 'C0INC', name: 'incidents', members: [botUserId, 'U0ALICE', 'U0BOB', 'U0DAVE'] },
      { id: 'C0NOBOT', name: 'random', members: ['U0ALICE', 'U0BOB'] },
    ],
    users: options.users ?? [
      { id: 'U0ALICE', name: 'alice', realName: 'Alice Operator', tz: 'Europe/Berlin' },
      { id: 'U0BOB', name: 'bob', realName: 'Bob Approver', tz: 'Europe/Berlin' },
      { id: 'U0CAROL', name: 'carol', realName: 'Carol Viewer', tz: 'America/New_York' },
      { id: 'U0DAVE', name: 'dave', realName: 'Dave Oncall', tz: 'UTC' },
    ],
    usergroups: options.usergroups ?? [{ id: 'S0APPROVERS', handle: 'omni-approvers', users: ['U0BOB'] }],
    maxFileBytes: options.maxFileBytes ?? 1_000_000_000,
    fileUploadsDisabled: options.fileUploadsDisabled ?? false,
  };
}
