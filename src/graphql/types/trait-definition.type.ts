import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { TRAIT_TYPES } from '../../../connectors/sdk';

/** GraphQL names are upper case (NUMBER, DATETIME); the registry says number, datetime. */
export const TraitValueTypeEnum = Object.fromEntries(TRAIT_TYPES.map((type) => [type.toUpperCase(), type.toUpperCase()])) as Record<string, string>;
registerEnumType(TraitValueTypeEnum, {
  name: 'TraitValueType',
  description:
    'NUMBER (stored and compared as a number whatever JSON type the source used: EQ, NEQ, IN, GT, GTE, LT, LTE), TEXT (codes and identifiers among them: EQ, NEQ, IN, CONTAINS), BOOLEAN (EQ, NEQ, IN), DATE and DATETIME (ISO 8601, ordered as written: every operator).',
});

export const TraitOriginEnum = { CANONICAL: 'CANONICAL', CONNECTOR: 'CONNECTOR', INFERRED: 'INFERRED' } as const;
registerEnumType(TraitOriginEnum, {
  name: 'TraitOrigin',
  description: 'CANONICAL (a field of the canonical record), CONNECTOR (declared by the connectors named), INFERRED (from the values stored: NUMBER while every one is a plain number without a leading zero, TEXT otherwise).',
});

@ObjectType('TraitDefinition', { description: "One entry of the trait registry: a key a segment's trait condition can name, and how its values compare." })
export class TraitDefinitionType {
  @Field()
  key!: string;

  @Field(() => TraitValueTypeEnum)
  type!: string;

  @Field(() => TraitOriginEnum)
  origin!: string;

  @Field(() => [String], { description: 'The connectors that declare the key (origin CONNECTOR); empty otherwise.' })
  connectors!: string[];

  @Field(() => String, { nullable: true, description: 'What the declaring connector says the key holds.' })
  description!: string | null;
}
