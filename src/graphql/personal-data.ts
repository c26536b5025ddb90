import { Authorized } from 'type-graphql';

/** The scope personal data needs wherever it appears in the graph, whatever root field led there. */
export const PERSONAL_DATA_SCOPE = 'profiles:read';

/**
 * Marks a field that carries a person's data (identifiers, traits, records, events, consents, derived values,
 * compared values): it answers FORBIDDEN naming profiles:read to a key without that scope, on every path,
 * so a key allowed a root field for another reason (segments:write, profiles:write, connectors:admin) sees
 * the ids it works on but not the person. test/graphql/field-authorization.test.ts walks every path.
 */
export function PersonalData(): MethodDecorator & PropertyDecorator {
  return Authorized(PERSONAL_DATA_SCOPE);
}
