import { Migration } from '@mikro-orm/migrations';

/**
 * Typed traits. `trait_types` holds, for each trait key nothing declares, the type its values have had: `number`
 * while every value seen (winners and candidates) is a plain number (a JSON number, or digits with an optional
 * minus and fraction, no leading zero, at most 15 digits), `text` otherwise. Canonical fields and connectors
 * declare their keys in code; codes and identifiers among them are text.
 *
 * Numeric keys' values get `value_number`, the number they compare by, and numeric strings among them become
 * JSON numbers ("10000" → 10000); value_text keeps what the source wrote, so "00123" of a text key stays "00123".
 * The numeric keys the connectors declared when this migration was written are listed here, frozen, so later
 * declarations do not change what it did; keys declared later are typed when their profiles are next derived.
 */
const DECLARED_KEYS = [
  // canonical fields
  'first_name', 'last_name', 'full_name', 'email', 'phone', 'wechat_unionid', 'wechat_openid', 'street', 'city', 'state', 'postcode', 'country',
  'date_of_birth', 'gender', 'company', 'street_number', 'address_line2', 'national_id', 'nickname',
  // pos-file, shopify, wechat-oa, wecom, zoho-crm
  'member_card', 'store', 'phone_as_typed', 'member_level', 'points', 'stored_value_balance', 'card_opened_at',
  'shopify_tags', 'shopify_orders_count', 'shopify_amount_spent', 'shopify_currency', 'shopify_email_marketing', 'shopify_address_phone', 'shopify_created_at', 'shopify_customer_id',
  'wechat_appid', 'subscribed', 'tags', 'remark', 'subscribe_scene', 'qr_scene', 'language',
  'contact_type', 'avatar', 'position', 'description', 'follow_user', 'add_way', 'add_state', 'remark_mobile',
  'zoho_module', 'zoho_created_at', 'zoho_account_id', 'other_phone', 'lead_status', 'lead_source',
];
const DECLARED_NUMERIC_KEYS = ['points', 'stored_value_balance', 'shopify_orders_count', 'shopify_amount_spent'];

const PLAIN_NUMBER = `^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$`;
const NUMERIC_TEXT = `^-?[0-9]+(\\.[0-9]+)?$`;
const list = (keys: string[]) => `array[${keys.map((key) => `'${key}'`).join(', ')}]::text[]`;

export class Migration20261207141000_trait_types extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table trait_types (
        key text primary key,
        type text not null check (type in ('number', 'text')),
        changed_at timestamptz not null default now()
      );
      alter table traits add column value_number numeric null;

      insert into trait_types (key, type)
      select key,
             case when bool_and(jsonb_typeof(value) = 'number'
                                or (jsonb_typeof(value) = 'string' and value #>> '{}' ~ '${PLAIN_NUMBER}'
                                    and length(regexp_replace(value #>> '{}', '[^0-9]', '', 'g')) <= 15))
                  then 'number' else 'text' end
        from (
          select key, value from traits where value is not null
          union all
          select t.key, c -> 'value' from traits t cross join lateral jsonb_array_elements(t.candidates) c
        ) seen
       where not (key = any(${list(DECLARED_KEYS)}))
       group by key;

      update traits t
         set value_number = (t.value #>> '{}')::numeric,
             value = case when jsonb_typeof(t.value) = 'string' and length(regexp_replace(t.value #>> '{}', '[^0-9]', '', 'g')) <= 15
                          then to_jsonb((t.value #>> '{}')::numeric) else t.value end
       where (t.key = any(${list(DECLARED_NUMERIC_KEYS)}) or t.key in (select key from trait_types where type = 'number'))
         and (jsonb_typeof(t.value) = 'number' or (jsonb_typeof(t.value) = 'string' and t.value #>> '{}' ~ '${NUMERIC_TEXT}'));

      create index traits_key_value_number_idx on traits (key, value_number) include (profile_id) where value_number is not null;
    `);
  }

  override async down(): Promise<void> {
    // Numbers that were strings go back to the text their source wrote, where that text differs from the number.
    this.addSql(`
      drop index if exists traits_key_value_number_idx;
      update traits set value = to_jsonb(value_text) where value_number is not null and value_text is not null and value_text <> value #>> '{}';
      alter table traits drop column value_number;
      drop table if exists trait_types;
    `);
  }
}
