import type { Config } from './config.js';
import { buildApp, type App } from './app.js';
import { createPlatform, startBackground, type Platform } from './platform/platform.js';
import { isSeeded, seed, syncReferenceData } from './seed/seed.js';

export interface RunningServer {
  app: App;
  platform: Platform;
  url: string;
  stop(): Promise<void>;
}

/** Migrates, seeds a fresh database, starts the background loops and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const platform = await createPlatform(config);
  if (!(await isSeeded(platform.database))) {
    const result = await seed(platform.database, config);
    platform.log.info(result, 'seeded a fresh database with the Yuzhong district');
  } else {
    await syncReferenceData(platform.database);
  }
  const app = await buildApp(platform);
  startBackground(platform);
  const address = await app.listen({ port: config.port, host: config.host });
  let stopping: Promise<void> | null = null;
  return {
    app, platform, url: address,
    stop() {
      // Stop taking requests, let in-flight ones finish, publish what is committed, then close the database.
      stopping ??= (async () => {
        // SSE streams never end by themselves; close them first or app.close() waits for them forever.
        platform.sse.close();
        await app.close();
        await platform.close();
      })();
      return stopping;
    },
  };
}
