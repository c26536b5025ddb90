import { GraphQLJSON } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { Connector } from '../../../connectors/sdk';

@ObjectType('ConnectorField', { description: "One field of a connector's config." })
export class ConnectorFieldType {
  @Field()
  name!: string;

  @Field({ description: 'string, number or boolean.' })
  type!: string;

  @Field()
  required!: boolean;

  @Field({ description: 'Stored encrypted and never returned: connection configs show it as set, not its value. Leave it out of an update to keep it.' })
  secret!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'url, host, folder or region when the field decides where the connector sends its requests (and with them the secrets): changing it needs the secrets again. Null otherwise.',
  })
  destination!: string | null;

  @Field()
  description!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value used when the field is left out.' })
  default!: string | number | boolean | null;
}

@ObjectType('Connector', { description: 'A platform the hub can sync from, and the config a connection to it needs.' })
export class ConnectorType {
  @Field({ description: 'The connector type, e.g. shopify: what createConnection takes as `connector`.' })
  type!: string;

  @Field()
  title!: string;

  @Field(() => [String], { description: 'What a sync reads, e.g. customers and orders; each has its own checkpoint and counts.' })
  streams!: string[];

  @Field(() => [ConnectorFieldType])
  fields!: ConnectorFieldType[];
}

export function connectorFrom({ spec, streams }: Connector): ConnectorType {
  return {
    type: spec.type,
    title: spec.title,
    // Every shipped connector has fixed streams, whatever the config.
    streams: streams({}).map((stream) => stream.name),
    fields: spec.fields.map((field) => ({ name: field.name, type: field.type, required: field.required, secret: field.secret ?? false, destination: field.destination ?? null, description: field.description, default: field.default ?? null })),
  };
}
