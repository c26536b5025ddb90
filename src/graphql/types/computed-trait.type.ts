import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('ComputedTraitLineage', { description: 'The events a computed value was derived from.' })
export class ComputedTraitLineageType {
  @Field(() => [String], { description: 'The event types the definition reads.' })
  eventTypes!: string[];

  @Field(() => Int, { description: 'How many events went into the value.' })
  eventCount!: number;

  @Field(() => ID, { nullable: true, description: 'The latest of them.' })
  lastEventId!: string | null;

  @Field(() => String, { nullable: true, description: 'When the latest of them happened (ISO 8601).' })
  lastEventAt!: string | null;
}

@ObjectType('ComputedTrait', { description: 'A value the hub derives from the profile’s events (RFM, interaction counts, portrait tags, loyalty, sentiment, CRM status).' })
export class ComputedTraitType {
  @Field()
  key!: string;

  @Field(() => GraphQLJSON, { description: 'A number, a string, or a list of tags.' })
  value!: unknown;

  @Field(() => ComputedTraitLineageType)
  lineage!: ComputedTraitLineageType;

  @Field({ description: 'When this value was last written (unchanged recomputations keep it).' })
  computedAt!: Date;
}

@ObjectType('ComputedTraitDefinition', { description: 'One entry of the computed-trait registry.' })
export class ComputedTraitDefinitionType {
  @Field({ description: 'The key; `interaction_count.<channel>` stands for one key per channel.' })
  key!: string;

  @Field()
  description!: string;

  @Field(() => [String], { description: 'The event types it is computed from.' })
  inputs!: string[];

  @Field({ description: 'Whether time alone changes it (recomputed hourly).' })
  timeRelative!: boolean;
}
