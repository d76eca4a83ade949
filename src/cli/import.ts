import fs from 'node:fs/promises';
import type { Knex } from 'knex';
import { z } from 'zod';
import { parseRequestDate } from '../api/json/dates';
import { obpInt, obpString } from '../api/schemas';
import { ImportError, importSandboxData, type ImportData, type ImportSummary } from '../connector/mapped/import';

/**
 * The admin import: OBP sandbox-import JSON (`banks`, `crm_events`) extended with `customers` and
 * `customer_attributes`, validated as a whole before anything is written.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** OBP's sandbox dates (`yyyy-MM-ddTHH:mm:ss.SSSZ`), the API's request dates, or a plain day (`yyyy-MM-dd`). */
const importDate = z.string().transform((s, ctx) => {
  const d = parseRequestDate(DAY.test(s) ? `${s}T00:00:00Z` : s);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: "expected yyyy-MM-dd'T'HH:mm:ss.SSS'Z', yyyy-MM-dd'T'HH:mm:ss'Z' or yyyy-MM-dd" });
    return z.NEVER;
  }
  return d;
});

const optionalText = (max = 255) => obpString(max).default('');
const id = z.string().min(1).max(255).regex(/^[A-Za-z0-9\-_.]+$/, "only 0-9, a-z, A-Z, '-', '.', '_'");

const bank = z.object({
  id,
  short_name: obpString(255),
  full_name: obpString(255),
  logo: optionalText(2000),
  website: optionalText(2000),
  swift_bic: optionalText(),
  national_identifier: optionalText(),
  bank_routing: z.object({ scheme: obpString(255), address: obpString(255) }).optional(),
});

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .refine((s) => s === '' || z.email().safeParse(s).success, 'not an email address');

const customer = z.object({
    customer_number: obpString(50).pipe(z.string().min(1)),
    bank_id: id,
    legal_name: obpString(255),
    mobile_phone_number: optionalText(50),
    email: email.default(''),
    face_image: z.object({ url: optionalText(2000), date: importDate.nullable().default(null) }).default({ url: '', date: null }),
    date_of_birth: importDate.nullable().default(null),
    relationship_status: optionalText(),
    dependants: obpInt.min(0).optional(),
    dob_of_dependants: z.array(importDate).default([]),
    highest_education_attained: optionalText(),
    employment_status: optionalText(),
    kyc_status: z.boolean().default(false),
    last_ok_date: importDate.nullable().default(null),
    credit_rating: z.object({ rating: optionalText(), source: optionalText() }).default({ rating: '', source: '' }),
    credit_limit: z.object({ currency: optionalText(), amount: optionalText() }).default({ currency: '', amount: '' }),
    title: optionalText(),
    branch_id: optionalText(),
    name_suffix: optionalText(),
  });

const crmEvent = z.object({
  id: z.string().min(1).max(255).optional(),
  bank_id: id,
  customer: z.object({ name: obpString(255), number: obpString(50) }),
  category: obpString(255),
  detail: obpString(2000),
  channel: obpString(255),
  actual_date: importDate,
  scheduled_date: importDate.nullable().default(null),
  result: optionalText(),
});

const VALUE_RULES: Record<string, { test(s: string): boolean; message: string }> = {
  INTEGER: { test: (s) => /^-?\d+$/.test(s), message: 'not an INTEGER' },
  DOUBLE: { test: (s) => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s), message: 'not a DOUBLE' },
  DATE_WITH_DAY: { test: (s) => DAY.test(s) && parseRequestDate(`${s}T00:00:00Z`) !== undefined, message: 'not a DATE_WITH_DAY (yyyy-MM-dd)' },
};

const customerAttribute = z
  .object({
    bank_id: id,
    customer_number: obpString(50),
    name: obpString(128).pipe(z.string().min(1)),
    type: z.enum(['STRING', 'INTEGER', 'DOUBLE', 'DATE_WITH_DAY']).default('STRING'),
    value: obpString(255),
  })
  .superRefine((a, ctx) => {
    const rule = VALUE_RULES[a.type];
    if (rule && !rule.test(a.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: rule.message });
  });

const SECTIONS = ['banks', 'customers', 'crm_events', 'customer_attributes'] as const;

const importFile = z.object({
  banks: z.array(bank).default([]),
  customers: z.array(customer).default([]),
  crm_events: z.array(crmEvent).default([]),
  customer_attributes: z.array(customerAttribute).default([]),
});

type ImportFile = z.infer<typeof importFile>;

function toImportData(f: ImportFile): ImportData {
  return {
    banks: f.banks.map((b) => ({
      bankId: b.id,
      shortName: b.short_name,
      fullName: b.full_name,
      logoUrl: b.logo,
      websiteUrl: b.website,
      swiftBic: b.swift_bic,
      nationalIdentifier: b.national_identifier,
      bankRoutingScheme: b.bank_routing?.scheme ?? '',
      bankRoutingAddress: b.bank_routing?.address ?? '',
    })),
    customers: f.customers.map((c) => ({
      bankId: c.bank_id,
      number: c.customer_number,
      legalName: c.legal_name,
      mobileNumber: c.mobile_phone_number,
      email: c.email,
      faceImage: c.face_image,
      dateOfBirth: c.date_of_birth,
      relationshipStatus: c.relationship_status,
      dependents: c.dependants ?? c.dob_of_dependants.length,
      dobOfDependents: c.dob_of_dependants,
      highestEducationAttained: c.highest_education_attained,
      employmentStatus: c.employment_status,
      creditRating: c.credit_rating,
      creditLimit: c.credit_limit,
      kycStatus: c.kyc_status,
      lastOkDate: c.last_ok_date,
      title: c.title,
      branchId: c.branch_id,
      nameSuffix: c.name_suffix,
    })),
    crmEvents: f.crm_events.map((e) => ({
      id: e.id,
      bankId: e.bank_id,
      customerName: e.customer.name,
      customerNumber: e.customer.number,
      category: e.category,
      detail: e.detail,
      channel: e.channel,
      scheduledDate: e.scheduled_date,
      actualDate: e.actual_date,
      result: e.result,
    })),
    customerAttributes: f.customer_attributes.map((a) => ({
      bankId: a.bank_id,
      customerNumber: a.customer_number,
      name: a.name,
      type: a.type,
      value: a.value,
    })),
  };
}

/** `customers[3].email` from a zod issue path. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

const MAX_REPORTED_ISSUES = 10;

/** Validates parsed JSON; every problem found is reported, each naming its record. */
export function parseImportFile(json: unknown): { data: ImportData; ignoredSections: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImportError('the file must hold a JSON object');
  const parsed = importFile.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((i) => `${issuePath(i.path) || '(file)'}: ${i.message}`);
    const more = parsed.error.issues.length - lines.length;
    throw new ImportError([...lines, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'));
  }
  const ignoredSections = Object.keys(json).filter((k) => !(SECTIONS as readonly string[]).includes(k));
  return { data: toImportData(parsed.data), ignoredSections };
}

/** Reads, validates and loads FILE; sections this service does not store (users, accounts, …) are reported via `warn`. */
export async function importFromFile(db: Knex, file: string, warn: (message: string) => void): Promise<ImportSummary> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ImportError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const { data, ignoredSections } = parseImportFile(json);
  if (ignoredSections.length > 0) warn(`ignored sections this service does not import: ${ignoredSections.join(', ')}`);
  return importSandboxData(db, data);
}
