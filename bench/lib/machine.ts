import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemGiB: number;
  loadAvg1m: number;
  platform: string;
  node: string;
  date: string;
}

/** What the figures were measured on; load average matters because the machine is shared. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAvg1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}
