import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import {
  type App,
  AuthorizationError,
  type Logger as BoltLogger,
  type Receiver,
  ReceiverMultipleAckError,
} from '@slack/bolt';
import type { Route } from '../http/route.js';
import { portOf, serveRoutes } from '../http/serve-routes.js';

/** What Slack's requests may be answered with before the main thread sees them. */
export type AnsweredAtOnce = { commands: readonly string[]; actionIds: readonly string[] };

export type ReceiverThreadData = {
  signingSecret: string;
  port: number;
  host: string | undefined;
  endpoint: string;
  routesPort: number;
  unhandledRequestTimeoutMs: number;
  mainStuckMs: number;
  answerAtOnce: AnsweredAtOnce;
};

export type ToReceiverThread =
  | { type: 'received'; id: number }
  | { type: 'ack'; id: number; body: unknown }
  | { type: 'failed'; id: number; status: number }
  | { type: 'close' };

export type FromReceiverThread =
  | { type: 'listening'; port: number }
  | { type: 'listen-failed'; message: string }
  | { type: 'closed' }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | {
      type: 'event';
      id: number;
      body: Record<string, unknown>;
      acked: boolean;
      retryNum: number | undefined;
      retryReason: string | undefined;
    };

export type ThreadedHttpReceiverOptions = {
  signingSecret: string;
  port: number;
  host?: string;
  routes: readonly Route[];
  logger: BoltLogger;
  /** Bolt's answer (404) to a request no listener acked, for requests the thread does not answer. */
  unhandledRequestTimeoutMs?: number;
  /** How long a request handed to the main thread may go unseen before it counts as stuck. */
  mainStuckMs?: number;
};

/**
 * Bolt's HTTP receiver, with the port on its own thread (receiver-thread.mjs): `/omni` and clicks
 * on the bot's buttons are acknowledged there at once, whatever the main thread is doing, then run
 * by Bolt here; modal submissions and anything unknown wait for Bolt's ack as usual.
 */
export class ThreadedHttpReceiver implements Receiver {
  #app: App | undefined;
  #thread: Worker | undefined;
  #routes: Server | undefined;
  #answerAtOnce: AnsweredAtOnce = { commands: [], actionIds: [] };
  #closed: (() => void) | undefined;
  readonly options: ThreadedHttpReceiverOptions;
  port = 0;

  constructor(options: ThreadedHttpReceiverOptions) {
    this.options = options;
  }

  init(app: App): void {
    this.#app = app;
  }

  /** The command and action ids whose listeners ack at once with no body (set before start). */
  answerAtOnce(ids: AnsweredAtOnce): void {
    this.#answerAtOnce = ids;
  }

  async start(): Promise<number> {
    const routes = await serveRoutes(this.options.routes, 0, '127.0.0.1');
    this.#routes = routes;
    const data: ReceiverThreadData = {
      signingSecret: this.options.signingSecret,
      port: this.options.port,
      host: this.options.host,
      endpoint: '/slack/events',
      routesPort: portOf(routes),
      unhandledRequestTimeoutMs: this.options.unhandledRequestTimeoutMs ?? 3001,
      mainStuckMs: this.options.mainStuckMs ?? 1_000,
      answerAtOnce: this.#answerAtOnce,
    };
    const thread = new Worker(new URL('./receiver-thread.mjs', import.meta.url), { workerData: data });
    this.#thread = thread;
    try {
      this.port = await new Promise<number>((resolve, reject) => {
        thread.on('message', (message: FromReceiverThread) => {
          if (message.type === 'listening') resolve(message.port);
          else if (message.type === 'listen-failed')
            reject(new Error(`cannot listen on port ${this.options.port}: ${message.message}`));
          else this.#receive(message);
        });
        thread.once('error', reject);
        thread.once('exit', (code) => reject(new Error(`the HTTP receiver thread exited with code ${code}`)));
      });
    } catch (error) {
      await this.#shutDown();
      throw error;
    }
    thread.on('error', (error) => this.options.logger.error(`HTTP receiver thread failed: ${error.message}`));
    return this.port;
  }

  async stop(): Promise<void> {
    const thread = this.#thread;
    if (!thread) throw new Error('The receiver cannot be stopped because it was not started.');
    // Stop taking requests; those already handed over are still run by Bolt here.
    const closed = new Promise<void>((resolve) => {
      this.#closed = resolve;
      thread.once('exit', () => resolve());
    });
    this.#send({ type: 'close' });
    await closed;
    await this.#shutDown();
  }

  async #shutDown(): Promise<void> {
    const thread = this.#thread;
    const routes = this.#routes;
    this.#thread = undefined;
    this.#routes = undefined;
    await thread?.terminate();
    if (routes) await new Promise((resolve) => routes.close(resolve));
  }

  #send(message: ToReceiverThread): void {
    this.#thread?.postMessage(message);
  }

  #receive(message: FromReceiverThread): void {
    if (message.type === 'log') this.options.logger[message.level](message.message);
    else if (message.type === 'closed') this.#closed?.();
    else if (message.type === 'event') {
      this.#send({ type: 'received', id: message.id });
      void this.#dispatch(message);
    }
  }

  async #dispatch(event: Extract<FromReceiverThread, { type: 'event' }>): Promise<void> {
    const { logger } = this.options;
    let ackCalled = false;
    const ack = async (response?: unknown) => {
      if (ackCalled) throw new ReceiverMultipleAckError();
      ackCalled = true;
      if (!event.acked) this.#send({ type: 'ack', id: event.id, body: response ?? '' });
      else if (response) logger.warn('ack() body dropped: the thread had already answered this request');
    };
    try {
      await this.#app?.processEvent({
        body: event.body,
        ack,
        retryNum: event.retryNum,
        retryReason: event.retryReason,
        customProperties: {},
      });
    } catch (error) {
      // As Bolt's default processEventErrorHandler: 401 for authorization, else 500, once.
      if (event.acked || ackCalled) {
        logger.error('An unhandled error occurred after ack() called in a listener');
        return;
      }
      ackCalled = true;
      logger.error('An unhandled error occurred while Bolt processed an event');
      this.#send({ type: 'failed', id: event.id, status: error instanceof AuthorizationError ? 401 : 500 });
    }
  }
}
