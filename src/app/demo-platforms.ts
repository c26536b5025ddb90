import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { writePosExport } from '../../connectors/pos-file/emulator';
import { emulators } from '../../connectors/registry';
import type { StartedEmulator } from '../../connectors/sdk/emulation/emulator';
import type { HubServices } from './services';

/** How many people of the shared synthetic pool the demo platforms know between them. */
const DEMO_CUSTOMERS = 300;

/** One connection per shipped connector, named as a newcomer would name them. */
export const DEMO_CONNECTIONS = [
  { name: 'demo-pos', connector: 'pos-file' },
  { name: 'demo-shopify', connector: 'shopify' },
  { name: 'demo-zoho-crm', connector: 'zoho-crm' },
  { name: 'demo-wecom', connector: 'wecom' },
  { name: 'demo-wechat-oa', connector: 'wechat-oa' },
] as const;
const DEMO_SCHEDULE = 'every 1h';

export interface RunningDemo {
  /** True when this start created the demo connections and ran their first syncs. */
  created: boolean;
  stop(): Promise<void>;
}

/**
 * The zero-config demo: the five platforms' emulators, served in this process, with one connection to
 * each. On an empty store it creates the connections and runs their first syncs, so a newcomer meets
 * profiles unified from five sources; on later starts it brings the emulators back (on new ports, so the
 * connections' configs are refreshed) and leaves the schedules to sync them. A store with other data, or
 * whose demo connections were all deleted, gets no demo. The emulator connections carry the demo's mark
 * (createDemoEmulatorConnection): they may reach 127.0.0.1 with no HUB_CONNECTOR_ALLOW_PRIVATE; the POS
 * exports are written under the import root, the only place file connectors read.
 */
export async function startDemo(services: HubServices, importRoot: string): Promise<RunningDemo | undefined> {
  const existing = new Map((await services.connections.list()).map((connection) => [connection.name, connection]));
  const kept = DEMO_CONNECTIONS.filter((connection) => existing.has(connection.name));
  const fresh = kept.length === 0 && (await isEmptyStore(services));
  if (kept.length === 0 && !fresh) return undefined;

  const started: StartedEmulator[] = [];
  const stop = async () => void (await Promise.all(started.map((emulator) => emulator.stop())));
  try {
    for (const { name, connector } of fresh ? DEMO_CONNECTIONS : kept) {
      const config = connector === 'pos-file' ? await posExports(importRoot) : await startEmulator(connector, started);
      const connection = existing.get(name);
      if (connection) await services.connections.updateDemoEmulatorConnection(connection.id, { config });
      else await services.connections.createDemoEmulatorConnection({ name, connector, config, schedule: DEMO_SCHEDULE });
    }
    if (fresh) {
      for (const { name } of DEMO_CONNECTIONS) {
        const connection = (await services.connections.get(name))!;
        await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'demo' });
      }
      await services.queue.drain();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { created: fresh, stop };
}

async function isEmptyStore(services: HubServices): Promise<boolean> {
  return !(await services.connections.exists()) && !(await services.profiles.hasRecords());
}

async function startEmulator(connector: string, started: StartedEmulator[]): Promise<Record<string, unknown>> {
  const startEmulator = await emulators.get(connector)!();
  const emulator = await startEmulator({ customers: DEMO_CUSTOMERS });
  started.push(emulator);
  return emulator.config;
}

/** The POS has no API: its demo exports (a GBK member list, an XLSX sales ledger) are written once under the import root. */
async function posExports(importRoot: string): Promise<Record<string, unknown>> {
  const folder = path.join(importRoot, 'demo-pos-exports');
  await mkdir(folder, { recursive: true });
  if ((await readdir(folder)).length === 0) {
    await writePosExport(folder, { customers: DEMO_CUSTOMERS, format: 'csv', encoding: 'gbk', fileName: '会员资料-2026-11.csv' });
    await writePosExport(folder, { customers: DEMO_CUSTOMERS, format: 'xlsx', encoding: 'utf-8', sales: true, fileName: '销售流水-2026-11.xlsx' });
  }
  return { folder, encoding: 'auto' };
}
