import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { FieldEvidence } from '../../modules/identity';
import { PersonalData } from '../personal-data';

@ObjectType('SharedValue', { description: 'A value held by the records of more than one person, where the pair was compared (the store, or the file).' })
export class SharedValueType {
  @Field(() => Int, { description: 'Different people holding the value: records whose names, birth dates, national ids or genders conflict count apart.' })
  people!: number;

  @Field(() => Float, {
    description: 'What agreeing on a value that many share takes off the weight of an exact agreement: -log2(people) for two people; from three on (a generic value) the whole weight, so it links nothing on its own.',
  })
  adjustment!: number;
}

@ObjectType('RecordConflict', {
  description:
    "Evidence that two records are two people, which no typing error explains and their own agreeing evidence (an equal birth date or national id) does not outweigh: it keeps them apart whatever else they share (a phone, an address, an e-mail).",
})
export class RecordConflictType {
  @Field({ description: 'given_name, family_name (two Chinese names), date_of_birth, national_id or gender.' })
  field!: string;

  @PersonalData()
  @Field()
  left!: string;

  @PersonalData()
  @Field()
  right!: string;
}

@ObjectType('FieldEvidence', { description: 'How two records compare on one field, and what that is worth.' })
export class FieldEvidenceType {
  @Field({ description: 'given_name, family_name, email, phone, date_of_birth, postcode, …' })
  field!: string;

  @PersonalData()
  @Field(() => String, { nullable: true, description: 'The normalized value of the first record, as compared.' })
  left!: string | null;

  @PersonalData()
  @Field(() => String, { nullable: true })
  right!: string | null;

  @Field({ description: 'Agreement level: exact, close, similar, typo, partial, different; missing when either side has no value.' })
  level!: string;

  @Field(() => Float, {
    description: 'log2(m/u): positive is evidence of one person, negative of two; 0 when missing. For an identifier both records hold, sharedBy.adjustment is included.',
  })
  weight!: number;

  @Field(() => SharedValueType, {
    nullable: true,
    description: "For an identifier both records hold: how many people's records hold that value (in the store, or the file `hub resolve` reads), and what that costs the weight (-log2 of it: 0 for one person; a household phone, an agency e-mail cost more; from 3 people on it links nothing on its own).",
  })
  sharedBy!: SharedValueType | null;
}

@ObjectType('SharedIdentifier')
export class SharedIdentifierType {
  @Field()
  type!: string;

  @PersonalData()
  @Field()
  value!: string;

  @Field(() => Int, { description: 'Different people holding the value (1: one person). Held by 3 or more, it links nothing on its own.' })
  people!: number;
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

  @Field({ description: 'link (at or above the link threshold, or an equal identifier of one person that links on its own), review, or apart (always when the records conflict).' })
  decision!: string;

  @Field(() => RecordConflictType, { nullable: true, description: 'What says the two records are two people, when something does.' })
  conflict!: RecordConflictType | null;

  @Field(() => [SharedIdentifierType])
  sharedIdentifiers!: SharedIdentifierType[];

  @Field(() => String, { nullable: true, description: 'cannot-link or must-link when a person decided about this pair; it outranks the score.' })
  constraint!: string | null;
}

export function fieldEvidence(fields: readonly FieldEvidence[]): FieldEvidenceType[] {
  return fields.map((field) => ({ field: field.field, left: field.left ?? null, right: field.right ?? null, level: field.agreement, weight: field.weight, sharedBy: field.sharedBy ?? null }));
}
