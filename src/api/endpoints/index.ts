import type { Endpoint } from '../endpoint';
import { getAdapterInfo } from './adapter';
import { bankById, createBank, getBanks } from './banks';
import { directLogin, directLoginLogout } from './direct-login';
import { getOpenApi, getResourceDocsObp } from './docs';
import {
  addEntitlement,
  deleteEntitlement,
  getEntitlements,
  getEntitlementsForBank,
  getMyEntitlements,
} from './entitlements';
import { customerUpdates } from './customer-updates';
import {
  createCustomer,
  createUserCustomerLinks,
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
import { createUser, getCurrentUser } from './users';
import { createCustomerAddress, deleteCustomerAddress, getCustomerAddresses, updateCustomerAddress } from './addresses';
import { createCreditLimitRequest, getCreditLimitRequestByRequestId, getCreditLimitRequests } from './credit-limit-requests';
import { getCrmEvents } from './crm-events';
import { addSocialMediaHandle, getSocialMediaHandles } from './social-media';
import { createTaxResidence, deleteTaxResidence, getTaxResidence } from './tax-residences';

/**
 * The endpoint table. Routing, role checks, validation, resource docs and the OpenAPI document are all built
 * from it. Order matters only where two paths could match the same URL: the earlier one wins.
 */
export const endpoints: Endpoint<any>[] = [
  root,
  directLogin,
  directLoginLogout,
  createUser,
  getCurrentUser,
  addEntitlement,
  getEntitlements,
  getEntitlementsForBank,
  getMyEntitlements,
  deleteEntitlement,
  createBank,
  getBanks,
  bankById,
  getResourceDocsObp,
  getOpenApi,
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
  // Later OBP versions: customer attributes (v4.0.0), customer search (v4.0.0, v5.1.0)
  ...customerAttributeEndpoints,
  getCustomersByCustomerPhoneNumber,
  getCustomersByLegalName,
];
