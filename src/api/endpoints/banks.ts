import { z } from 'zod';
import { roles, type RoleName } from '../../auth/roles';
import { isConnectorError } from '../../connector/errors';
import type { Bank } from '../../connector/types';
import { ObpError } from '../../errors';
import { isSuperAdmin, missingRoles } from '../access';
import { endpoint, requireBank, requireUser, type RequestContext } from '../endpoint';
import {
  bankFromJsonV220,
  bankJson400,
  bankJson400Schema,
  bankJsonV220,
  bankJsonV220Schema as bankJsonV220ResponseSchema,
  bankJsonV300,
  bankJsonV300Schema,
} from '../json/bank';
import { obpString } from '../schemas';

const bankJsonV220Schema = z.object({
  id: obpString(255),
  full_name: obpString(255),
  short_name: obpString(255),
  logo_url: obpString(2000),
  website_url: obpString(2000),
  swift_bic: obpString(255),
  national_identifier: obpString(255),
  bank_routing: z.object({ scheme: obpString(255), address: obpString(255) }),
});

const exampleBank = {
  id: 'gh.29.uk.x',
  full_name: 'uk',
  short_name: 'uk',
  logo_url: 'https://static.openbankproject.com/images/sandbox/bank_x.png',
  website_url: 'https://www.example.com',
  swift_bic: 'IIIGGB22',
  national_identifier: 'UK97ZZZ1234567890',
  bank_routing: { scheme: 'BIC', address: 'OKOYFIHH' },
};

/** What the creator of a bank is granted there, as in OBP. */
const CREATOR_ROLES: RoleName[] = ['CanCreateEntitlementAtOneBank', 'CanReadDynamicResourceDocsAtOneBank'];

/** Changing an existing bank is for its administrators: CanCreateEntitlementAtOneBank there, or a super admin. */
async function requireBankAdmin<B>(ctx: RequestContext<B>, bankId: string): Promise<void> {
  const admin = roles.CanCreateEntitlementAtOneBank;
  if (isSuperAdmin(ctx) || (await ctx.services.entitlements.hasAny(requireUser(ctx).userId, [admin], bankId))) return;
  throw missingRoles([admin], bankId);
}

/**
 * A new bank and its creator's grants as one unit, across two stores (the bank behind the connector, the grants in
 * the API's own store): claim the id and grant first, in one local transaction; then create the bank, insert-only.
 * A bank therefore never exists without its creator's grants; if it is not created, the claim and grants are undone.
 */
async function createNewBank(ctx: RequestContext<z.infer<typeof bankJsonV220Schema>>, bank: Bank): Promise<Bank> {
  const claim = await ctx.services.entitlements.claimNewBank(requireUser(ctx).userId, bank.bankId, CREATOR_ROLES);
  // Another user is creating, or created, this id through the API: it is not the caller's to change.
  if (!claim) throw missingRoles([roles.CanCreateEntitlementAtOneBank], bank.bankId);
  try {
    return await ctx.connector.createBank(bank, ctx.cc);
  } catch (e) {
    await ctx.services.entitlements.releaseBankClaim(claim);
    if (!(isConnectorError(e) && e.kind === 'ALREADY_EXISTS')) throw e;
  }
  // The bank appeared meanwhile by another way (an import, the core banking system): an update after all.
  await requireBankAdmin(ctx, bank.bankId);
  return ctx.connector.createOrUpdateBank(bank, ctx.cc);
}

