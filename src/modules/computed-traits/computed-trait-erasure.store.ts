import type { SqlExecutor } from '../../platform/database/database';
import type { ErasureTargets, PersonDataEraser } from '../profiles';

/** The computed traits of an erased person and of every profile merged into it, counted for the receipt. */
export async function forgetPerson(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>> {
  const rows = await tx.query('delete from computed_traits where profile_id = any($1::text[]) returning 1', [targets.profileIds]);
  return { computed_traits: rows.length };
}

export const computedTraitErasure: PersonDataEraser = { forgetPerson };
