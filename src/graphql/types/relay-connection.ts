import { Field, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './page-info.type';

/**
 * The Relay connection shape (`edges { cursor node }`, `pageInfo`) for any node type, as in
 * type-graphql's generic-types example. Declare the connection as
 * `@ObjectType('FooConnection') class FooConnection extends RelayConnection(FooType, 'Foo') {}`.
 */
export function RelayConnection<Node extends object>(nodeType: ClassType<Node>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: Node;
  }

  @ObjectType()
  abstract class Connection {
    @Field(() => [Edge])
    edges!: { cursor: string; node: Node }[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Connection;
}
