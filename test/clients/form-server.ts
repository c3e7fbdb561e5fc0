/**
 * The website form's handler served by Node's own HTTP server on 127.0.0.1, as a host would run it, with the memory
 * ports and a clock the test moves.
 */
import { createServer, type Server } from 'node:http';
import {
  createClientFormHandler,
  createMemoryClientStore,
  createMemoryPortal,
  createMemoryRateLimitStore,
  createOutboxMailer,
  toNodeHandler,
  type ClientFormHandler,
  type ClientFormLogEntry,
  type ClientFormOutcome,
  type ClientFormPorts,
  type CreateClientFormHandlerOptions,
  type MemoryClientStore,
  type MemoryPortal,
  type OutboxMailer,
  type ToNodeHandlerOptions,
} from '../../src/index.js';

export const SECRET = 'test-secret: 32 bytes or more, never in a real repo';
export const START = Date.UTC(2026, 2, 2, 14, 0, 0);

export interface FormServer {
  readonly url: string;
  readonly origin: string;
  readonly handler: ClientFormHandler;
  readonly store: MemoryClientStore;
  readonly portal: MemoryPortal;
  readonly mailer: OutboxMailer;
  readonly outcomes: ClientFormOutcome[];
  readonly logs: ClientFormLogEntry[];
  /** Moves the handler's clock. */
  advance(ms: number): void;
  /** A token dated now, then the clock moved past the minimum fill time. */
  filledToken(): Promise<string>;
  close(): Promise<void>;
}

/**
 * By default the answer waits for the work with no floor (`waitUntil: false`, `minResponseMs: 0`), so a test sees the
 * outcome as soon as the answer arrives; the timing tests set both.
 */
export async function startFormServer(options: Partial<CreateClientFormHandlerOptions> = {}, ports: Partial<ClientFormPorts> = {}, node: ToNodeHandlerOptions = { waitUntil: false }): Promise<FormServer> {
  let clock = START;
  const store = createMemoryClientStore();
  const portal = createMemoryPortal();
  const mailer = createOutboxMailer();
  const outcomes: ClientFormOutcome[] = [];
  const logs: ClientFormLogEntry[] = [];
  const handler = createClientFormHandler(
    { store, portal, mailer, rateLimits: createMemoryRateLimitStore(), ...ports },
    {
      secret: SECRET,
      accountManager: 'julie.tremblay',
      firmName: 'Cabinet Tremblay CPA',
      onOutcome: (o) => void outcomes.push(o),
      logger: (e) => void logs.push(e),
      now: () => new Date(clock),
      minResponseMs: 0,
      ...options,
    },
  );
  const server: Server = createServer(toNodeHandler(handler, node));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/client-form`,
    origin,
    handler,
    store,
    portal,
    mailer,
    outcomes,
    logs,
    advance: (ms) => void (clock += ms),
    filledToken: async () => {
      const token = await handler.issueFormToken();
      clock += 8_000;
      return token;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
