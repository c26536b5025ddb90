import { Migration } from '@mikro-orm/migrations';

/**
 * One normalizer per identifier type (connectors/sdk/records): stored identities are brought to what it gives,
 * so profileByIdentity keeps finding them.
 *
 * - E-mail identities follow the built-in mail-provider rules the identity engine always used: Gmail ignores
 *   dots and `+tags` and googlemail.com is gmail.com; Outlook/Hotmail/Live/MSN, Fastmail and Proton drop
 *   `+tags`; iCloud drops `+tags` and me.com/mac.com are icloud.com. A value the rules leave empty is dropped;
 *   two values of one profile that become one keep one row.
 * - National ids become identifiers (the engine always linked on them): upper case, without spaces and
 *   hyphens, unless masked or one repeated digit; credited to the profile's record that was first seen.
 *
 * Rules a team set in HUB_IDENTITY_RULES.emailProviders are not known here: records ingested from now on
 * follow them; stored identities follow the built-in rules until their profile is re-derived.
 * Plain SQL, frozen here, so that later changes to the normalizers do not change what this migration did.
 */
export class Migration20261207000000_identifier_normalization extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create temporary table renormalized_emails on commit drop as
      with parts as (
        select id, profile_id, value, split_part(value, '@', 1) as mailbox, split_part(value, '@', 2) as domain
          from identities where type = 'email'
      ), normalized as (
        select id, profile_id, value,
               case
                 when domain in ('gmail.com', 'googlemail.com') then replace(split_part(mailbox, '+', 1), '.', '') || '@gmail.com'
                 when domain in ('icloud.com', 'me.com', 'mac.com') then split_part(mailbox, '+', 1) || '@icloud.com'
                 when domain in ('outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'fastmail.com', 'protonmail.com', 'proton.me')
                   then split_part(mailbox, '+', 1) || '@' || domain
                 else value
               end as normalized
          from parts
      )
      select id, profile_id, normalized from normalized where normalized <> value;

      delete from identities i
       using renormalized_emails r
       where i.id = r.id
         and (r.normalized like '@%'
              or exists (select 1 from identities o where o.type = 'email' and o.profile_id = r.profile_id and o.value = r.normalized)
              or exists (select 1 from renormalized_emails r2 where r2.profile_id = r.profile_id and r2.normalized = r.normalized and r2.id < r.id));

      update identities i set value = r.normalized from renormalized_emails r where i.id = r.id;

      insert into identities (id, profile_id, type, value, raw_value, source, source_record_id)
      select 'idn_' || substr(md5(s.id || ':national_id'), 1, 26), s.profile_id, 'national_id', n.value, s.payload->>'national_id', s.source, s.id
        from source_records s
        cross join lateral (select upper(regexp_replace(s.payload->>'national_id', '[[:space:]-]', '', 'g')) as value) n
       where s.payload ? 'national_id'
         and n.value <> ''
         and n.value !~ '^(.)\\1+$'
         and n.value !~ '[*•●]|[0-9@.][xX]{2,}[0-9@.]|[0-9][xX]{2,}'
       order by s.first_seen_at, s.id
      on conflict (type, value, profile_id) do nothing;
    `);
  }

  override async down(): Promise<void> {
    // The values before cannot be told from the values after; national ids are removed as identifiers.
    this.addSql("delete from identities where type = 'national_id';");
  }
}
