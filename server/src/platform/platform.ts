import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { SessionCache } from './auth/session-cache.js';
import { createWorkingCalendar, type WorkingCalendar } from './calendar/index.js';
import { AuditSealer } from './audit/audit-sealer.js';
import { ClosedLoop } from './closed-loop/closed-loop.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { TransactionRunner } from './db/unit-of-work.js';
import type { Bus } from './events/bus.js';
import { DurableSubscribers } from './events/durable-subscribers.js';
import { MemoryBus } from './events/memory-bus.js';
import { NatsBus } from './events/nats-bus.js';
import { Relay } from './events/relay.js';
import { createGridLocator, loadYuzhong, type GridLocator, type YuzhongData } from './geo/index.js';
import { Scheduler } from './jobs/scheduler.js';
import { SseHub } from './realtime/sse-hub.js';

/** The composition root: every shared part, built once per process and handed to modules explicitly. */
export interface Platform {
  config: Config;
  log: Logger;
  database: Database;
  bus: Bus;
  relay: Relay;
  sealer: AuditSealer;
  runner: TransactionRunner;
  sessions: SessionCache;
  scheduler: Scheduler;
  subscribers: DurableSubscribers;
  sse: SseHub;
  calendar: WorkingCalendar;
  loop: ClosedLoop;
  yuzhong: YuzhongData;
  locator: GridLocator;
  startedAt: Date;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** An already-open database (tests pass a clone of the migrated template). */
  database?: Database;
  logger?: Logger;
  migrate?: boolean;
}

export async function createPlatform(config: Config, opts: PlatformOptions = {}): Promise<Platform> {
  const log = opts.logger ?? pino({ level: config.logLevel, base: { instance: config.instanceId } });
  const database = opts.database ?? await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (opts.migrate !== false) {
    const applied = await migrate(database);
    if (applied.length) log.info({ applied }, 'migrations applied');
  }
  const onListenerError = (err: unknown) => log.error({ err }, 'event listener failed');
  const bus: Bus = config.natsUrl
    ? await NatsBus.connect(config.natsUrl, config.busPrefix, onListenerError)
    : new MemoryBus(onListenerError);
  // PGlite runs every query on one thread: fewer, larger relay passes leave it to the requests.
  const relay = new Relay(database, bus, log, config.relayPollMs, config.relayMinGapMs ?? (database.kind === 'pglite' ? 25 : 10));
  // Nobody waits for a seal: gather a quarter second of entries per batch.
  const sealer = new AuditSealer(database, log, config.relayPollMs, 250);
  const runner = new TransactionRunner(database, {
    committed({ events, audits }) {
      if (events) relay.poke();
      if (audits) sealer.poke();
    },
  });
  const sessions = new SessionCache(database.db);
  bus.subscribe((e) => sessions.onEvent(e));
  const scheduler = new Scheduler(database.db, runner, log, config.instanceId, { pollMs: config.schedulerPollMs });
  const subscribers = new DurableSubscribers(database.db, runner, bus, log, config.relayPollMs * 5);
  const sse = new SseHub(bus, database.db, log);
  const yuzhong = await loadYuzhong();
  const calendar = createWorkingCalendar();
  const platform: Platform = {
    config, log, database, bus, relay, sealer, runner, sessions, scheduler, subscribers, sse,
    calendar,
    loop: new ClosedLoop(calendar),
    yuzhong,
    locator: createGridLocator(yuzhong),
    startedAt: new Date(),
    async close() {
      await scheduler.stop();
      subscribers.stop();
      await relay.stop();
      await sealer.stop();
      sse.close();
      await bus.close();
      await database.close();
    },
  };
  return platform;
}

/** Starts the background loops (relay, timers, subscribers); the CLI's one-shot commands skip this. */
export function startBackground(p: Platform): void {
  p.relay.start();
  p.sealer.start();
  p.scheduler.start();
  p.subscribers.start();
}
