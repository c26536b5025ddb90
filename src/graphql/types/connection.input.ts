import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

// Names, connector types, configs, schedules and regions are checked by ConnectionService, which explains each problem.

@InputType()
export class CreateConnectionInput {
  @Field({ description: "1-64 letters, digits, '_', '-' or '.'; also the source name of the records it brings in." })
  name!: string;

  @Field({ description: 'A connector type from the `connectors` query, e.g. shopify.' })
  connector!: string;

  @Field(() => GraphQLJSONObject, { description: "The connector's config fields (see `connectors`)." })
  config!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: "A cron expression or an interval such as 'every 15m'; null or left out for manual syncs only." })
  schedule?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Where phones written without a country code are read when the record's own country says nothing: an ISO 3166-1 alpha-2 code such as US or CN (not part of the connector's config: any connection has one); null or left out: the hub's default, HUB_DEFAULT_REGION.",
  })
  region?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateConnectionInput {
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Config fields to change; a secret field left out keeps its stored value.' })
  config?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'A new schedule; null removes it (manual syncs only).' })
  schedule?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A new region, where phones written without a country code are read when the record's own country says nothing (e.g. US, CN); null: the hub's default again, HUB_DEFAULT_REGION. A stored record keeps the region it was read in until the connection brings it again (a full sync brings every record).",
  })
  region?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}
