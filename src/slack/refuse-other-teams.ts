import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';

export const OTHER_TEAM_TEXT =
  'This bot serves only the workspace it is installed in; requests from other workspaces (Slack Connect, guests from other organizations) are refused. Ask an operator of that workspace.';

type Body = {
  team_id?: unknown;
  enterprise_id?: unknown;
  team?: { id?: unknown } | null;
  enterprise?: { id?: unknown } | null;
  user?: { team_id?: unknown } | null;
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The workspaces a request names: where it was made and, for a click or a dialog, the user's own. */
export function teamsOf(body: Body): { teams: string[]; enterprise?: string } {
  const teams = [text(body.team_id), text(body.team?.id), text(body.user?.team_id)].filter(
    (id): id is string => id !== undefined,
  );
  const enterprise = text(body.enterprise_id) ?? text(body.enterprise?.id);
  return { teams: [...new Set(teams)], ...(enterprise ? { enterprise } : {}) };
}

/**
 * Refuses, before any listener runs, a request from a workspace other than the installing one
 * (`allowed`: the team from auth.test plus ALLOWED_TEAMS; an E… id admits its whole organization).
 * A signed request proves it came from Slack, not that its user belongs to this workspace: in a
 * Slack Connect channel, people of another organization can type `/omni` and click the buttons.
 */
export function refuseOtherTeams(
  allowed: ReadonlySet<string>,
  logger: Logger,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { teams, enterprise } = teamsOf(args.body as Body);
    const ok =
      (enterprise !== undefined && allowed.has(enterprise)) ||
      (teams.length > 0 && teams.every((team) => allowed.has(team)));
    if (ok) return args.next();
    logger.warn({ teams, enterprise }, 'request from another workspace refused');
    const { ack, respond } = args as { ack?: () => Promise<void>; respond?: (m: object) => Promise<unknown> };
    await ack?.();
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: OTHER_TEAM_TEXT }).catch(
      (error: unknown) => logger.warn({ err: error }, 'could not answer a refused request'),
    );
  };
}
