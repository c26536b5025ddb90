import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 22: a profile listed each of its Shopify orders' ids as an `external_id` identity, though an order stands
 * for no person (it joins its buyer by `customer_external_id`, or a guest by e-mail and phone). Profile derivation
 * leaves such ids out now (standsForPerson in src/modules/profiles/profile-derivation.ts); this removes the rows it
 * stored before: the external_id identity of a record that belongs to a customer record, or that is one of its own
 * events. One statement, no value spliced into SQL; the records themselves and every other identity stay.
 */
export class Migration20261207140000_order_identities extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      delete from identities i
        using source_records r
       where i.type = 'external_id'
         and i.profile_id = r.profile_id
         and i.value = r.source || ':' || r.external_id
         and (
           coalesce(r.payload ->> 'customer_external_id', '') <> ''
           or (jsonb_typeof(r.payload -> 'events') = 'array'
               and exists (select 1 from jsonb_array_elements(r.payload -> 'events') as e(event)
                            where jsonb_typeof(e.event) = 'object' and e.event ->> 'id' = r.external_id))
         );
    `);
  }

  override async down(): Promise<void> {
    // Nothing to restore: the removed rows identified no one.
  }
}
