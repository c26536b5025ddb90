import { ArrayMaxSize, ArrayMinSize, Length, Matches } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { Args, ArgsType, Authorized, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { IngestResultType } from '../types/ingest-result.type';

export const MAX_INGEST_RECORDS = 1000;

@ArgsType()
class IngestRecordsArgs {
  @Field({ description: 'The system the records come from, e.g. shop, pos, crm.' })
  @Length(1, 64)
  @Matches(/^[a-z0-9][a-z0-9_.-]*$/i, { message: "source may hold letters, digits, '_', '-' and '.', starting with a letter or digit" })
  source!: string;

  @Field(() => [GraphQLJSON], { description: `Canonical records (external_id, email, phone, first_name, …, nickname, traits, events); at most ${MAX_INGEST_RECORDS}. A nickname (a WeChat or social display name) becomes a trait and is never matched as a name.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INGEST_RECORDS, { message: `records may hold at most ${MAX_INGEST_RECORDS} records; send larger loads in batches or use hub import` })
  records!: unknown[];

  @Field(() => String, {
    nullable: true,
    description:
      "The records' region: where phones written without a country code are read when a record's own country says nothing, e.g. US or CN (ISO 3166-1 alpha-2); left out: the hub's default, HUB_DEFAULT_REGION. Stored with each record, which is read in it again later.",
  })
  region?: string | null;
}

@Resolver()
export class IngestionResolver {
  @Authorized('profiles:write')
  @Mutation(() => IngestResultType, { description: 'Pushes a small batch of records; malformed ones are reported, not stored.' })
  ingestRecords(@Args() { source, records, region }: IngestRecordsArgs, @Ctx() { services }: GraphQLContext): Promise<IngestResultType> {
    return services.ingestion.ingest(source, records, { region: region ?? undefined });
  }
}
