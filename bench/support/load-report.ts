import { othersShare } from './cpu-usage';
import type { LoadFigures } from './load-run';

/** One table row of a load run: throughput, latency, failures, and where each request's CPU went. */
export function loadRow(figures: LoadFigures): Record<string, number | string> {
  return {
    'req/s': figures.requestsPerSecond,
    'p50 ms': figures.exactLatencyMs.p50,
    'p99 ms': figures.exactLatencyMs.p99,
    'autocannon p50/p99 ms': `${figures.latencyMs.p50}/${figures.latencyMs.p99}`,
    requests: figures.completed,
    failed: figures.errors + figures.timeouts + figures.non2xx + figures.mismatches,
    ...cpuFigures(figures),
    ...(figures.counters?.sqlStatements === undefined ? {} : { 'SQL/req': (figures.counters.sqlStatements / figures.completed).toFixed(2) }),
  };
}

/** CPU per request of the server, its PostgreSQL backends and the load client, and how busy the machine was (others' processes included). */
function cpuFigures(figures: LoadFigures): Record<string, string> {
  const cpu = figures.counters?.cpu;
  if (!cpu || !Number.isFinite(cpu.machine) || figures.completed === 0) return {};
  const perRequest = (seconds: number) => ((seconds * 1000) / figures.completed).toFixed(2);
  return {
    'CPU ms/req server(kernel)+pg+client': `${perRequest(cpu.server)}(${perRequest(cpu.serverSystem)})+${perRequest(cpu.postgres)}+${perRequest(cpu.client)}`,
    'machine busy': `${Math.round((cpu.machine / cpu.available) * 100)}% (others ${Math.round(othersShare(cpu) * 100)}%)`,
  };
}
