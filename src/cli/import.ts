import fs from 'node:fs';
import type { Knex } from 'knex';
import { z } from 'zod';
import { parseRequestDate } from '../api/json/dates';
import { obpInt, obpString } from '../api/schemas';
import { JsonMembers } from './json-members';
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

type Bank = z.infer<typeof bank>;
type Customer = z.infer<typeof customer>;
type CrmEvent = z.infer<typeof crmEvent>;
type CustomerAttribute = z.infer<typeof customerAttribute>;

function toBank(b: Bank): ImportData['banks'][number] {
  return {
    bankId: b.id,
    shortName: b.short_name,
    fullName: b.full_name,
    logoUrl: b.logo,
    websiteUrl: b.website,
    swiftBic: b.swift_bic,
    nationalIdentifier: b.national_identifier,
    bankRoutingScheme: b.bank_routing?.scheme ?? '',
    bankRoutingAddress: b.bank_routing?.address ?? '',
  };
}

function toCustomer(c: Customer): ImportData['customers'][number] {
  return {
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
  };
}

function toCrmEvent(e: CrmEvent): ImportData['crmEvents'][number] {
  return {
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
  };
}

function toAttribute(a: CustomerAttribute): ImportData['customerAttributes'][number] {
  return { bankId: a.bank_id, customerNumber: a.customer_number, name: a.name, type: a.type, value: a.value };
}

/** Each section: how one record is validated and where it goes. */
const SECTIONS = {
  banks: (v: unknown, data: ImportData) => one(bank, v, (r) => data.banks.push(toBank(r))),
  customers: (v: unknown, data: ImportData) => one(customer, v, (r) => data.customers.push(toCustomer(r))),
  crm_events: (v: unknown, data: ImportData) => one(crmEvent, v, (r) => data.crmEvents.push(toCrmEvent(r))),
  customer_attributes: (v: unknown, data: ImportData) => one(customerAttribute, v, (r) => data.customerAttributes.push(toAttribute(r))),
} as const;

type Section = keyof typeof SECTIONS;

function one<T>(schema: z.ZodType<T>, value: unknown, store: (record: T) => void): z.core.$ZodIssue[] {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return parsed.error.issues;
  store(parsed.data);
  return [];
}

/** `customers[3].email` from a section, an index and a zod issue path. */
function issuePath(section: string, index: number, path: readonly PropertyKey[]): string {
  return `${section}[${index}]${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}

const MAX_REPORTED_ISSUES = 10;
/** Progress is reported every this many records (so small files import silently). */
export const PROGRESS_EVERY = 10_000;

/**
 * Reads, validates and loads FILE. The file is parsed as a stream, one record at a time: neither its text nor its
 * JSON tree is ever held whole, only the validated records (loaded in one transaction, so that a bad record stores
 * nothing). Sections this service does not store (users, accounts, …) are skipped and named via `report`, which
 * also receives progress lines for large files.
 */
export async function importFromFile(
  db: Knex,
  file: string,
  report: (message: string) => void,
  governance: { outbox?: boolean } = {},
): Promise<ImportSummary> {
  const data: ImportData = { banks: [], customers: [], crmEvents: [], customerAttributes: [] };
  const issues: string[] = [];
  let issueCount = 0;
  const ignored = new Set<string>();
  let records = 0;

  const parser = new JsonMembers({
    member(name, kind) {
      if (!Object.prototype.hasOwnProperty.call(SECTIONS, name)) ignored.add(name);
      else if (kind !== 'array' && issueCount++ < MAX_REPORTED_ISSUES) issues.push(`${name}: expected an array`);
    },
    element(section, index, value) {
      if (!Object.prototype.hasOwnProperty.call(SECTIONS, section)) return;
      for (const issue of SECTIONS[section as Section](value, data)) {
        if (issueCount++ < MAX_REPORTED_ISSUES) issues.push(`${issuePath(section, index, issue.path)}: ${issue.message}`);
      }
      if (++records % PROGRESS_EVERY === 0) report(`read ${records} records`);
    },
  });

  let stream: fs.ReadStream;
  try {
    stream = fs.createReadStream(file);
    let first = true;
    for await (const chunk of stream) {
      if (first && !/^\s*\{/.test((chunk as Buffer).subarray(0, 64).toString('utf8'))) throw new ImportError('the file must hold a JSON object');
      first = false;
      parser.write(chunk as Buffer);
    }
    if (first) throw new ImportError('the file must hold a JSON object');
    parser.end();
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new ImportError(`cannot read ${file}: ${code}`);
    throw new ImportError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (issueCount > 0) {
    const more = issueCount - issues.length;
    throw new ImportError([...issues, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'));
  }
  if (ignored.size > 0) report(`ignored sections this service does not import: ${[...ignored].join(', ')}`);
  return importSandboxData(db, data, records >= PROGRESS_EVERY ? report : undefined, governance);
}
