import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

// Which configured user groups (S…) a user is in, from usergroups.users.list, cached briefly.
export function createGroupDirectory(options: {
  client: WebClient;
  groupIds: readonly string[];
  ttlMs: number;
  clock: () => Date;
  logger: Logger;
}) {
  const cache = new Map<string, { users: Set<string>; at: number }>();

  async function members(groupId: string): Promise<Set<string>> {
    const now = options.clock().getTime();
    const hit = cache.get(groupId);
    if (hit && now - hit.at < options.ttlMs) return hit.users;
    try {
      const response = await options.client.usergroups.users.list({ usergroup: groupId });
      const users = new Set(response.users ?? []);
      cache.set(groupId, { users, at: now });
      return users;
    } catch (error) {
      // Fail closed: a group Slack cannot list grants nothing.
      options.logger.warn({ err: error, groupId }, 'usergroups.users.list failed');
      return new Set();
    }
  }

  return {
    async groupsOf(userId: string): Promise<string[]> {
      const found: string[] = [];
      for (const groupId of options.groupIds) {
        if ((await members(groupId)).has(userId)) found.push(groupId);
      }
      return found;
    },
  };
}

export type GroupDirectory = ReturnType<typeof createGroupDirectory>;
