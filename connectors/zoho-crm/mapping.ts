/**
 * Zoho CRM rows (Contacts and Leads, API v8 field names) to canonical records. Pure: no I/O.
 * Values go through as Zoho shows them (mixed-case e-mails, `+86 138 0013 8000` or `138-0013-8000`
 * phones): ingestion normalizes identifiers and keeps the raw value for lineage.
 */

export type ZohoRow = Record<string, unknown>;

/** The canonical record as the ingestion contract spells it (snake_case fields, traits, events). */
export type CanonicalRecordInput = {
  external_id: string;
  first_name?: string;
  last_name?: string;
  full_name?: string;
  email?: string;
  phone?: string;
  street?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
  company?: string;
  traits: Record<string, string | number | boolean | null>;
  events?: { id: string; type: 'lead'; occurred_at: string; properties?: Record<string, unknown> }[];
  updated_at: string;
};

export type MappingResult = { ok: true; record: CanonicalRecordInput } | { ok: false; reason: string };

/** The fields= list for each module: exactly what the mappers below read (v8 requires the list). */
export const CONTACT_FIELDS = [
  'First_Name', 'Last_Name', 'Full_Name', 'Email', 'Phone', 'Mobile', 'Account_Name',
  'Mailing_Street', 'Mailing_City', 'Mailing_State', 'Mailing_Zip', 'Mailing_Country', 'Created_Time', 'Modified_Time',
] as const;
export const LEAD_FIELDS = [
  'First_Name', 'Last_Name', 'Full_Name', 'Email', 'Phone', 'Mobile', 'Company', 'Lead_Status', 'Lead_Source',
  'Street', 'City', 'State', 'Zip_Code', 'Country', 'Created_Time', 'Modified_Time',
] as const;

/** The row's id and Modified_Time as the cursor needs them, whether or not the row maps. */
export function rowPosition(row: ZohoRow): { id?: string; modifiedAtMs?: number } {
  const id = typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : undefined;
  const modifiedAtMs = typeof row.Modified_Time === 'string' ? Date.parse(row.Modified_Time) : Number.NaN;
  return { id: id || undefined, modifiedAtMs: Number.isNaN(modifiedAtMs) ? undefined : modifiedAtMs };
}

export function mapContact(row: ZohoRow): MappingResult {
  return mapPerson(row, 'Contacts', (text) => {
    const account = row.Account_Name;
    if (account !== null && account !== undefined && (typeof account !== 'object' || Array.isArray(account))) {
      throw new Unmappable(`Account_Name: expected a lookup object { name, id }, got ${describe(account)}`);
    }
    const lookup = (account ?? {}) as ZohoRow;
    return {
      fields: {
        company: text(lookup.name, 'Account_Name.name'),
        street: text(row.Mailing_Street, 'Mailing_Street'),
        city: text(row.Mailing_City, 'Mailing_City'),
        state: text(row.Mailing_State, 'Mailing_State'),
        postcode: text(row.Mailing_Zip, 'Mailing_Zip'),
        country: text(row.Mailing_Country, 'Mailing_Country'),
      },
      traits: { zoho_account_id: text(lookup.id, 'Account_Name.id') ?? null },
    };
  });
}

export function mapLead(row: ZohoRow): MappingResult {
  return mapPerson(row, 'Leads', (text, base) => {
    const status = text(row.Lead_Status, 'Lead_Status');
    const source = text(row.Lead_Source, 'Lead_Source');
    const properties = Object.fromEntries(Object.entries({ status, source }).filter(([, value]) => value !== undefined));
    return {
      fields: {
        company: text(row.Company, 'Company'),
        street: text(row.Street, 'Street'),
        city: text(row.City, 'City'),
        state: text(row.State, 'State'),
        postcode: text(row.Zip_Code, 'Zip_Code'),
        country: text(row.Country, 'Country'),
      },
      traits: { lead_status: status ?? null, lead_source: source ?? null },
      // One lead event per Zoho lead, keyed by its id so a re-sync replaces it rather than adding another.
      events: [{ id: `zoho-lead-${base.id}`, type: 'lead' as const, occurred_at: base.createdAt ?? base.modifiedAt, properties }],
    };
  });
}

type TextOf = (value: unknown, field: string) => string | undefined;
type ModuleSpecific = Pick<CanonicalRecordInput, 'traits' | 'events'> & { fields: Partial<CanonicalRecordInput> };

class Unmappable extends Error {}

/** What Contacts and Leads share: id, names, e-mail, phones and the two timestamps. */
function mapPerson(row: ZohoRow, module: 'Contacts' | 'Leads', specific: (text: TextOf, base: { id: string; createdAt?: string; modifiedAt: string }) => ModuleSpecific): MappingResult {
  try {
    const { id, modifiedAtMs } = rowPosition(row);
    if (!id) throw new Unmappable(`${module} row has no id`);
    if (modifiedAtMs === undefined) throw new Unmappable(`${module} ${id}: Modified_Time ${describe(row.Modified_Time)} is not a date-time`);
    const createdAtMs = typeof row.Created_Time === 'string' ? Date.parse(row.Created_Time) : Number.NaN;
    const modifiedAt = new Date(modifiedAtMs).toISOString();
    const createdAt = Number.isNaN(createdAtMs) ? undefined : new Date(createdAtMs).toISOString();
    const text: TextOf = (value, field) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value !== 'string' && typeof value !== 'number') throw new Unmappable(`${module} ${id}: ${field} is ${describe(value)}, expected text`);
      return String(value).trim() || undefined;
    };
    // Zoho has two phone fields and people fill either; the mobile is the better identifier when both are set.
    const mobile = text(row.Mobile, 'Mobile');
    const phone = text(row.Phone, 'Phone');
    const extra = specific(text, { id, createdAt, modifiedAt });
    const record: CanonicalRecordInput = {
      external_id: id,
      first_name: text(row.First_Name, 'First_Name'),
      last_name: text(row.Last_Name, 'Last_Name'),
      full_name: text(row.Full_Name, 'Full_Name'),
      email: text(row.Email, 'Email'),
      phone: mobile ?? phone,
      ...extra.fields,
      traits: { zoho_module: module, zoho_created_at: createdAt ?? null, ...(mobile && phone && mobile !== phone ? { other_phone: phone } : {}), ...extra.traits },
      ...(extra.events ? { events: extra.events } : {}),
      updated_at: modifiedAt,
    };
    return { ok: true, record: withoutUndefined(record) };
  } catch (error) {
    if (error instanceof Unmappable) return { ok: false, reason: error.message };
    throw error;
  }
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? (value === null ? 'null' : 'an object') : `'${String(value).slice(0, 40)}'`;
}
