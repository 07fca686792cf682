import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config.js';
import { isRole, ROLES } from './platform/access/roles.js';
import { SYSTEM_ACTOR } from './platform/access/actor.js';
import { backup, restore } from './platform/db/backup.js';
import { openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { TransactionRunner } from './platform/db/unit-of-work.js';
import { sealAllAudit } from './platform/audit/audit-sealer.js';
import { verifyAuditChain } from './platform/audit/verify-audit.js';
import { createUser } from './modules/users/users-service.js';
import { seed } from './seed/seed.js';
import { startServer } from './server.js';

const USAGE = `chengyun <command>

  serve                       start the platform (migrates and seeds a fresh database)
  migrate                     apply pending SQL migrations
  seed                        load the Yuzhong unit tree and demo users (idempotent)
  create-user --username U --password P --role R --unit CODE [--name N]
  verify-audit                recompute the audit hash chain; exit 1 if it is broken
  backup <file>               write a backup (embedded: data-folder tarball; PostgreSQL: pg_dump)
  restore <file>              restore a backup (stop the server first)

Environment: PORT, DATA_DIR, DATABASE_URL, NATS_URL, ADMIN_PASSWORD, LOG_LEVEL (see README).
Roles: ${ROLES.join(', ')}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const openDb = async () => {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(database);
    return database;
  };
  switch (command) {
    case 'serve': {
      const server = await startServer(config);
      const shutdown = (signal: string) => {
        server.platform.log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        void server.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      return -1;
    }
    case 'migrate': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrate(database);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
      await database.close();
      return 0;
    }
    case 'seed': {
      const database = await openDb();
      console.log(JSON.stringify(await seed(database, config)));
      await database.close();
      return 0;
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } },
      });
      if (!values.username || !values.password || !values.role || !values.unit || !isRole(values.role)) {
        console.error(USAGE);
        return 2;
      }
      const database = await openDb();
      const runner = new TransactionRunner(database, null);
      const user = await runner.run({ actor: SYSTEM_ACTOR }, (uow) => createUser(uow, {
        username: values.username!, password: values.password!, displayName: values.name ?? values.username!,
        grants: [{ role: values.role as (typeof ROLES)[number], unitCode: values.unit! }],
      }));
      console.log(`created ${user.username} (${user.id})`);
      await database.close();
      return 0;
    }
    case 'verify-audit': {
      const database = await openDb();
      // Entries committed but not yet linked (a server stopped moments after a write) are sealed first.
      await sealAllAudit(database);
      const result = await verifyAuditChain(database.db);
      console.log(JSON.stringify(result));
      await database.close();
      return result.ok ? 0 : 1;
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) {
        console.error(USAGE);
        return 2;
      }
      const result = command === 'backup' ? await backup(config, file) : await restore(config, file);
      console.log(JSON.stringify({ file, ...result }));
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err && typeof err === 'object' && 'code' in err && 'params' in err) {
      console.error(`error: ${String((err as { code: string }).code)} ${JSON.stringify((err as { params: unknown }).params)}`);
    } else console.error(err);
    process.exit(1);
  },
);
