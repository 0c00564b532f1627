// @ts-check
// The worker thread that owns the HTTP port in HTTP mode. Slack wants an answer within 3 s, and on
// the main thread a request waits behind whatever the bot is doing (a report being rendered and
// posted), so this thread verifies, parses and answers Slack's requests itself and hands each one
// to the main thread, where Bolt runs the listeners. Plain JavaScript so it starts with Node alone,
// from the TypeScript sources and from the build. See docs/decisions/0006-receiver-thread.md.
import { createServer, request as httpRequest } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import http from '@slack/bolt/dist/receivers/HTTPModuleFunctions.js';
import { answeredAtOnce, mainAnswering } from './receiver-thread-policy.mjs';

/**
 * @typedef {import('./threaded-http-receiver.js').ReceiverThreadData} ReceiverThreadData
 * @typedef {import('./threaded-http-receiver.js').ToReceiverThread} ToReceiverThread
 * @typedef {import('./threaded-http-receiver.js').FromReceiverThread} FromReceiverThread
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

const port = parentPort;
if (port === null) throw new Error('receiver-thread.mjs runs only as a worker thread');
const config = /** @type {ReceiverThreadData} */ (workerData);

/** @param {FromReceiverThread} message */
const send = (message) => port.postMessage(message);

/** @param {'debug' | 'info' | 'warn' | 'error'} level */
const logAt =
  (level) =>
  (/** @type {unknown[]} */ ...parts) =>
    send({ type: 'log', level, message: parts.map(String).join(' ') });
// The shape Bolt's helpers log through; lines are written by the main thread's logger.
const logger = {
  debug: () => {},
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
  setLevel: () => {},
  getLevel: () => /** @type {never} */ ('info'),
  setName: () => {},
};

let nextId = 1;
// Requests the main thread still has to answer: the response and Bolt's not-acknowledged timer.
/** @type {Map<number, { request: IncomingMessage; response: ServerResponse; timer: NodeJS.Timeout }>} */
const waiting = new Map();
// When each request was handed over, until the main thread says it has it (oldest first).
/** @type {Map<number, number>} */
const unreceived = new Map();
const ids = {
  commands: new Set(config.answerAtOnce.commands),
  actionIds: new Set(config.answerAtOnce.actionIds),
};

/** @param {IncomingMessage} request @param {ServerResponse} response */
async function handleEvent(request, response) {
  let buffered;
  try {
    buffered = await http.parseAndVerifyHTTPRequest(
      { enabled: true, signingSecret: config.signingSecret, bodyLimit: http.defaultBodyLimit },
      request,
    );
  } catch (error) {
    if (http.isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413)) {
      logger.warn(`Request body exceeded the maximum allowed size (limit: ${error.limit} bytes)`);
      http.buildNoBodyResponse(response, 413);
      return;
    }
    logger.warn(
      `Failed to parse and verify the request data: ${error instanceof Error ? error.message : error}`,
    );
    http.buildNoBodyResponse(response, 401);
    return;
  }
  let body;
  try {
    body = http.parseHTTPRequestBody(buffered);
  } catch (error) {
    logger.warn(`Malformed request body: ${error instanceof Error ? error.message : error}`);
    http.buildNoBodyResponse(response, 400);
    return;
  }
  if (body.ssl_check === '1') {
    http.buildSSLCheckResponse(response);
    return;
  }
  if (body.type === 'url_verification') {
    http.buildUrlVerificationResponse(response, body);
    return;
  }
  const id = nextId++;
  // While the main thread is stuck, requests wait for its own ack again, so Slack shows its
  // timeout error rather than an answer from a bot that is not working.
  const acked = answeredAtOnce(body, ids) && mainAnswering(unreceived, Date.now(), config.mainStuckMs);
  if (acked) {
    http.buildContentResponse(response, undefined);
  } else {
    const timer = setTimeout(() => {
      waiting.delete(id);
      http.defaultUnhandledRequestHandler({ logger, request: buffered, response });
    }, config.unhandledRequestTimeoutMs);
    waiting.set(id, { request: buffered, response, timer });
  }
  unreceived.set(id, Date.now());
  send({
    type: 'event',
    id,
    body,
    acked,
    retryNum: http.extractRetryNumFromHTTPRequest(request),
    retryReason: http.extractRetryReasonFromHTTPRequest(request),
  });
}

// Every other path (/healthz, /readyz, /metrics, unknown ones) is answered by the main thread's
// route server, so health reflects the thread that does the work.
/** @param {IncomingMessage} request @param {ServerResponse} response */
function forwardToRoutes(request, response) {
  const upstream = httpRequest(
    {
      host: '127.0.0.1',
      port: config.routesPort,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === config.endpoint && request.method === 'POST') void handleEvent(request, response);
  else forwardToRoutes(request, response);
});

port.on('message', (/** @type {ToReceiverThread} */ message) => {
  if (message.type === 'received') {
    unreceived.delete(message.id);
    return;
  }
  if (message.type === 'close') {
    server.close(() => send({ type: 'closed' }));
    server.closeIdleConnections();
    return;
  }
  const pending = waiting.get(message.id);
  if (!pending) return;
  waiting.delete(message.id);
  clearTimeout(pending.timer);
  if (pending.response.headersSent) return;
  if (message.type === 'ack') http.buildContentResponse(pending.response, message.body);
  else http.buildNoBodyResponse(pending.response, message.status);
});

server.on('error', (error) => send({ type: 'listen-failed', message: error.message }));
server.listen(config.port, config.host, () => {
  const address = server.address();
  send({ type: 'listening', port: typeof address === 'object' && address ? address.port : config.port });
});
