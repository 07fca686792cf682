import { machineInfo } from './lib/machine.js';
import { formatResult, writeResult, writeSummary, type BenchResult, type StoredResult } from './lib/report.js';

type Bench = () => Promise<BenchResult>;

// Imported lazily, so running one benchmark does not load the others' dependencies.
const BENCHES: Record<string, () => Promise<Bench>> = {
  'auth-read': async () => (await import('./auth-read.js')).run,
  'sse-latency': async () => (await import('./sse-latency.js')).run,
  'cold-start': async () => (await import('./cold-start.js')).run,
  'case-intake': async () => (await import('./case-intake.js')).run,
  'case-scale': async () => (await import('./case-scale.js')).run,
  'screen-render': async () => (await import('./screen-render.js')).run,
  'bundle-size': async () => (await import('./bundle-size.js')).run,
  'directive-fanout': async () => (await import('./directive-fanout.js')).run,
  'crowd-ingest': async () => (await import('./crowd-ingest.js')).run,
};
const ORDER = Object.keys(BENCHES);

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => !(a in BENCHES));
  if (unknown.length) {
    console.error(`unknown benchmark: ${unknown.join(', ')}\nusage: npm run bench [-- ${ORDER.join('|')} ...]`);
    return 2;
  }
  const names = args.length ? ORDER.filter((n) => args.includes(n)) : ORDER;
  let failed = 0;
  for (const name of names) {
    const machine = machineInfo();
    const t0 = performance.now();
    console.log(`\n>> ${name} …`);
    try {
      const result = await (await BENCHES[name]!())();
      const stored: StoredResult = { ...result, machine, elapsedSeconds: Math.round((performance.now() - t0) / 100) / 10 };
      console.log(formatResult(stored));
      console.log(`wrote ${writeResult(stored)}`);
    } catch (err) {
      failed++;
      console.error(`${name} failed:`, err);
    }
  }
  console.log(`wrote ${writeSummary(ORDER)}`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
