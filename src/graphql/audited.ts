import { createMethodMiddlewareDecorator, type ArgsDictionary } from 'type-graphql';
import type { AuditRecord } from '../modules/audit';
import type { GraphQLContext } from './context';

/** What a mutation changed, told from its arguments and its answer: ids and field names, never values. */
export type AuditDescription = Omit<AuditRecord, 'actor'>;

/**
 * Records a mutation in the audit log under the calling key's name once it has succeeded (a refused or failed
 * change leaves no entry). `describe` picks ids and field names out of the arguments and the answer, or says null
 * when nothing changed (a delete of nothing).
 */
export function Audited<Result>(describe: (call: { args: ArgsDictionary; result: Result }) => AuditDescription | null): MethodDecorator {
  // Named: test/audit/audit-log.test.ts finds the mutations without it by this name.
  return createMethodMiddlewareDecorator<GraphQLContext>(async function recordInAuditLog({ args, context }, next) {
    const result = (await next()) as Result;
    const description = describe({ args, result });
    if (description) await context.services.audit.record({ actor: context.principal.name, ...description });
    return result;
  });
}
