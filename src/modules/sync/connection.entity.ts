import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../platform/ids';

export const CONNECTION_STATUSES = ['active', 'paused', 'needs_attention'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** A configured connector: which platform, how to reach it (secrets sealed), when to sync. */
@Entity({ tableName: 'connections' })
export class Connection {
  [OptionalProps]?: 'id' | 'enabled' | 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'text' })
  id: string = newId('connection');

  @Unique({ name: 'connections_name_key' })
  @Property({ type: 'text' })
  name!: string;

  /** The connector type, e.g. shopify. */
  @Property({ type: 'text' })
  connector!: string;

  /** Connector config; fields the spec marks secret hold SecretBox-sealed values. */
  @Property({ type: 'jsonb' })
  config!: Record<string, unknown>;

  /** A cron expression, or an interval such as `every 15m`; null for manual syncs only. */
  @Property({ type: 'text', nullable: true })
  schedule?: string | null;

  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Property({ type: 'text' })
  status: ConnectionStatus = 'active';

  /** Why the connection needs attention (bad credentials, missing permission). */
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
