import type { IncomingMessage, ServerResponse } from 'node:http';

export type Route = {
  path: string;
  method: 'GET';
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
};
