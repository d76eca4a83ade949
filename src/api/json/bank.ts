import { z } from 'zod';
import type { Bank } from '../../connector/types';
import { stringOrNull } from './schema-types';

const routingSchema = z.object({ scheme: z.string(), address: z.string() });

export const bankJsonV220Schema = z.object({
  id: z.string(),
  full_name: z.string(),
  short_name: z.string(),
  logo_url: z.string(),
  website_url: z.string(),
  swift_bic: z.string(),
  national_identifier: z.string(),
  bank_routing: routingSchema,
});

export const bankJsonV300Schema = z.object({
  id: z.string(),
  short_name: stringOrNull,
  full_name: stringOrNull,
  logo: stringOrNull,
  website: stringOrNull,
  bank_routing: routingSchema,
});

export const bankJson400Schema = z.object({
  id: z.string(),
  short_name: stringOrNull,
  full_name: stringOrNull,
  logo: stringOrNull,
  website: stringOrNull,
  bank_routings: z.array(routingSchema),
  attributes: z.array(z.unknown()),
});

const orNull = (s: string) => (s === '' ? null : s);

/** BankJSONV220: the create-bank request and response. */
export function bankJsonV220(b: Bank): z.infer<typeof bankJsonV220Schema> {
  return {
    id: b.bankId,
    full_name: b.fullName,
    short_name: b.shortName,
    logo_url: b.logoUrl,
    website_url: b.websiteUrl,
    swift_bic: b.swiftBic,
    national_identifier: b.nationalIdentifier,
    bank_routing: { scheme: b.bankRoutingScheme, address: b.bankRoutingAddress },
  };
}

/** A BankJSONV220 request body as the connector's Bank. */
export function bankFromJsonV220(b: ReturnType<typeof bankJsonV220>): Bank {
  return {
    bankId: b.id,
    shortName: b.short_name,
    fullName: b.full_name,
    logoUrl: b.logo_url,
    websiteUrl: b.website_url,
    swiftBic: b.swift_bic,
    nationalIdentifier: b.national_identifier,
    bankRoutingScheme: b.bank_routing.scheme,
    bankRoutingAddress: b.bank_routing.address,
  };
}

/** An element of GET /banks (v3.0.0): empty strings render null, routing defaults to OBP / the bank id. */
export function bankJsonV300(b: Bank): z.infer<typeof bankJsonV300Schema> {
  return {
    id: b.bankId,
    short_name: orNull(b.shortName),
    full_name: orNull(b.fullName),
    logo: orNull(b.logoUrl),
    website: orNull(b.websiteUrl),
    bank_routing: {
      scheme: b.bankRoutingScheme || 'OBP',
      address: b.bankRoutingAddress || b.bankId,
    },
  };
}

/** BankJson400: GET /banks/BANK_ID. The stored routing comes last, after the implied OBP and BIC routings. */
export function bankJson400(b: Bank): z.infer<typeof bankJson400Schema> {
  const stored = { scheme: b.bankRoutingScheme, address: b.bankRoutingAddress };
  const obp = { scheme: 'OBP', address: b.bankId };
  const bic = { scheme: 'BIC', address: b.swiftBic };
  const routings =
    b.bankRoutingScheme === 'OBP' ? [bic, stored] : b.bankRoutingScheme === 'BIC' ? [obp, stored] : [obp, bic, stored];
  return {
    id: b.bankId,
    short_name: orNull(b.shortName),
    full_name: orNull(b.fullName),
    logo: orNull(b.logoUrl),
    website: orNull(b.websiteUrl),
    bank_routings: routings.filter((r) => r.address),
    attributes: [] as unknown[],
  };
}
