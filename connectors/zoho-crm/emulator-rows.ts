import type { SyntheticPerson } from '../sdk/emulation/synthetic-people';
import { formatZohoTime } from './modified-cursor';

/**
 * Zoho CRM's partial view of the synthetic people, as the emulator stores it: about 40% of the pool are
 * Contacts and 20% Leads (some people are both), with what a sales team types in: e-mails in mixed
 * case, phones as `+86 138 0013 8000` or `138-0013-8000` in Mobile or Phone, an account or a company.
 */
export type ZohoModuleName = 'Contacts' | 'Leads';

export interface StoredRow {
  /** The synthetic person's key (p000042); undefined for raw rows a test injected. */
  personKey?: string;
  /** Second precision, like Zoho; what If-Modified-Since and sort_by=Modified_Time use. */
  modifiedAt: Date;
  /** The API row without Modified_Time, which is rendered from modifiedAt. */
  row: Record<string, unknown>;
}

/** China Standard Time: what a Zoho org in China shows its date-times in. */
export const ORG_OFFSET_MINUTES = 8 * 60;

const ORG_ID_PREFIX = '4876876';
const LEAD_STATUSES = ['Not Contacted', 'Attempted to Contact', 'Contact in Future', 'Contacted', 'Pre-Qualified', 'Junk Lead', 'Lost Lead'];
const LEAD_SOURCES = ['Advertisement', 'Web Download', 'Trade Show', 'WeChat', 'Employee Referral', 'Online Store'];
const PROVINCE_OF_CITY: Record<string, string> = { 上海: '上海市', 北京: '北京市', 杭州: '浙江省', 深圳: '广东省', 广州: '广东省', 成都: '四川省', 南京: '江苏省' };

/** A 19-digit Zoho-style record id: org prefix, a per-module block, the person's number. */
export function zohoId(block: number, index: number): string {
  return `${ORG_ID_PREFIX}${String(block).padStart(6, '0')}${String(index).padStart(6, '0')}`;
}

/** Deterministic 0..99 per person and purpose, so membership and formats are stable for a seed. */
function dice(index: number, salt: number, seed: number): number {
  let x = (index + 1) * 2654435761 + salt * 40503 + seed;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return ((x ^ (x >>> 16)) >>> 0) % 100;
}

export function buildModules(people: SyntheticPerson[], seed = 0): Record<ZohoModuleName, StoredRow[]> {
  const modules: Record<ZohoModuleName, StoredRow[]> = { Contacts: [], Leads: [] };
  people.forEach((person, index) => {
    const modifiedAt = toSecond(person.updatedAt);
    if (dice(index, 1, seed) < 40) modules.Contacts.push({ personKey: person.key, modifiedAt, row: contactRow(person, index, seed) });
    // Leads are touched at other times than the same person's contact record.
    if (dice(index, 2, seed) < 20) modules.Leads.push({ personKey: person.key, modifiedAt: toSecond(new Date(modifiedAt.getTime() - dice(index, 3, seed) * 3_600_000)), row: leadRow(person, index, seed) });
  });
  return modules;
}

export function toSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function contactRow(person: SyntheticPerson, index: number, seed: number): Record<string, unknown> {
  return {
    id: zohoId(1, index),
    ...personFields(person, index, seed),
    Account_Name: { name: person.company, id: zohoId(3, index) },
    Mailing_Street: person.street,
    Mailing_City: person.city,
    Mailing_State: PROVINCE_OF_CITY[person.city] ?? null,
    Mailing_Zip: person.postcode,
    Mailing_Country: 'China',
  };
}

function leadRow(person: SyntheticPerson, index: number, seed: number): Record<string, unknown> {
  return {
    id: zohoId(2, index),
    ...personFields(person, index, seed),
    Company: person.company,
    Lead_Status: LEAD_STATUSES[dice(index, 4, seed) % LEAD_STATUSES.length],
    Lead_Source: LEAD_SOURCES[dice(index, 5, seed) % LEAD_SOURCES.length],
    Street: null,
    City: person.city,
    State: PROVINCE_OF_CITY[person.city] ?? null,
    Zip_Code: null,
    Country: 'China',
  };
}

function personFields(person: SyntheticPerson, index: number, seed: number): Record<string, unknown> {
  const phoneStyle = dice(index, 6, seed) % 5;
  const phone = phoneStyle % 2 === 0 ? `+86 ${person.phone.slice(0, 3)} ${person.phone.slice(3, 7)} ${person.phone.slice(7)}` : `${person.phone.slice(0, 3)}-${person.phone.slice(3, 7)}-${person.phone.slice(7)}`;
  return {
    First_Name: person.firstName,
    Last_Name: person.lastName,
    Full_Name: person.fullName,
    // Typed by hand: half the addresses keep the capitals someone gave them.
    Email: dice(index, 7, seed) < 50 ? mixedCase(person.email) : person.email,
    // Style 4 leaves the number in Phone only; the others put it in Mobile (style 0 in both, as a landline copy).
    Mobile: phoneStyle === 4 ? null : phone,
    Phone: phoneStyle === 4 || phoneStyle === 0 ? phone : null,
    Created_Time: formatZohoTime(person.createdAt, ORG_OFFSET_MINUTES),
  };
}

function mixedCase(email: string): string {
  const [local, domain] = email.split('@');
  const capital = (part: string) => part.charAt(0).toUpperCase() + part.slice(1);
  return `${local.split('.').map(capital).join('.')}@${capital(domain)}`;
}
