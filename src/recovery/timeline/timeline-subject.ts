// What a timeline is about: one request, one run, or a cluster over a window.
export type TimelineSubject =
  | { kind: 'request'; id: string }
  | { kind: 'run'; id: string }
  | { kind: 'cluster'; cluster: string };
