import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeWebClient } from './fake-web-client.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;

beforeEach(async () => {
  fake ??= await startFakeSlack();
  fake.reset();
});
afterAll(() => fake?.close());

describe('tokens', () => {
  it('answers auth.test with the bot identity Bolt reads', async () => {
    const result = await fakeWebClient(fake).auth.test();

    expect(result).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM' });
  });

  it.each([
    ['no token', null, 'not_authed'],
    ['an unknown token', 'xoxb-wrong', 'invalid_auth'],
    ['the app token', 'xapp-1-A0APP-fake-app-token', 'not_allowed_token_type'],
  ])('refuses %s on a bot method', async (_case, token, error) => {
    await expect(
      fakeWebClient(fake, token).chat.postMessage({ channel: 'C0OPS', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error },
    });
  });

  it('takes only the app token on apps.connections.open', async () => {
    const withApp = await fakeWebClient(fake, fake.options.appToken).apps.connections.open();

    expect(withApp.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${fake.port}/link/\\?ticket=`));
    await expect(fakeWebClient(fake).apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
  });

  it('answers an unknown method with HTTP 200 unknown_method, so the client does not retry', async () => {
    const response = await fetch(`${fake.apiUrl}chat.scheduleTeaParty`, { method: 'POST' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'unknown_method' });
  });
});

describe('lookups', () => {
  it('answers users.info with name, real name and tz', async () => {
    const { user } = await fakeWebClient(fake).users.info({ user: 'U0BOB' });

    expect(user).toMatchObject({ id: 'U0BOB', name: 'bob', real_name: 'Bob Approver', tz: 'Europe/Berlin' });
    await expect(fakeWebClient(fake).users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('lists usergroup members and refuses unknown groups', async () => {
    const result = await fakeWebClient(fake).usergroups.users.list({ usergroup: 'S0APPROVERS' });

    expect(result.users).toEqual(['U0BOB']);
    await expect(fakeWebClient(fake).usergroups.users.list({ usergroup: 'S0NOPE' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });
  });

  it('says whether the bot is a member, and hides private channels it is not in', async () => {
    const fake2 = await startFakeSlack({
      channels: [{ id: 'G0SECRET', name: 'secret', isPrivate: true, members: [] }],
    });
    try {
      const ops = await fakeWebClient(fake).conversations.info({ channel: 'C0OPS' });
      const random = await fakeWebClient(fake).conversations.info({ channel: 'C0NOBOT' });

      expect(ops.channel).toMatchObject({
        id: 'C0OPS',
        name: 'ops-omni',
        is_member: true,
        is_private: false,
      });
      expect(random.channel).toMatchObject({ is_member: false });
      await expect(fakeWebClient(fake2).conversations.info({ channel: 'G0SECRET' })).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
    } finally {
      await fake2.close();
    }
  });

  it('lets tests change membership', async () => {
    fake.addMember('C0NOBOT', 'U0BOT');

    await fakeWebClient(fake).chat.postMessage({ channel: 'C0NOBOT', text: 'joined' });

    expect(fake.channelMessages('random')).toHaveLength(1);
  });
});
