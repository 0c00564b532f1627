// The bot scopes the code needs, each with the Web API methods that need it. manifest.yml must grant
// exactly these; test/integration/manifest.test.ts fails when code, table and manifest drift apart.
export const REQUIRED_SCOPES = {
  // The /omni slash command; granted by the command itself, no Web API method behind it.
  commands: [],
  'chat:write': ['chat.postMessage', 'chat.update', 'chat.postEphemeral'],
  // A template diff too long for the approval card goes whole into its thread as a file
  // (files.uploadV2 calls both).
  'files:write': ['files.getUploadURLExternal', 'files.completeUploadExternal'],
  // Approver and operator groups (S…) are resolved to their members.
  'usergroups:read': ['usergroups.users.list'],
} as const satisfies Record<string, readonly string[]>;

export type BotScope = keyof typeof REQUIRED_SCOPES;

// Methods the bot calls that Slack lets any bot token call (Slack's method pages: "No scope required").
export const SCOPE_FREE_METHODS = ['auth.test', 'chat.getPermalink', 'views.open'] as const;

// Which scope a Web API method needs: a scope, 'none', or undefined when the table does not know it.
export function scopeForMethod(method: string): BotScope | 'none' | undefined {
  if ((SCOPE_FREE_METHODS as readonly string[]).includes(method)) return 'none';
  for (const [scope, methods] of Object.entries(REQUIRED_SCOPES)) {
    if ((methods as readonly string[]).includes(method)) return scope as BotScope;
  }
  return undefined;
}
