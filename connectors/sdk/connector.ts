import type { HttpClient } from './http-client';

/**
 * The connector contract, after Airbyte's protocol: spec, check, streams, read. A connector turns one
 * platform's API into canonical records and per-stream state checkpoints. It imports nothing from
 * src/, never touches the database or the queue, and receives its HTTP client from the caller.
 */

/**
 * Where a config field sends the connector: `url` an absolute http(s) URL, `host` a host name reached over
 * https, `folder` a local folder read, `region` the name of one of the platform's own regions (e.g. a Zoho
 * data center) that the connector maps to fixed public hosts of that platform. The hub checks destinations
 * (public addresses only, folders under its import root; a region's hosts are the connector's, so it checks
 * only URL, host and folder values) and drops a connection's stored secrets when one of them changes.
 */
export type DestinationKind = 'url' | 'host' | 'folder' | 'region';

/** One configuration field; `secret` fields are encrypted at rest and never returned or logged. */
export interface ConfigField {
  name: string;
  type: 'string' | 'number' | 'boolean';
  required: boolean;
  secret?: boolean;
  /** Set on every field that decides where requests (and with them the secrets) go. */
  destination?: DestinationKind;
  description: string;
  default?: string | number | boolean;
}

/**
 * What a trait's values are, for comparing them: `number` values compare as numbers whatever JSON type a source
 * sent ("10000" is 10000); `text` compares only for (in)equality and containment, and is what codes and
 * identifiers are (card and member numbers, postcodes, phones: never a number, so no digit or leading zero is lost);
 * `date` is YYYY-MM-DD and `datetime` ISO 8601, both ordered as written.
 */
export const TRAIT_TYPES = ['number', 'text', 'boolean', 'date', 'datetime'] as const;
export type TraitType = (typeof TRAIT_TYPES)[number];

/** A trait key the connector's records carry, and its type (the hub's trait registry takes it as declared). */
export interface TraitDeclaration {
  key: string;
  type: TraitType;
  description: string;
}

export interface ConnectorSpec {
  /** Stable connector type id, e.g. `shopify`, `zoho-crm`. */
  type: string;
  title: string;
  fields: ConfigField[];
  /** The traits its records carry; a key another connector declares too must have the same type. */
  traits?: TraitDeclaration[];
}

export type ConnectorConfig = Record<string, string | number | boolean | undefined>;

export interface StreamDescriptor {
  /** e.g. customers, orders, interactions, leads. */
  name: string;
  /** Whether the platform can be asked only for what changed since a cursor. */
  incremental: boolean;
}

/** A stream's cursor; opaque to everyone but the connector that wrote it. */
export type StreamState = Record<string, unknown>;

/**
 * What read() yields, in order. A state message covers every record yielded before it: the caller
 * stores those records and the state in one transaction, so a crash resumes from the last checkpoint.
 */
export type ReadMessage =
  | { type: 'record'; record: Record<string, unknown> }
  | { type: 'rejection'; reason: string; raw: unknown }
  | { type: 'state'; state: StreamState }
  /**
   * Secret config fields the platform replaced while reading (a refresh token rotated on use): the caller seals them
   * in place of the stored ones at once, in the transaction with the records before them and the checkpoint it is
   * storing, so the next run starts from the secret that still works. Only fields the spec marks `secret`.
   */
  | { type: 'secrets'; secrets: Record<string, string> }
  /**
   * Optional, for progress only: how many records (and rejections) this read of the stream will yield, as the platform
   * counts them (Shopify's customersCount, WeChat's `total`, Zoho's record count), before the first record. It may be
   * approximate; nothing depends on it but the progress a person reads (rate and ETA).
   */
  | { type: 'total'; records: number };

export interface ConnectorContext {
  /** Builds the HTTP client for a base URL, with the platform's signals plugged in by the connector. */
  http: (options: ConstructorParameters<typeof HttpClient>[0]) => HttpClient;
  /**
   * Aborted when the run is cancelled. The clients `http` builds carry it already: their request in flight and
   * their wait before a retry end at once, rejecting with its reason. read() also stops before its next page.
   */
  signal?: AbortSignal;
}

/**
 * One thing `check()` found out, for a data team reading `testConnection`: the token kind and its expiry, the data
 * center, granted scopes against needed ones, quota left. `warn` does not stop a sync; `fail` does.
 */
export interface NamedCheck {
  /** Stable, lower-case with dashes: `token`, `data-center`, `scopes`, `quota`, … */
  name: string;
  status: 'pass' | 'warn' | 'fail';
  /** What was found and, for warn or fail, what to do. No secret ever goes here. */
  detail: string;
}

export type CheckResult = ({ ok: true } | { ok: false; reason: string }) & { checks?: NamedCheck[] };

export interface Connector {
  spec: ConnectorSpec;
  check(config: ConnectorConfig, context: ConnectorContext): Promise<CheckResult>;
  streams(config: ConnectorConfig): StreamDescriptor[];
  read(stream: string, config: ConnectorConfig, state: StreamState | undefined, context: ConnectorContext): AsyncIterable<ReadMessage>;
}
