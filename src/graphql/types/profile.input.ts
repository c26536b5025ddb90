import { IsIn, IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IDENTITY_TYPES } from '../../../connectors/sdk/records';
import { PageArgs } from './page.args';

@InputType({ description: "An identifier; the value is normalized as at ingestion (e-mail case and the mail provider's rules such as Gmail's dots, phone formatting)." })
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
export class ProfilesArgs extends PageArgs {
  @Field(() => ProfileFilterInput, { nullable: true })
  filter?: ProfileFilterInput;

  @Field(() => ID, { nullable: true, description: 'Only the members of this saved segment (with the filter, if given).' })
  segment?: string;
}

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only events of this type: order, interaction, lead, service_ticket, membership.' })
  type?: string;
}
