/**
 * The connector SDK as the hub sees it: the connector contract, its errors, the HTTP client the hub builds
 * for a run, and the record vocabulary. Connectors import the files beside this one; the hub imports this.
 */
export type { Connector, ConnectorConfig, ConnectorContext, ConnectorSpec, NamedCheck, StreamState, TraitType } from './connector';
export { TRAIT_TYPES } from './connector';
export { ConnectorError } from './connector-error';
export { HttpClient } from './http-client';
