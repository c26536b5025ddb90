import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { HubError } from '../../errors/hub-error';
import type { GraphQLContext } from '../context';
import { decodeCursor, encodeCursor, forwardPageInfo, isIdCursor } from '../cursor';
import { ConsentType } from '../types/consent.type';
import { EventConnection, EventType } from '../types/event.type';
import { IdentityType } from '../types/identity.type';
import { MergeDecisionType } from '../types/merge-decision.type';
import { ProfileConnection } from '../types/profile-connection.type';
import { DEFAULT_PAGE_SIZE } from '../types/page.args';
import { EventsArgs, ProfilesArgs } from '../types/profile.input';
import { ProfileType } from '../types/profile.type';
import { SourceRecordType } from '../types/source-record.type';
import { TraitType } from '../types/trait.type';
import { PersonalData } from '../personal-data';

const isEventCursor = (value: unknown): value is { at: string; id: string } =>
  typeof (value as { at?: unknown })?.at === 'string' && typeof (value as { id?: unknown })?.id === 'string' && !Number.isNaN(Date.parse((value as { at: string }).at));

@Resolver(() => ProfileType)
export class ProfileResolver {
  @Authorized('profiles:read')
  @Query(() => ProfileType, { nullable: true, description: 'A profile by id; an id absorbed by a merge answers with the surviving profile.' })
  async profile(@Arg('id', () => ID) id: string, @Ctx() { services, loaders }: GraphQLContext): Promise<ProfileType | null> {
    const found = await services.profiles.findById(id);
    if (!found) return null;
    // The lookup brought identities and traits along: their field resolvers answer from the loaders' cache.
    loaders.identities.prime(found.id, found.identities);
    loaders.traits.prime(found.id, found.traits);
    return { id: found.id, createdAt: found.createdAt, updatedAt: found.updatedAt };
  }

  @Authorized('profiles:read')
  @Query(() => ProfileType, {
    nullable: true,
    description:
      'The profile that holds an identifier, e.g. (email, "Ann@Example.com") or (phone, "139 1752 8460"); null when none does. When several profiles hold it (a shared household phone), a CONFLICT error says how many: profilesByIdentity returns them all.',
  })
  profileByIdentity(@Arg('type') type: string, @Arg('value') value: string, @Ctx() { services }: GraphQLContext): Promise<ProfileType | null> {
    return services.profiles.findByIdentity(type, value);
  }

  @Authorized('profiles:read')
  @Query(() => [ProfileType], { description: 'Every profile that holds an identifier, in id order; empty when none does. The value is normalized as in profileByIdentity.' })
  profilesByIdentity(@Arg('type') type: string, @Arg('value') value: string, @Ctx() { services }: GraphQLContext): Promise<ProfileType[]> {
    return services.profiles.findAllByIdentity(type, value);
  }

  @Authorized('profiles:read')
  @Query(() => ProfileConnection, { description: 'Profiles in creation order, filtered; a Relay connection.' })
  async profiles(@Args() { first, after, filter, segment }: ProfilesArgs, @Ctx() { services }: GraphQLContext): Promise<ProfileConnection> {
    const afterId = after === undefined || after === null ? undefined : decodeCursor(after, isIdCursor).id;
    if (segment && !(await services.segments.get(segment))) throw new HubError('NOT_FOUND', `No segment ${segment}; the segments query lists them.`);
    const query = { identity: filter?.identity, trait: filter?.trait, source: filter?.source, updatedSince: filter?.updatedSince, segmentId: segment ?? undefined };
    const page = await services.profiles.list(query, first ?? DEFAULT_PAGE_SIZE, afterId);
    const edges = page.rows.map((node) => ({ node, cursor: encodeCursor({ id: node.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, page.hasNextPage, after), filter: query };
  }

  @FieldResolver(() => [String], { description: 'Names of the sources that hold records of this customer.' })
  sources(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<string[]> {
    return loaders.sources.load(profile.id);
  }

  @PersonalData()
  @FieldResolver(() => [IdentityType])
  identities(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<IdentityType[]> {
    return loaders.identities.load(profile.id);
  }

  @PersonalData()
  @FieldResolver(() => [TraitType])
  traits(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<TraitType[]> {
    return loaders.traits.load(profile.id);
  }

  @PersonalData()
  @FieldResolver(() => [ConsentType], { description: 'Consents per channel and purpose: the holding one of each; with lineage, every source’s statement too, holding first.' })
  async consents(@Root() profile: ProfileType, @Arg('lineage', { defaultValue: false }) lineage: boolean, @Ctx() { loaders }: GraphQLContext): Promise<ConsentType[]> {
    const rows = await (lineage ? loaders.consentLineage : loaders.consents).load(profile.id);
    return rows.map((row) => ({ ...row, channel: row.channel.toUpperCase(), status: row.status.toUpperCase(), updatedAt: row.statedAt }));
  }

  @PersonalData()
  @FieldResolver(() => [SourceRecordType])
  sourceRecords(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<SourceRecordType[]> {
    return loaders.sourceRecords.load(profile.id);
  }

  @FieldResolver(() => [MergeDecisionType], { description: 'Merges this profile took part in, newest first.' })
  mergeHistory(@Root() profile: ProfileType, @Ctx() { loaders }: GraphQLContext): Promise<MergeDecisionType[]> {
    return loaders.mergeHistory.load(profile.id);
  }

  @PersonalData()
  @FieldResolver(() => EventConnection, { description: 'Events, newest first.' })
  async events(@Root() profile: ProfileType, @Args() { first: requested, after, type }: EventsArgs, @Ctx() { loaders }: GraphQLContext): Promise<EventConnection> {
    const first = requested ?? DEFAULT_PAGE_SIZE;
    const cursor = after === undefined || after === null ? undefined : decodeCursor(after, isEventCursor);
    const rows = await loaders.events.load({
      parentId: profile.id,
      page: { first: first + 1, type: type ?? undefined, after: cursor && { occurredAt: new Date(cursor.at), id: cursor.id } },
    });
    const edges = rows.slice(0, first).map((node) => ({ node: node as EventType, cursor: encodeCursor({ at: node.occurredAt.toISOString(), id: node.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, rows.length > first, after) };
  }
}

