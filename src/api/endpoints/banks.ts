import { z } from 'zod';
import { ObpError } from '../../errors';
import { endpoint, requireBank, requireUser } from '../endpoint';
import {
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

export const createBank = endpoint({
  name: 'createBank',
  implementedIn: 'v2.2.0',
  method: 'POST',
  path: '/banks',
  summary: 'Create Bank',
  description:
    'Creates a bank, or updates every field of the bank with that id. The id needs at least 6 characters from ' +
    "A-Z, a-z, 0-9, '-', '.', '_'. The creator is granted CanCreateEntitlementAtOneBank and " +
    'CanReadDynamicResourceDocsAtOneBank at the new bank.',
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
  ],
  catalogs: { obwg: true },
  successStatus: 201,
  responseSchema: bankJsonV220ResponseSchema,
  exampleResponse: exampleBank,
  errors: ['InvalidJsonFormat', 'InvalidValueCharacters', 'UserNotLoggedIn', 'InvalidConsumerCredentials', 'UserHasMissingRoles'],
  handler: async (ctx) => {
    const b = ctx.body;
    const bank = await ctx.connector.createOrUpdateBank(
      {
        bankId: b.id,
        shortName: b.short_name,
        fullName: b.full_name,
        logoUrl: b.logo_url,
        websiteUrl: b.website_url,
        swiftBic: b.swift_bic,
        nationalIdentifier: b.national_identifier,
        bankRoutingScheme: b.bank_routing.scheme,
        bankRoutingAddress: b.bank_routing.address,
      },
      ctx.cc,
    );
    await ctx.services.entitlements.ensure(requireUser(ctx).userId, 'CanCreateEntitlementAtOneBank', bank.bankId);
    await ctx.services.entitlements.ensure(requireUser(ctx).userId, 'CanReadDynamicResourceDocsAtOneBank', bank.bankId);
    return bankJsonV220(bank);
  },
});

export const getBanks = endpoint({
  name: 'getBanks',
  implementedIn: 'v3.0.0',
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
