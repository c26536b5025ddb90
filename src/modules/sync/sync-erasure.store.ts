import type { SqlExecutor } from '../../platform/database/database';
import type { ErasureTargets, PersonDataEraser } from '../profiles';
import { erasureSearchTexts } from '../profiles';

/**
 * Rejected rows of syncs that quote an erased person's identifiers (as sent, or normalized; a phone also by
 * its digits alone): a rejected row was never stored as a record, so only its text can tell whose it was.
 */
export async function forgetPerson(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>> {
  const digits = [...new Set(targets.identifiers.filter((identifier) => identifier.type === 'phone').flatMap((identifier) => [identifier.raw, identifier.value].map((text) => text.replace(/\D/g, ''))))].filter(
    (text) => text.length >= 7,
  );
  const rows = await tx.query(
    `delete from sync_rejections j
      where exists (select 1 from unnest($1::text[]) t where strpos(lower(j.raw::text), t) > 0 or strpos(lower(j.reason), t) > 0)
         or exists (select 1 from unnest($2::text[]) d where strpos(regexp_replace(j.raw::text, '[^0-9]', '', 'g'), d) > 0)
      returning 1`,
    [erasureSearchTexts(targets), digits],
  );
  return { sync_rejections: rows.length };
}

export const syncRejectionErasure: PersonDataEraser = { forgetPerson };
