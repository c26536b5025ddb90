import { IsIn, IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { IDENTITY_TYPES } from '../../modules/ingestion/identifiers';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 20;

@InputType({ description: 'An identifier; the value is normalized as at ingestion (e-mail case, phone formatting).' })
export class IdentityFilterInput {
  @Field({ description: `One of ${IDENTITY_TYPES.join(', ')}.` })
  @IsIn(IDENTITY_TYPES as unknown as string[], { message: `type must be one of ${IDENTITY_TYPES.join(', ')}` })
  type!: string;

  @Field()
  @Length(1, 1000)
  value!: string;
}

@InputType()
export class TraitFilterInput {
  @Field()
  @Length(1, 100)
  key!: string;

  @Field({ description: 'Compared with the trait value as text.' })
  @Length(0, 1000)
  value!: string;
}

@InputType({ description: 'All given conditions must hold.' })
export class ProfileFilterInput {
  @Field(() => IdentityFilterInput, { nullable: true })
  identity?: IdentityFilterInput;

  @Field(() => TraitFilterInput, { nullable: true })
  trait?: TraitFilterInput;

  @Field({ nullable: true, description: 'Profiles holding at least one record from this source.' })
  @IsOptional()
  @Length(1, 64)
  source?: string;

  @Field({ nullable: true, description: 'Profiles changed at or after this time.' })
  updatedSince?: Date;
}

@ArgsType()
export class PageArgs {
  // Nullable so that a typed client may send `first: null` and get the default.
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when omitted.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE, { message: `first must not be greater than ${MAX_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

@ArgsType()
export class ProfilesArgs extends PageArgs {
  @Field(() => ProfileFilterInput, { nullable: true })
  filter?: ProfileFilterInput;
}

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only events of this type: order, interaction, lead, service_ticket, membership.' })
  type?: string;
}
