import type { Connector } from './sdk/connector';
import type { StartEmulator } from './sdk/emulation/emulator';
import { posFileConnector } from './pos-file/connector';
import { shopifyConnector } from './shopify/connector';
import { wechatOaConnector } from './wechat-oa/connector';
import { wecomConnector } from './wecom/connector';
import { zohoCrmConnector } from './zoho-crm/connector';

/** The connectors this hub ships, by type. */
export const connectors: ReadonlyMap<string, Connector> = new Map([posFileConnector, shopifyConnector, zohoCrmConnector, wecomConnector, wechatOaConnector].map((connector) => [connector.spec.type, connector]));

/**
 * Each platform's local emulator, for tests, the demo and `hub emulate`, loaded when first asked for: the
 * emulators bring synthetic-data libraries (faker) that a hub serving real platforms never needs, and that
 * would add a second to every process's start-up.
 */
export const emulators: ReadonlyMap<string, () => Promise<StartEmulator>> = new Map([
  ['pos-file', async () => (await import('./pos-file/emulator.ts')).startEmulator],
  ['shopify', async () => (await import('./shopify/emulator.ts')).startEmulator],
  ['zoho-crm', async () => (await import('./zoho-crm/emulator.ts')).startEmulator],
  ['wecom', async () => (await import('./wecom/emulator.ts')).startWecomEmulator],
  ['wechat-oa', async () => (await import('./wechat-oa/emulator.ts')).startEmulator],
]);
