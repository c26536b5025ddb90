import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { connectionFrom, ConnectionType } from '../types/connection.type';
import { connectorFrom, ConnectorType } from '../types/connector.type';
import { syncRunFrom, SyncRunType } from '../types/sync-run.type';

@Resolver(() => ConnectionType)
export class ConnectionResolver {
  @Authorized('connectors:admin')
  @Query(() => [ConnectorType], { description: 'The connector types this hub ships, with the config each needs.' })
  connectors(@Ctx() { services }: GraphQLContext): ConnectorType[] {
    return services.connections.available().map(connectorFrom);
  }

  @Authorized('connectors:admin')
  @Query(() => [ConnectionType], { description: 'Every connection, by name.' })
  async connections(@Ctx() { services }: GraphQLContext): Promise<ConnectionType[]> {
    return (await services.connections.list()).map((connection) => connectionFrom(connection, services.connections));
  }

  @Authorized('connectors:admin')
  @Query(() => ConnectionType, { nullable: true, description: 'A connection by id or by name.' })
  async connection(@Arg('id', () => ID, { description: 'The connection id or name.' }) id: string, @Ctx() { services }: GraphQLContext): Promise<ConnectionType | null> {
    const found = await services.connections.get(id);
    return found && connectionFrom(found, services.connections);
  }

  @FieldResolver(() => SyncRunType, { nullable: true, description: 'The newest run, whatever its status; null before the first sync.' })
  async lastRun(@Root() connection: ConnectionType, @Ctx() { loaders }: GraphQLContext): Promise<SyncRunType | null> {
    const row = await loaders.lastRun.load(connection.id);
    return row && syncRunFrom(row);
  }
}
