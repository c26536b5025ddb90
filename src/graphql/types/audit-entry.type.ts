import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { pageArgs } from './page.args';
import { RelayConnection } from './relay-connection';

@ObjectType('AuditEntry', { description: 'One administrative change: who, when, what, and the ids and field names it touched (never values or secrets).' })
export class AuditEntryType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'When the change was made.' })
  at!: Date;

  @Field({ description: 'The API key name that made it, or cli:<user> for a hub command.' })
  actor!: string;

  @Field({ description: '<object>.<verb>, e.g. connection.update, apikey.create, profile.merge, review.accept.' })
  action!: string;

  @Field(() => [ID], { description: 'The ids of what changed.' })
  targetIds!: string[];

  @Field(() => [String], { description: 'The names of the fields set or changed; never their values.' })
  fields!: string[];
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends RelayConnection(AuditEntryType, 'AuditEntry') {}

@ArgsType()
export class AuditLogArgs extends pageArgs(50) {
  @Field(() => String, { nullable: true, description: 'Only entries of this action, e.g. connection.update.' })
  @IsOptional()
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only entries of this actor: a key name, or cli:<user>.' })
  @IsOptional()
  actor?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only entries at or after this time.' })
  @IsOptional()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only entries before this time.' })
  @IsOptional()
  until?: Date | null;
}
