import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { FieldEvidence } from '../../modules/identity';

@ObjectType('FieldEvidence', { description: 'How two records compare on one field, and what that is worth.' })
export class FieldEvidenceType {
  @Field({ description: 'given_name, family_name, email, phone, date_of_birth, postcode, …' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The normalized value of the first record, as compared.' })
  left!: string | null;

  @Field(() => String, { nullable: true })
  right!: string | null;

  @Field({ description: 'Agreement level: exact, close, similar, typo, partial, different; missing when either side has no value.' })
  level!: string;

  @Field(() => Float, { description: 'log2(m/u): positive is evidence of one person, negative of two; 0 when missing.' })
  weight!: number;
}

@ObjectType('SharedIdentifier')
export class SharedIdentifierType {
  @Field()
  type!: string;

  @Field()
  value!: string;
}

/** Two source records, their profiles and the per-field evidence: what an explanation and a review both show. */
@ObjectType()
export abstract class ScoredRecordPairType {
  @Field(() => ID)
  sourceRecordA!: string;

  @Field(() => ID)
  sourceRecordB!: string;

  @Field(() => ID, { description: 'The profile each record belongs to now.' })
  profileA!: string;

  @Field(() => ID)
  profileB!: string;

  @Field(() => [FieldEvidenceType])
  fields!: FieldEvidenceType[];

  @Field(() => Float, { description: 'Sum of the field weights.' })
  weight!: number;

  @Field(() => Float, { description: 'P(same person) from the weight and the model prior.' })
  probability!: number;
}

@ObjectType('MatchExplanation', { description: 'Why two source records would or would not be linked, under the current match model.' })
export class MatchExplanationType extends ScoredRecordPairType {

  @Field({ description: 'link (at or above the link threshold, or an equal identifier that links on its own), review, or apart.' })
  decision!: string;

  @Field(() => [SharedIdentifierType])
  sharedIdentifiers!: SharedIdentifierType[];

  @Field(() => String, { nullable: true, description: 'cannot-link or must-link when a person decided about this pair; it outranks the score.' })
  constraint!: string | null;
}

export function fieldEvidence(fields: readonly FieldEvidence[]): FieldEvidenceType[] {
  return fields.map((field) => ({ field: field.field, left: field.left ?? null, right: field.right ?? null, level: field.agreement, weight: field.weight }));
}
