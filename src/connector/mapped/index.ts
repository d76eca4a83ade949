import type { Knex } from 'knex';
import { gitCommit, packageVersion } from '../../build-info';
import type { Connector } from '../connector';
import { ConnectorError } from '../errors';
import { bankMethods } from './banks';
import { customerMethods } from './customers';

const notYet = (method: string) => async (): Promise<never> => {
  throw new ConnectorError('UNIMPLEMENTED', `mapped connector: ${method} is not implemented yet`);
};

/** The mapped connector: every Connector method served from the local Knex store (SQLite or MySQL). */
export function createMappedConnector(db: Knex): Connector {
  return {
    name: 'mapped',
    ...bankMethods(db),
    ...customerMethods(db),
    getCustomerAddress: notYet('getCustomerAddress'),
    createCustomerAddress: notYet('createCustomerAddress'),
    updateCustomerAddress: notYet('updateCustomerAddress'),
    deleteCustomerAddress: notYet('deleteCustomerAddress'),
    createTaxResidence: notYet('createTaxResidence'),
    getTaxResidence: notYet('getTaxResidence'),
    deleteTaxResidence: notYet('deleteTaxResidence'),
    addSocialMediaHandle: notYet('addSocialMediaHandle'),
    getSocialMediaHandles: notYet('getSocialMediaHandles'),
    getCrmEvents: notYet('getCrmEvents'),
    createCreditLimitRequest: notYet('createCreditLimitRequest'),
    getCreditLimitRequests: notYet('getCreditLimitRequests'),
    getCreditLimitRequestByRequestId: notYet('getCreditLimitRequestByRequestId'),
    async getAdapterInfo() {
      // The mapped store is part of this service, so the "adapter" is the service itself.
      return {
        name: 'mapped',
        version: packageVersion(),
        gitCommit: gitCommit(),
        date: new Date().toISOString(),
        errorCode: '',
        backendMessages: [],
      };
    },
    // The store's Knex instance belongs to whoever created it.
    async close() {},
  };
}
