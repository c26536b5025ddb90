import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { PersonalData } from '../personal-data';

@ObjectType('MergeDecision', { description: 'Why two profiles became one, or why one was split in two.' })
export class MergeDecisionType {
  @Field(() => ID)
  id!: string;

  @Field({ description: '`merge`, or `split`: then mergedProfileId is the new profile that took mergedSourceRecordIds away.' })
  kind!: string;

  @Field(() => ID)
  survivingProfileId!: string;

  @Field(() => ID)
  mergedProfileId!: string;

  @Field(() => [ID], { description: 'The source records the merged profile held when it was absorbed.' })
  mergedSourceRecordIds!: string[];

  @Field({ description: 'What decided it: identifier (an equal identifier), score (a match probability at or above the link threshold), must-link (a person merged them), review (an accepted review), split; exact_identifier for the exact-match resolver. A merge by re-resolution has the rule that decided it (identifier, score, must-link).' })
  rule!: string;

  @Field(() => Float, { nullable: true, description: 'The match probability of the weakest scored link that joined them; null when no score was needed.' })
  probability!: number | null;

  @PersonalData()
  @Field(() => GraphQLJSONObject, {
    description:
      'The links that joined them (`links`: left and right source record, rule, identityType, probability, weight, per-field `fields`) and the links refused on the way (`dropped`, with reasons). ' +
      'A split: `movedRecordIds`, `remainingRecordIds` and `cannotLinks` (how many it added: none for an automatic split). ' +
      'A merge or split made by re-resolution (actor `system:reresolve`: `hub identity reresolve`, or a value turning generic) also has `reason`, why in words ' +
      '(e.g. "their records conflict: given names jun and fang", "phone +8613800000000 is held by 3 people: it no longer links on its own", "they share phone +8613800000000, and nothing in their records conflicts"), ' +
      'and a split the machine-readable `conflict`, `genericValues` or `dropped` behind it.',
  })
  evidence!: Record<string, unknown>;

  @Field({ description: '`system:<component>` for automatic merges, an API key id for manual ones.' })
  actor!: string;

  @Field()
  decidedAt!: Date;

  @Field(() => Date, { nullable: true })
  reversedAt!: Date | null;
}
