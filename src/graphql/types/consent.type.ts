import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CONSENT_CHANNELS, CONSENT_STATUSES } from '../../../connectors/sdk/records';

/** GraphQL names are upper case (EMAIL, GRANTED); the store and the canonical record say email, granted. */
export const ConsentChannelEnum = Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel.toUpperCase(), channel.toUpperCase()])) as Record<string, string>;
registerEnumType(ConsentChannelEnum, { name: 'ConsentChannel', description: 'EMAIL, SMS, PHONE (calls) or WECHAT.' });

export const ConsentStatusEnum = Object.fromEntries(CONSENT_STATUSES.map((status) => [status.toUpperCase(), status.toUpperCase()])) as Record<string, string>;
registerEnumType(ConsentStatusEnum, {
  name: 'ConsentStatus',
  description: 'GRANTED, DENIED (never given), WITHDRAWN (given, then taken back) or UNKNOWN (the source said it does not know, e.g. a double opt-in not yet confirmed).',
});

@ObjectType('Consent', { description: "A person's consent for one channel and purpose: the latest statement by the source's time, whichever source made it." })
export class ConsentType {
  @Field(() => ConsentChannelEnum)
  channel!: string;

  @Field({ description: 'What the channel may be used for: marketing, service, or a purpose a source named.' })
  purpose!: string;

  @Field(() => ConsentStatusEnum)
  status!: string;

  @Field({ description: 'The source whose record made the statement.' })
  source!: string;

  @Field(() => ID)
  sourceRecordId!: string;

  @Field({ description: 'When the consent was given or changed at the source (the record’s time when the source does not say).' })
  updatedAt!: Date;

  @Field({ description: 'When the hub first stored this statement.' })
  learnedAt!: Date;

  @Field({ description: 'Whether this statement holds; false for older statements kept as lineage.' })
  current!: boolean;
}
