import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { ConnectionRow, ConnectionService } from '../../modules/sync';

/** A configured connector; lastRun is resolved (batched) by ConnectionResolver. */
@ObjectType('Connection', { description: 'A configured connector: which platform, how to reach it, when to sync.' })
export class ConnectionType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique; also the source name of the records this connection brings in.' })
  name!: string;

  @Field({ description: 'The connector type, e.g. shopify.' })
  connector!: string;

  @Field({ description: 'active, paused or needs_attention (see statusReason).' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Why the connection needs attention, e.g. a refused access token.' })
  statusReason!: string | null;

  @Field()
  enabled!: boolean;

  @Field(() => String, { nullable: true, description: "A cron expression or an interval such as 'every 15m'; null for manual syncs only." })
  schedule!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Where phones written without a country code are read when the record's own country says nothing: an ISO 3166-1 alpha-2 code such as US or CN; null: the hub's default, HUB_DEFAULT_REGION.",
  })
  region!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The connector config; secret fields show as set (••••••), never their values.' })
  config!: Record<string, unknown>;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('ConnectionTestResult', { description: 'Whether the connector can reach the platform with the stored config.' })
export class ConnectionTestResultType {
  @Field()
  ok!: boolean;

  @Field(() => String, { nullable: true, description: 'What failed and what to fix, when ok is false.' })
  reason!: string | null;

  @Field(() => [ConnectionCheckType], { description: 'What the connector found out, check by check (token, data center, scopes, quota, …); empty when it could not connect.' })
  checks!: ConnectionCheckType[];
}

@ObjectType('ConnectionCheck', { description: 'One named check of testConnection: pass, warn (a sync still runs) or fail.' })
export class ConnectionCheckType {
  @Field({ description: 'e.g. token, data-center, scopes, quota.' })
  name!: string;

  @Field({ description: 'pass, warn or fail.' })
  status!: string;

  @Field({ description: 'What was found and, for warn or fail, what to do.' })
  detail!: string;
}

/** The API shape of a connection, secrets redacted. */
export function connectionFrom(connection: ConnectionRow, connections: Pick<ConnectionService, 'redactedConfig'>): ConnectionType {
  return {
    id: connection.id,
    name: connection.name,
    connector: connection.connector,
    status: connection.status,
    statusReason: connection.statusReason ?? null,
    enabled: connection.enabled,
    schedule: connection.schedule ?? null,
    region: connection.region ?? null,
    config: connections.redactedConfig(connection),
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
}
