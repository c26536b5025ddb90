import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { CONDITION_OPERATORS, type ConditionOperator } from '../../modules/segments';
import { ConsentChannelEnum, ConsentStatusEnum } from './consent.type';

export const ConditionOperatorEnum = Object.fromEntries(CONDITION_OPERATORS.map((op) => [op, op])) as { [K in ConditionOperator]: K };
registerEnumType(ConditionOperatorEnum, {
  name: 'ConditionOperator',
  description:
    "EQ, NEQ (has the key, with another value), IN (a list), CONTAINS (text, ignoring case), GT/GTE/LT/LTE (numbers, or YYYY-MM-DD dates), EXISTS (no value). On a trait, what applies follows the key's type (the traitDefinitions query): a numeric key compares as numbers (\"10000\" is 10000), a text key takes no GT/GTE/LT/LTE, and a comparison that does not fit is refused.",
});

@InputType({ description: 'A test of one trait (or, inside an event condition, one event property).' })
export class ValueConditionInput {
  @Field()
  key!: string;

  @Field(() => ConditionOperatorEnum)
  op!: ConditionOperator;

  @Field(() => GraphQLJSON, { nullable: true, description: 'A string, number or boolean; a list for IN; none for EXISTS.' })
  value?: unknown;
}

@InputType({ description: 'Inclusive bounds on a count.' })
export class CountRangeInput {
  @Field(() => Int, { nullable: true })
  gte?: number;

  @Field(() => Int, { nullable: true })
  lte?: number;
}

@InputType({ description: 'Inclusive bounds on an amount.' })
export class AmountRangeInput {
  @Field(() => Float, { nullable: true })
  gte?: number;

  @Field(() => Float, { nullable: true })
  lte?: number;
}

@InputType({ description: 'A time range: from inclusive, to exclusive.' })
export class TimeRangeInput {
  @Field({ nullable: true })
  from?: Date;

  @Field({ nullable: true })
  to?: Date;
}

@InputType({ description: 'Profiles with events of a type, counted (at least one unless count or sumAmount says otherwise).' })
export class EventConditionInput {
  @Field({ description: 'order, interaction, lead, service_ticket or membership.' })
  type!: string;

  @Field(() => Int, { nullable: true, description: 'Only events of the last N days.' })
  withinDays?: number;

  @Field(() => TimeRangeInput, { nullable: true })
  between?: TimeRangeInput;

  @Field(() => [ValueConditionInput], { nullable: true, description: 'Conditions on the event properties; all must hold.' })
  where?: ValueConditionInput[];

  @Field(() => CountRangeInput, { nullable: true })
  count?: CountRangeInput;

  @Field(() => AmountRangeInput, { nullable: true, description: 'Bounds on the sum of the matching events’ amounts.' })
  sumAmount?: AmountRangeInput;
}

@InputType()
export class IdentityConditionInput {
  @Field({ description: 'Profiles holding an identity of this type: email, phone, wechat_unionid, wechat_openid, external_id.' })
  type!: string;
}

@InputType()
export class SourceConditionInput {
  @Field({ description: 'Profiles holding at least one record from this source.' })
  name!: string;
}

@InputType()
export class SegmentReferenceInput {
  @Field(() => ID, { description: 'A saved segment: the condition holds for its members (it stands for that segment’s definition, kept current when it changes).' })
  id!: string;
}

@InputType({ description: 'Profiles whose holding consent for the channel and purpose has the status (or one of the statuses). A profile with no statement has none: use not for "not granted".' })
export class ConsentConditionInput {
  @Field(() => ConsentChannelEnum)
  channel!: string;

  @Field({ description: 'marketing, service, or a purpose a source named.' })
  purpose!: string;

  @Field(() => ConsentStatusEnum, { nullable: true })
  status?: string;

  @Field(() => [ConsentStatusEnum], { nullable: true })
  statuses?: string[];
}

@InputType({ description: 'One segment condition: exactly one of its fields. Combine with all, any and not.' })
export class SegmentConditionInput {
  @Field(() => [SegmentConditionInput], { nullable: true, description: 'Every condition holds.' })
  all?: SegmentConditionInput[];

  @Field(() => [SegmentConditionInput], { nullable: true, description: 'At least one condition holds.' })
  any?: SegmentConditionInput[];

  @Field(() => SegmentConditionInput, { nullable: true, description: 'The condition does not hold.' })
  not?: SegmentConditionInput;

  @Field(() => ValueConditionInput, { nullable: true })
  trait?: ValueConditionInput;

  @Field(() => EventConditionInput, { nullable: true })
  event?: EventConditionInput;

  @Field(() => IdentityConditionInput, { nullable: true })
  identity?: IdentityConditionInput;

  @Field(() => SourceConditionInput, { nullable: true })
  source?: SourceConditionInput;

  @Field(() => ValueConditionInput, { nullable: true, description: 'A test of one computed trait (order_count, rfm_group, portrait_tags, membership_tier, …).' })
  computed?: ValueConditionInput;

  @Field(() => SegmentReferenceInput, { nullable: true })
  segment?: SegmentReferenceInput;

  @Field(() => ConsentConditionInput, { nullable: true })
  consent?: ConsentConditionInput;
}

@InputType({ description: 'A segment to save: its members are computed at once and kept current.' })
export class CreateSegmentInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => SegmentConditionInput)
  definition!: SegmentConditionInput;
}

@InputType({ description: 'What to change; a new definition re-computes the members.' })
export class UpdateSegmentInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => SegmentConditionInput, { nullable: true })
  definition?: SegmentConditionInput | null;
}
