import type { Connector } from './sdk/connector';
import type { StartEmulator } from './sdk/emulation/emulator';
import { posFileConnector } from './pos-file/connector';
import { startEmulator as startPosFileEmulator } from './pos-file/emulator';
import { shopifyConnector } from './shopify/connector';
import { startEmulator as startShopifyEmulator } from './shopify/emulator';
import { wechatOaConnector } from './wechat-oa/connector';
import { startEmulator as startWechatOaEmulator } from './wechat-oa/emulator';
import { wecomConnector } from './wecom/connector';
import { zohoCrmConnector } from './zoho-crm/connector';
import { startEmulator as startZohoCrmEmulator } from './zoho-crm/emulator';
import { startEmulator as startWecomEmulator } from './wecom/emulator';

/** The connectors this hub ships, by type. */
export const connectors: ReadonlyMap<string, Connector> = new Map([posFileConnector, shopifyConnector, zohoCrmConnector, wecomConnector, wechatOaConnector].map((connector) => [connector.spec.type, connector]));

/** Each platform's local emulator, for tests, the demo and `hub emulate`. */
export const emulators: ReadonlyMap<string, StartEmulator> = new Map([
  ['pos-file', startPosFileEmulator],
  ['shopify', startShopifyEmulator],
  ['zoho-crm', startZohoCrmEmulator],
  ['wecom', startWecomEmulator],
  ['wechat-oa', startWechatOaEmulator],
]);
