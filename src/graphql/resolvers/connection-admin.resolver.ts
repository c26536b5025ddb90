import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { fieldNames } from '../../modules/audit';
import { Audited } from '../audited';
import type { GraphQLContext } from '../context';
import { CreateConnectionInput, UpdateConnectionInput } from '../types/connection.input';
import { connectionFrom, ConnectionTestResultType, ConnectionType } from '../types/connection.type';

const ID_OR_NAME = { description: 'The connection id or name.' };

/** Changes to connections; ConnectionService checks names, configs and schedules and seals secrets. */
@Resolver()
export class ConnectionAdminResolver {
  @Audited<ConnectionType>(({ args, result }) => ({ action: 'connection.create', targetIds: [result.id], fields: fieldNames(args.input as object) }))
  @Authorized('connectors:admin')
  @Mutation(() => ConnectionType, { description: 'Configures a connector; secret config fields are stored encrypted and never returned.' })
  async createConnection(@Arg('input') input: CreateConnectionInput, @Ctx() { services }: GraphQLContext): Promise<ConnectionType> {
    const { name, connector, config, schedule, region, enabled } = input;
    return connectionFrom(await services.connections.create({ name, connector, config, schedule, region, enabled: enabled ?? undefined }), services.connections);
  }

  @Audited<ConnectionType>(({ args, result }) => ({ action: 'connection.update', targetIds: [result.id], fields: fieldNames(args.input as object) }))
  @Authorized('connectors:admin')
  @Mutation(() => ConnectionType, { description: 'Changes the given fields only; a secret left out of config keeps its stored value.' })
  async updateConnection(@Arg('id', () => ID, ID_OR_NAME) id: string, @Arg('input') input: UpdateConnectionInput, @Ctx() { services }: GraphQLContext): Promise<ConnectionType> {
    // null means "no change" for config and enabled; for schedule it means "no schedule", for region "the hub's default".
    const changes = { config: input.config ?? undefined, schedule: input.schedule, region: input.region, enabled: input.enabled ?? undefined };
    return connectionFrom(await services.connections.update(id, changes), services.connections);
  }

  @Audited<string>(({ result }) => ({ action: 'connection.delete', targetIds: [result] }))
  @Authorized('connectors:admin')
  @Mutation(() => ID, { description: 'Deletes a connection with its runs and checkpoints (not the records it brought in); answers its id.' })
  async deleteConnection(@Arg('id', () => ID, ID_OR_NAME) id: string, @Ctx() { services }: GraphQLContext): Promise<string> {
    return (await services.connections.remove(id)).id;
  }

  @Authorized('connectors:admin')
  @Mutation(() => ConnectionTestResultType, { description: 'Asks the platform whether the stored config can connect; changes nothing.' })
  async testConnection(@Arg('id', () => ID, ID_OR_NAME) id: string, @Ctx() { services }: GraphQLContext): Promise<ConnectionTestResultType> {
    const { ok, reason, checks } = await services.connections.test(id);
    return { ok, reason: reason ?? null, checks };
  }

  @Audited<ConnectionType>(({ result }) => ({ action: 'connection.pause', targetIds: [result.id], fields: ['enabled'] }))
  @Authorized('connectors:admin')
  @Mutation(() => ConnectionType, { description: 'Stops scheduled syncs (updateConnection with enabled: false).' })
  async pauseConnection(@Arg('id', () => ID, ID_OR_NAME) id: string, @Ctx() { services }: GraphQLContext): Promise<ConnectionType> {
    return connectionFrom(await services.connections.update(id, { enabled: false }), services.connections);
  }

  @Audited<ConnectionType>(({ result }) => ({ action: 'connection.resume', targetIds: [result.id], fields: ['enabled'] }))
  @Authorized('connectors:admin')
  @Mutation(() => ConnectionType, { description: 'Starts scheduled syncs again (updateConnection with enabled: true).' })
  async resumeConnection(@Arg('id', () => ID, ID_OR_NAME) id: string, @Ctx() { services }: GraphQLContext): Promise<ConnectionType> {
    return connectionFrom(await services.connections.update(id, { enabled: true }), services.connections);
  }
}
