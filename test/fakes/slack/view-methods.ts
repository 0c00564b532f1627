import type { StoredView } from './fake-slack-types.js';
import {
  fail,
  failWithProblems,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
  missingArgument,
  stringParam,
} from './method-context.js';
import { checkLength, checkTextObject, isRecord } from './validate-block-elements.js';
import { validateBlocks } from './validate-blocks.js';

const MAX_MODAL_BLOCKS = 100;

// Modal limits (Block Kit "Modal view" reference). Real Slack answers these with
// `invalid_arguments` plus [ERROR] messages pointing into /view (seen in the wild, e.g.
// "must be less than 24 characters [json-pointer:/view/title/text]").
export function validateView(view: unknown): string[] {
  if (!isRecord(view)) return ['must provide an object [json-pointer:/view]'];
  const problems: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home')
    problems.push('must be modal or home [json-pointer:/view/type]');
  if (view.type === 'modal') {
    checkTextObject(view.title, '/view/title', problems, { max: 24, plainOnly: true, required: true });
    checkTextObject(view.submit, '/view/submit', problems, { max: 24, plainOnly: true });
    checkTextObject(view.close, '/view/close', problems, { max: 24, plainOnly: true });
  }
  checkLength(view.callback_id, 255, '/view/callback_id', problems);
  checkLength(view.private_metadata, 3000, '/view/private_metadata', problems);
  checkLength(view.external_id, 255, '/view/external_id', problems);
  problems.push(
    ...validateBlocks(view.blocks ?? [], { maxBlocks: MAX_MODAL_BLOCKS, pointer: '/view/blocks' }),
  );
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (view.type === 'modal' && hasInput && view.submit === undefined) {
    problems.push('must provide submit when the view has input blocks [json-pointer:/view/submit]');
  }
  return problems;
}

function viewShape(context: MethodContext, stored: StoredView, rootId: string): MethodResult {
  const { options } = context.state;
  return {
    id: stored.id,
    team_id: options.teamId,
    state: { values: {} },
    hash: stored.hash,
    root_view_id: rootId,
    previous_view_id: null,
    app_id: options.appId,
    bot_id: options.botId,
    private_metadata: '',
    callback_id: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    ...stored.view,
  };
}

function openView(context: MethodContext): MethodResult {
  const { state, params } = context;
  const triggerId = stringParam(params, 'trigger_id');
  if (triggerId === undefined) return missingArgument('trigger_id');
  // Trigger ids are single use; their 3-second expiry is not modelled (issue time is unknown).
  if (state.usedTriggers.has(triggerId)) return fail('exchanged_trigger_id');
  const problems = validateView(params.view);
  if (problems.length > 0) return failWithProblems('invalid_arguments', problems);
  state.usedTriggers.add(triggerId);
  const stored: StoredView = {
    id: state.nextId('V'),
    view: params.view as Record<string, unknown>,
    hash: `${Date.now()}.${state.nextId('h')}`,
    triggerId,
    history: [],
  };
  state.views.set(stored.id, stored);
  return { ok: true, view: viewShape(context, stored, stored.id) };
}

function updateView(context: MethodContext): MethodResult {
  const { state, params } = context;
  const viewId = stringParam(params, 'view_id');
  const externalId = stringParam(params, 'external_id');
  if (viewId === undefined && externalId === undefined) return missingArgument('view_id');
  const stored = viewId
    ? state.views.get(viewId)
    : [...state.views.values()].find((view) => view.view.external_id === externalId);
  if (!stored) return fail('not_found');
  const hash = stringParam(params, 'hash');
  if (hash !== undefined && hash !== stored.hash) return fail('hash_conflict');
  const problems = validateView(params.view);
  if (problems.length > 0) return failWithProblems('invalid_arguments', problems);
  stored.history.push(stored.view);
  stored.view = params.view as Record<string, unknown>;
  stored.hash = `${Date.now()}.${state.nextId('h')}`;
  return { ok: true, view: viewShape(context, stored, stored.id) };
}

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': { token: 'bot', handle: openView },
  'views.update': { token: 'bot', handle: updateView },
};
