import type { Endpoint } from '../endpoint';
import { getAdapterInfo } from './adapter';
import { bankById, createBank, getBanks } from './banks';
import { directLogin, directLoginLogout } from './direct-login';
import { getOpenApi, getResourceDocsObp, getResourceDocsObpV400 } from './docs';
import {
  addEntitlement,
  deleteEntitlement,
  getEntitlements,
  getEntitlementsForBank,
  getEntitlementsV400,
  getMyEntitlements,
} from './entitlements';
import { getApiGlossary, getMessageDocs, getOAuth2ServerWellKnown, getScannedApiVersions } from './explorer';
import { customerUpdates } from './customer-updates';
import { getCustomerHistory } from './customer-history';
import {
  createCustomer,
  getCustomerByCustomerId,
  getCustomerByCustomerNumber,
  getCustomersForCurrentUserAtBank,
  getCustomersForUser,
} from './customers';
import { customerAttributeEndpoints } from './customer-attributes';
import { getCustomersByCustomerPhoneNumber, getCustomersByLegalName } from './customer-search';
import { getFirehoseCustomers } from './firehose';
import { callsLimit, enableDisableConsumers, getCallsLimit } from './management';
import { getRateLimitingInfo } from './rate-limiting';
import { root } from './root';
import { createUser, getCurrentUser, getCurrentUserV200 } from './users';
import { createUserCustomerLinks, createUserCustomerLinksV400 } from './user-customer-links';
import { createCustomerAddress, deleteCustomerAddress, getCustomerAddresses, updateCustomerAddress } from './addresses';
import { createCreditLimitRequest, getCreditLimitRequestByRequestId, getCreditLimitRequests } from './credit-limit-requests';
import { getCrmEvents } from './crm-events';
import { addSocialMediaHandle, getSocialMediaHandles } from './social-media';
import { createTaxResidence, deleteTaxResidence, getTaxResidence } from './tax-residences';

/**
 * The endpoint table. Routing, role checks, validation, resource docs and the OpenAPI document are all built
 * from it. Each endpoint is served under the OBP versions it declares (src/api/versions.ts); two declarations of
 * one method and path (OBP re-implemented it) are served under different versions. Order matters only where two
 * paths could match the same URL: the earlier one wins.
 */
export const endpoints: Endpoint<any>[] = [
  root,
  directLogin,
  directLoginLogout,
  createUser,
  getCurrentUserV200,
  getCurrentUser,
  addEntitlement,
  getEntitlements,
  getEntitlementsV400,
  getEntitlementsForBank,
  getMyEntitlements,
  deleteEntitlement,
  createBank,
  getBanks,
  bankById,
  getResourceDocsObp,
  getResourceDocsObpV400,
  getOpenApi,
  getScannedApiVersions,
  getMessageDocs,
  getApiGlossary,
  getOAuth2ServerWellKnown,
  getAdapterInfo,
  // Consumers and rate limits
  enableDisableConsumers,
  callsLimit,
  getCallsLimit,
  getRateLimitingInfo,
  // Customers
  createCustomer,
  getCustomerByCustomerNumber,
  getCustomerByCustomerId,
  createUserCustomerLinks,
  createUserCustomerLinksV400,
  getCustomersForUser,
  getCustomersForCurrentUserAtBank,
  getFirehoseCustomers,
  ...customerUpdates,
  // Customer satellites
  createCustomerAddress,
  getCustomerAddresses,
  updateCustomerAddress,
  deleteCustomerAddress,
  createTaxResidence,
  getTaxResidence,
  deleteTaxResidence,
  addSocialMediaHandle,
  getSocialMediaHandles,
  getCrmEvents,
  createCreditLimitRequest,
  getCreditLimitRequests,
  getCreditLimitRequestByRequestId,
  getCustomerHistory,
  // Later OBP versions: customer attributes (v4.0.0), customer search (v4.0.0, v5.1.0)
  ...customerAttributeEndpoints,
  getCustomersByCustomerPhoneNumber,
  getCustomersByLegalName,
];
