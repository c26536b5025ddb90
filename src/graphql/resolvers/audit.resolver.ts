import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { decodeCursor, encodeCursor, forwardPageInfo, isIdCursor } from '../cursor';
import { AuditEntryConnection, AuditLogArgs } from '../types/audit-entry.type';

/** The audit log, for admins. */
@Resolver()
export class AuditResolver {
  @Authorized('admin')
  @Query(() => AuditEntryConnection, { description: 'Administrative changes, newest first, filtered by action, actor and time; a Relay connection.' })
  async auditLog(@Args() { first, after, action, actor, since, until }: AuditLogArgs, @Ctx() { services }: GraphQLContext): Promise<AuditEntryConnection> {
    const afterId = after === undefined || after === null ? undefined : decodeCursor(after, isIdCursor).id;
    const page = await services.audit.list({ first: first ?? 50, afterId, action: action ?? undefined, actor: actor ?? undefined, since: since ?? undefined, until: until ?? undefined });
    const edges = page.rows.map((node) => ({ node, cursor: encodeCursor({ id: node.id }) }));
    return { edges, pageInfo: forwardPageInfo(edges, page.hasNextPage, after) };
  }
}
