import type {
  FailOptions,
  FakeSocket,
  FakeWarning,
  RecordedCall,
  RecordedResponse,
  ResolvedOptions,
  ResponseUrlContext,
  WaitOptions,
} from './fake-slack-types.js';
import type { StateQueries } from './state-queries.js';

// What startFakeSlack() returns. Arrays are live: they grow as calls arrive and reset() empties them.
export type FakeSlack = StateQueries & {
  port: number;
  // http://127.0.0.1:<port>
  url: string;
  // Pass as clientOptions.slackApiUrl: http://127.0.0.1:<port>/api/
  apiUrl: string;
  options: ResolvedOptions;
  calls: readonly RecordedCall[];
  responses: readonly RecordedResponse[];
  // Things Slack accepts but a reviewer would flag (missing text fallback, truncation, …).
  warnings: readonly FakeWarning[];
  socket: FakeSocket;
  callsTo: (method: string) => RecordedCall[];
  // First call (from index `from`, default 0) matching; resolves on calls already recorded too.
  waitFor: (
    target: string | ((call: RecordedCall) => boolean),
    options?: WaitOptions,
  ) => Promise<RecordedCall>;
  waitForResponse: (
    matches?: (response: RecordedResponse) => boolean,
    options?: WaitOptions,
  ) => Promise<RecordedResponse>;
  // Method name, or 'response_url' for the response_url catcher.
  failNext: (method: string, options?: FailOptions) => void;
  // A fresh response_url on this fake; the context says which message/user it acts on.
  responseUrl: (context?: ResponseUrlContext) => string;
  // Back to the initial workspace: no messages, calls, faults; ts numbering restarts.
  reset: () => void;
  close: () => Promise<void>;
};
