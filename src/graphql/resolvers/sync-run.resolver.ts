import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HubError } from '../../errors/hub-error';
import type { ConnectionRow } from '../../modules/sync';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { decodeCursor, encodeCursor, forwardPageInfo, isIdCursor } from '../cursor';
import { DEFAULT_PAGE_SIZE } from '../types/page.args';
import { SyncRejectionConnection } from '../types/sync-rejection.type';
import { DEFAULT_REJECTIONS_PAGE_SIZE, RejectionsArgs, SyncRunsArgs } from '../types/sync-run.input';
import { SyncRunConnection, syncRunFrom, SyncRunType } from '../types/sync-run.type';

const afterId = (after: string | null | undefined) => (after === undefined || after === null ? undefined : decodeCursor(after, isIdCursor).id);

@Resolver(() => SyncRunType)
export class SyncRunResolver {
  @Authorized('connectors:admin')
  @Query(() => SyncRunConnection, { description: "A connection's sync runs, newest first; a Relay connection." })
  async syncRuns(@Args() { connectionId, first, after }: SyncRunsArgs, @Ctx() { services }: GraphQLContext): Promise<SyncRunConnection> {
    const connection = await requireConnection(services, connectionId);
    const page = await services.syncRuns.page(connection.id, { first: first ?? DEFAULT_PAGE_SIZE, afterId: afterId(after) });
    const edges = page.rows.map((row) => ({ node: syncRunFrom(row), cursor: encodeCursor({ id: row.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, page.hasNextPage, after) };
  }

  @Authorized('connectors:admin')
  @Query(() => SyncRunType, { nullable: true, description: 'One sync run by id, e.g. to follow the run `triggerSync` answered.' })
  async syncRun(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<SyncRunType | null> {
    const run = await services.syncRuns.byId(id);
    return run ? syncRunFrom(run) : null;
  }

  @Audited<SyncRunType>(({ args, result }) => ({ action: 'sync.trigger', targetIds: [result.connectionId, result.id], fields: args.full ? ['full'] : [] }))
  @Authorized('connectors:admin')
  @Mutation(() => SyncRunType, { description: 'Queues a sync of the connection; answers the run already queued or running, if there is one.' })
  async triggerSync(
    @Arg('connectionId', () => ID, { description: 'The connection id or name.' }) connectionId: string,
    @Arg('full', () => Boolean, { nullable: true, defaultValue: false, description: 'Ignore stored cursors and read everything again.' }) full: boolean | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<SyncRunType> {
    const connection = await requireConnection(services, connectionId);
    const { runId } = await services.syncJobs.trigger(connection.id, { fullRefresh: full ?? false, trigger: 'api' });
    const run = await services.syncRuns.byId(runId);
    if (!run) throw new HubError('CONFLICT', `Run ${runId} was deleted with its connection while it was being queued.`);
    return syncRunFrom(run);
  }

  @Audited<SyncRunType>(({ result }) => ({ action: 'sync.cancel', targetIds: [result.connectionId, result.id] }))
  @Authorized('connectors:admin')
  @Mutation(() => SyncRunType, { description: 'Cancels a queued or running run; a running one stops at once (its request to the platform aborted), keeping what it stored before.' })
  async cancelSyncRun(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<SyncRunType> {
    await services.sync.cancel(id);
    return syncRunFrom((await services.syncRuns.byId(id))!);
  }

  @FieldResolver(() => SyncRejectionConnection, { description: 'Rows the run read but did not store, and why; in the order it met them.' })
  async rejections(@Root() run: SyncRunType, @Args() { first: requested, after }: RejectionsArgs, @Ctx() { loaders }: GraphQLContext): Promise<SyncRejectionConnection> {
    const first = requested ?? DEFAULT_REJECTIONS_PAGE_SIZE;
    const rows = await loaders.rejections.load({ parentId: run.id, page: { first: first + 1, afterId: afterId(after) } });
    const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeCursor({ id: node.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, rows.length > first, after) };
  }
}

async function requireConnection(services: GraphQLContext['services'], idOrName: string): Promise<ConnectionRow> {
  const connection = await services.connections.get(idOrName);
  if (!connection) throw new HubError('NOT_FOUND', `No connection ${idOrName}; the \`connections\` query lists them.`);
  return connection;
}
