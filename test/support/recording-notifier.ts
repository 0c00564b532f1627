import type { Announcer } from '../../src/recovery/announcer.js';

// One thing the use cases told people, as a test reads it: which notice, about which request, and
// what it said. (The one file to adapt when the announcer becomes a neutral notifier.)
export type Notice = {
  notice: keyof Announcer;
  requestId: string;
  // The request's status when the notice was sent.
  status: string;
  reason?: string;
  mentions?: readonly string[];
  approvedBy?: readonly string[];
  event?: string;
  result?: { status: string; verdict: string };
  text?: string;
};

export type RecordingNotifier = Announcer & {
  notices: Notice[];
  // The notices' names in order, e.g. ['runStarted', 'runProgress', …, 'runFinished'].
  names(): string[];
};

/** An announcer that records every notice, so a test asserts what people would have been told. */
export function createRecordingNotifier(
  options: { cardTs?: string; statusTs?: string } = {},
): RecordingNotifier {
  const notices: Notice[] = [];
  const record = (notice: Notice) => {
    notices.push(notice);
  };
  return {
    notices,
    names: () => notices.map((n) => n.notice),
    async requestCreated(request) {
      record({ notice: 'requestCreated', requestId: request.id, status: request.status });
      return { cardTs: options.cardTs };
    },
    async requestAnnounced(request) {
      record({ notice: 'requestAnnounced', requestId: request.id, status: request.status });
    },
    async approvalRecorded(request, _plan, approvedBy) {
      record({ notice: 'approvalRecorded', requestId: request.id, status: request.status, approvedBy });
    },
    async requestClosed(request, _plan, reason, mentions) {
      record({
        notice: 'requestClosed',
        requestId: request.id,
        status: request.status,
        reason,
        ...(mentions ? { mentions } : {}),
      });
    },
    async threadNote(request, text) {
      record({ notice: 'threadNote', requestId: request.id, status: request.status, text });
    },
    async runStarted(request) {
      record({ notice: 'runStarted', requestId: request.id, status: request.status });
      return { statusTs: options.statusTs };
    },
    runProgress(request, _plan, _run, event) {
      const at = event.type === 'step-finished' ? event.result.idx : event.idx;
      const detail = event.type === 'step-output' ? `: ${event.line}` : '';
      record({
        notice: 'runProgress',
        requestId: request.id,
        status: request.status,
        event: `${event.type} ${at}${detail}`,
      });
    },
    async runFinished(request, _plan, _run, result) {
      record({
        notice: 'runFinished',
        requestId: request.id,
        status: request.status,
        result: { status: result.status, verdict: result.verdict },
      });
    },
    async runInterrupted(request) {
      record({ notice: 'runInterrupted', requestId: request.id, status: request.status });
    },
  };
}
