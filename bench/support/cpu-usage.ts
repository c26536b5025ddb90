import { readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * CPU seconds spent during a measured run by the server child, its PostgreSQL backends, the load client
 * (this process) and the whole machine, read from /proc. On a 2-core machine these say whether a figure
 * is bound by the server's own work, by the database, or by the machine being shared. NaN off Linux.
 */
export interface CpuSeconds {
  server: number;
  /** The kernel's share of server: syscalls, i.e. mostly loopback TCP to the client and to PostgreSQL. */
  serverSystem: number;
  postgres: number;
  client: number;
  /** Every process on the machine, ours and anyone else's. */
  machine: number;
  /** Core-seconds the machine had: cores × wall seconds. */
  available: number;
}

const CLOCK_TICKS = 100;

export interface CpuProbe {
  stop(): Promise<CpuSeconds>;
}

/**
 * Starts counting. PostgreSQL backends are those connected to databaseName at start or at stop: a
 * backend the pool opened during the run counts whole, one it closed during the run is lost.
 */
export async function startCpuProbe(serverPid: number | undefined, database?: { url: string; name: string }): Promise<CpuProbe> {
  const begin = snapshot(serverPid);
  const backendsBefore = database ? await backendTicks(database) : new Map<number, number>();
  return {
    async stop() {
      const backendsAfter = database ? await backendTicks(database) : new Map<number, number>();
      const end = snapshot(serverPid);
      let postgresTicks = 0;
      for (const [pid, ticks] of backendsAfter) postgresTicks += ticks - (backendsBefore.get(pid) ?? 0);
      return {
        server: end.server - begin.server,
        serverSystem: end.serverSystem - begin.serverSystem,
        postgres: postgresTicks / CLOCK_TICKS,
        client: end.client - begin.client,
        machine: end.machine - begin.machine,
        available: (end.wall - begin.wall) * end.cores,
      };
    },
  };
}

function snapshot(serverPid: number | undefined) {
  const usage = process.cpuUsage();
  const machine = machineTicks();
  return {
    wall: performance.now() / 1000,
    server: serverPid === undefined ? 0 : processTicks(serverPid) / CLOCK_TICKS,
    serverSystem: serverPid === undefined ? 0 : processTicks(serverPid, 'system') / CLOCK_TICKS,
    client: (usage.user + usage.system) / 1e6,
    machine: machine.busy / CLOCK_TICKS,
    cores: machine.cores,
  };
}

/** utime + stime (or stime alone) of one process, in clock ticks; NaN once it is gone. */
function processTicks(pid: number, part: 'all' | 'system' = 'all'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return part === 'system' ? Number(fields[12]) : Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

function machineTicks(): { busy: number; cores: number } {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const [, ...values] = lines[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const busy = values.slice(0, 8).reduce((sum, value) => sum + value, 0) - values[3] - values[4];
    return { busy, cores: lines.filter((line) => /^cpu\d+ /.test(line)).length };
  } catch {
    return { busy: NaN, cores: NaN };
  }
}

/** CPU ticks of every backend connected to the database (not counting the one asking). */
async function backendTicks(database: { url: string; name: string }): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database.name]);
    return new Map(rows.map((row) => [row.pid, processTicks(row.pid)] as [number, number]).filter(([, ticks]) => Number.isFinite(ticks)));
  } finally {
    await client.end();
  }
}

/** CPU used by processes outside the benchmark, as a share of what the machine had. */
export function othersShare(cpu: CpuSeconds): number {
  return Math.max(0, (cpu.machine - cpu.server - cpu.postgres - cpu.client) / cpu.available);
}
