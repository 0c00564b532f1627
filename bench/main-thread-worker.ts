// Stands in for node:worker_threads in the `spawn-on-main-thread` variant of the build
// (bench/build-bot.ts): the launcher "thread" runs in the bot's own thread, over a MessageChannel,
// so omnictl processes are started on the main thread, the way they were before decision 0005.
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort, type Transferable } from 'node:worker_threads';

const shared = globalThis as { __omniLauncherPort?: MessagePort };

export class Worker extends EventEmitter {
  readonly #port: MessagePort;
  readonly #threadSide: MessagePort;

  constructor(url: URL) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#threadSide = port2;
    port1.on('message', (message) => this.emit('message', message));
    shared.__omniLauncherPort = port2;
    import(url.href).then(
      // The launcher listens on its side; that alone must not keep the bot alive.
      () => port2.unref(),
      (error: unknown) => this.emit('error', error),
    );
  }

  postMessage(message: unknown, transfer?: readonly Transferable[]): void {
    this.#port.postMessage(message, transfer as Transferable[]);
  }

  ref(): void {
    this.#port.ref();
  }

  unref(): void {
    this.#port.unref();
  }

  async terminate(): Promise<number> {
    this.#port.close();
    this.#threadSide.close();
    return 0;
  }
}

export const parentPort: MessagePort | null = shared.__omniLauncherPort ?? null;