export const createBank = endpoint({
  name: 'createBank',
  implementedIn: 'v2.2.0',
  // v4.0.0 and v5.0.0 re-implemented POST /banks with other JSON shapes.
  servedUntil: 'v3.1.0',
  method: 'POST',
  path: '/banks',
  summary: 'Create Bank',
  description:
    'Creates a bank, or updates every field of the bank with that id. The id needs at least 6 characters from ' +
    "A-Z, a-z, 0-9, '-', '.', '_'. The creator is granted CanCreateEntitlementAtOneBank and " +
    'CanReadDynamicResourceDocsAtOneBank at the new bank. Updating an existing bank needs ' +
    'CanCreateEntitlementAtOneBank at that bank (or a super admin).',
  tags: ['Bank'],
  roles: ['CanCreateBank'],
  body: { schema: bankJsonV220Schema, example: exampleBank },
  checks: [
    'body',
    ({ body }) => {
      if (body.id.length <= 5) throw new ObpError('InvalidJsonFormat', ' Min length of BANK_ID should be 5 characters.');
      if (!/^[A-Za-z0-9\-._]+$/.test(body.id)) throw new ObpError('InvalidValueCharacters', '.');
    },
    'auth',
    ({ consumer }) => {
      if (!consumer) throw new ObpError('InvalidConsumerCredentials');
    },
    'roles',
    async (ctx) => {
      ctx.bank = await ctx.connector.getBank(ctx.body.id, ctx.cc);
      if (ctx.bank) await requireBankAdmin(ctx, ctx.body.id);
    },
  ],
  catalogs: { obwg: true },
  successStatus: 201,
  responseSchema: bankJsonV220ResponseSchema,
  exampleResponse: exampleBank,
  errors: ['InvalidJsonFormat', 'InvalidValueCharacters', 'UserNotLoggedIn', 'InvalidConsumerCredentials', 'UserHasMissingRoles'],
  handler: async (ctx) => {
    const bank = bankFromJsonV220(ctx.body);
    const stored = ctx.bank ? await ctx.connector.createOrUpdateBank(bank, ctx.cc) : await createNewBank(ctx, bank);
    return bankJsonV220(stored);
  },
});

export const getBanks = endpoint({
  name: 'getBanks',
  implementedIn: 'v3.0.0',
  // v4.0.0 re-implemented GET /banks with another JSON shape (BanksJson400).
  servedUntil: 'v3.1.0',
  method: 'GET',
  path: '/banks',
  summary: 'Get Banks',
  description: 'Lists every bank. No authentication is needed.',
  tags: ['Bank'],
  checks: [],
  catalogs: { core: true, psd2: true, obwg: true },
  successStatus: 200,
  responseSchema: z.object({ banks: z.array(bankJsonV300Schema) }),
  exampleResponse: {
    banks: [
      {
        id: 'gh.29.uk',
        short_name: 'uk',
        full_name: 'uk',
        logo: 'https://static.openbankproject.com/images/sandbox/bank_x.png',
        website: 'https://www.example.com',
        bank_routing: { scheme: 'OBP', address: 'gh.29.uk' },
      },
    ],
  },
  errors: [],
  handler: async ({ connector, cc }) => ({ banks: (await connector.getBanks(cc)).map(bankJsonV300) }),
});

export const bankById = endpoint({
  name: 'bankById',
  implementedIn: 'v3.0.0',
  // v4.0.0 and v5.0.0 re-implemented GET /banks/BANK_ID (bank attributes, then BankJson500).
  servedUntil: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID',
  summary: 'Get Bank',
  description: 'Returns one bank with its routings. No authentication is needed.',
  tags: ['Bank'],
  checks: ['bank'],
  catalogs: { core: true, psd2: true, obwg: true },
  successStatus: 200,
  responseSchema: bankJson400Schema,
  exampleResponse: {
    id: 'gh.29.uk',
    short_name: 'uk',
    full_name: 'uk',
    logo: 'https://static.openbankproject.com/images/sandbox/bank_x.png',
    website: 'https://www.example.com',
    bank_routings: [
      { scheme: 'OBP', address: 'gh.29.uk' },
      { scheme: 'BIC', address: 'IIIGGB22' },
    ],
    attributes: [],
  },
  errors: ['BankNotFound'],
  handler: async (ctx) => bankJson400(requireBank(ctx)),
});
