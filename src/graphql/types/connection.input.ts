import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

// Names, connector types, configs and schedules are checked by ConnectionService, which explains each problem.

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

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateConnectionInput {
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Config fields to change; a secret field left out keeps its stored value.' })
  config?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'A new schedule; null removes it (manual syncs only).' })
  schedule?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}
