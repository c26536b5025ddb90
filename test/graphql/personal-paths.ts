import { createRequire } from 'node:module';
import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';

// type-graphql builds the schema with graphql's CommonJS build; vitest would give this file the ESM one, whose
// type checks refuse the other's objects. The same instance as the schema's, then.
export const graphql = createRequire(__filename)('graphql') as typeof import('graphql');
const { getNamedType, isObjectType } = graphql;

/**
 * What counts as a person's data in the graph, told apart from the code that guards it: any field whose
 * type is one of these, and these fields by name. A new field of one of these types, anywhere, is a new
 * path the field-authorization test walks.
 */
export const PERSONAL_TYPES = new Set(['Identity', 'Trait', 'SourceRecord', 'Event', 'EventConnection', 'Consent', 'ComputedTrait']);
export const PERSONAL_FIELDS = new Set([
  'Profile.portraitTags',
  'FieldEvidence.left',
  'FieldEvidence.right',
  'RecordConflict.left',
  'RecordConflict.right',
  'SharedIdentifier.value',
  'MergeDecision.evidence',
  'SyncRejection.raw',
]);

export interface PathStep {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

/** A way from a root field to a personal field: its steps, the root first, the personal field last. */
export interface PersonalPath {
  operation: 'query' | 'mutation';
  steps: PathStep[];
}

export function isPersonalField(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  return PERSONAL_FIELDS.has(`${parent.name}.${field.name}`) || PERSONAL_TYPES.has(getNamedType(field.type).name);
}

/** Every path from a Query or Mutation field to a personal field that passes no object type twice. */
export function personalPaths(schema: GraphQLSchema): PersonalPath[] {
  const paths: PersonalPath[] = [];
  const walk = (operation: PersonalPath['operation'], parent: GraphQLObjectType, steps: PathStep[], seen: Set<string>) => {
    for (const field of Object.values(parent.getFields())) {
      const next = [...steps, { parent, field }];
      if (isPersonalField(parent, field)) {
        paths.push({ operation, steps: next });
        continue;
      }
      const type = getNamedType(field.type);
      if (isObjectType(type) && !seen.has(type.name)) walk(operation, type, next, new Set([...seen, type.name]));
    }
  };
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) walk('query', query, [], new Set([query.name]));
  if (mutation) walk('mutation', mutation, [], new Set([mutation.name]));
  return paths;
}
