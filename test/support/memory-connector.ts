/**
 * A Connector over plain Maps: the test double behind the reference adapter in tests and the benchmark, until
 * the mapped (Knex) connector is merged. Not product code.
 *
 * The store is a separate object so a test can keep it across adapter restarts (a durable back end).
 */
import { randomUUID } from 'node:crypto';
import type { Connector } from '../../src/connector/connector';
import { ConnectorError } from '../../src/connector/errors';
import type {
  Bank,
  CreditLimitRequest,
  CrmEvent,
  Customer,
  CustomerAddress,
  CustomerAttribute,
  Page,
  SocialMediaHandle,
  TaxResidence,
  TextMatch,
  UserCustomerLink,
} from '../../src/connector/types';

export interface MemoryStore {
  banks: Map<string, Bank>;
  customers: Map<string, { customer: Customer; updatedAt: Date }>;
  attributes: CustomerAttribute[];
  links: UserCustomerLink[];
  addresses: Map<string, CustomerAddress>;
  taxResidences: Map<string, TaxResidence>;
  socialMediaHandles: SocialMediaHandle[];
  crmEvents: CrmEvent[];
  creditLimitRequests: Map<string, CreditLimitRequest>;
}

export function createMemoryStore(): MemoryStore {
  return {
    banks: new Map(),
    customers: new Map(),
    attributes: [],
    links: [],
    addresses: new Map(),
    taxResidences: new Map(),
    socialMediaHandles: [],
    crmEvents: [],
    creditLimitRequests: new Map(),
  };
}

/** Seeding for what the Connector cannot create (attributes, CRM events come from elsewhere in OBP). */
export function addCustomerAttribute(store: MemoryStore, attr: Omit<CustomerAttribute, 'customerAttributeId'>): CustomerAttribute {
  const created = { customerAttributeId: randomUUID(), ...attr };
  store.attributes.push(created);
  return structuredClone(created);
}

export function addCrmEvent(store: MemoryStore, event: Omit<CrmEvent, 'crmEventId'>): CrmEvent {
  const created = { crmEventId: randomUUID(), ...event };
  store.crmEvents.push(created);
  return structuredClone(created);
}

// Callers get copies, so that mutating a result never changes the store (as with a real database).
const copy = <T>(value: T): T => structuredClone(value);

export function createMemoryConnector(store: MemoryStore = createMemoryStore()): Connector {
  function customerOrThrow(customerId: string): Customer {
    const entry = store.customers.get(customerId);
    if (!entry) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
    return entry.customer;
  }

  function numberTaken(bankId: string, number: string, exceptCustomerId?: string): boolean {
    for (const { customer } of store.customers.values()) {
      if (customer.bankId === bankId && customer.number === number && customer.customerId !== exceptCustomerId) return true;
    }
    return false;
  }

  function update(customerId: string, change: (c: Customer) => void): Customer | undefined {
    const entry = store.customers.get(customerId);
    if (!entry) return undefined;
    const next = copy(entry.customer);
    change(next);
    next.version += 1;
    store.customers.set(customerId, { customer: next, updatedAt: new Date() });
    return copy(next);
  }

  function attributesOf(bankId: string, customerId: string): CustomerAttribute[] {
    return copy(store.attributes.filter((a) => a.bankId === bankId && a.customerId === customerId));
  }

  function ownedAttribute(bankId: string, customerId: string, customerAttributeId: string): CustomerAttribute | undefined {
    return store.attributes.find((a) => a.bankId === bankId && a.customerId === customerId && a.customerAttributeId === customerAttributeId);
  }

  /** Matches in code point order (UTF-8 bytes compare that way), as the databases' binary collations list them. */
  function search(bankId: string, field: (c: Customer) => string, match: TextMatch, page: Page): Customer[] {
    const order = (a: Customer, b: Customer) =>
      Buffer.compare(Buffer.from(field(a)), Buffer.from(field(b))) || Buffer.compare(Buffer.from(a.customerId), Buffer.from(b.customerId));
    return [...store.customers.values()]
      .map(({ customer }) => customer)
      .filter((c) => c.bankId === bankId && (match.prefix ? field(c).startsWith(match.value) : field(c) === match.value))
      .sort(order)
      .slice(page.offset, page.offset + page.limit)
      .map(copy);
  }

  return {
    name: 'memory',

    async getBank(bankId) {
      const bank = store.banks.get(bankId);
      return bank && copy(bank);
    },
    async getBanks() {
      return copy([...store.banks.values()]);
    },
    async createOrUpdateBank(bank) {
      store.banks.set(bank.bankId, copy(bank));
      return copy(bank);
    },
    async createBank(bank) {
      if (store.banks.has(bank.bankId)) throw new ConnectorError('ALREADY_EXISTS', `bank ${bank.bankId} exists`);
      store.banks.set(bank.bankId, copy(bank));
      return copy(bank);
    },

    async createCustomer(bankId, fields) {
      if (!store.banks.has(bankId)) throw new ConnectorError('NOT_FOUND', `bank ${bankId} not found`, { obpCode: 'OBP-30001' });
      let number: string;
      do number = String(Math.floor(Math.random() * 2 ** 31));
      while (numberTaken(bankId, number));
      const customer: Customer = { customerId: randomUUID(), bankId, number, ...copy(fields), version: 1 };
      store.customers.set(customer.customerId, { customer, updatedAt: new Date() });
      return copy(customer);
    },
    async checkCustomerNumberAvailable(bankId, customerNumber) {
      return !numberTaken(bankId, customerNumber);
    },
    async getCustomerByCustomerId(customerId) {
      const entry = store.customers.get(customerId);
      return entry && copy(entry.customer);
    },
    async getCustomerAtBank(bankId, customerId) {
      const bank = store.banks.get(bankId);
      const customer = store.customers.get(customerId)?.customer;
      if (!bank) return { attributes: [] };
      if (!customer || customer.bankId !== bankId) return { bank: copy(bank), attributes: [] };
      const byName = attributesOf(bankId, customerId).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { bank: copy(bank), customer: copy(customer), attributes: byName };
    },
    async getCustomerByCustomerNumber(customerNumber, bankId) {
      for (const { customer } of store.customers.values()) {
        if (customer.bankId === bankId && customer.number === customerNumber) return copy(customer);
      }
      return undefined;
    },
    async getCustomersByUserId(userId) {
      return store.links
        .filter((l) => l.userId === userId)
        .flatMap((l) => {
          const entry = store.customers.get(l.customerId);
          return entry ? [copy(entry.customer)] : [];
        });
    },
    async getCustomers(bankId, query) {
      const filters = Object.entries(query.attributeFilters);
      const matches = (c: Customer) =>
        filters.length === 0 ||
        filters.some(([name, values]) =>
          store.attributes.some((a) => a.customerId === c.customerId && a.bankId === bankId && a.name === name && values.includes(a.value)),
        );
      const sign = query.sortDirection === 'ASC' ? 1 : -1;
      return [...store.customers.values()]
        .filter(({ customer, updatedAt }) => customer.bankId === bankId && (!query.fromDate || updatedAt >= query.fromDate) && (!query.toDate || updatedAt <= query.toDate))
        .map(({ customer }) => customer)
        .filter(matches)
        .sort(
          (a, b) =>
            sign * ((a.lastOkDate?.getTime() ?? 0) - (b.lastOkDate?.getTime() ?? 0)) || a.customerId.localeCompare(b.customerId),
        )
        .slice(query.offset, query.offset + query.limit)
        .map(copy);
    },
    async updateCustomerScaData(customerId, u) {
      const existing = store.customers.get(customerId)?.customer;
      if (existing && u.customerNumber !== undefined && numberTaken(existing.bankId, u.customerNumber, customerId)) {
        throw new ConnectorError('ALREADY_EXISTS', 'customer number already used at the bank', { obpCode: 'OBP-30006' });
      }
      return update(customerId, (c) => {
        if (u.mobileNumber !== undefined) c.mobileNumber = u.mobileNumber;
        if (u.email !== undefined) c.email = u.email;
        if (u.customerNumber !== undefined) c.number = u.customerNumber;
      });
    },
    async updateCustomerCreditData(customerId, u) {
      return update(customerId, (c) => {
        if (u.creditRating !== undefined) c.creditRating.rating = u.creditRating;
        if (u.creditSource !== undefined) c.creditRating.source = u.creditSource;
        if (u.creditLimit !== undefined) c.creditLimit = copy(u.creditLimit);
      });
    },
    async updateCustomerGeneralData(customerId, u) {
      return update(customerId, (c) => {
        if (u.legalName !== undefined) c.legalName = u.legalName;
        if (u.faceImage !== undefined) c.faceImage = copy(u.faceImage);
        if (u.dateOfBirth !== undefined) c.dateOfBirth = u.dateOfBirth;
        if (u.relationshipStatus !== undefined) c.relationshipStatus = u.relationshipStatus;
        if (u.dependents !== undefined) c.dependents = u.dependents;
        if (u.highestEducationAttained !== undefined) c.highestEducationAttained = u.highestEducationAttained;
        if (u.employmentStatus !== undefined) c.employmentStatus = u.employmentStatus;
        if (u.title !== undefined) c.title = u.title;
        if (u.branchId !== undefined) c.branchId = u.branchId;
        if (u.nameSuffix !== undefined) c.nameSuffix = u.nameSuffix;
      });
    },

    // The double keeps no history: the stores' history has its own tests.
    async getCustomerHistory() {
      return [];
    },
    async getCustomerAttributes(bankId, customerId) {
      return attributesOf(bankId, customerId);
    },
    async getCustomerAttributesForCustomers(customers) {
      return customers.map((customer) => ({ customer: copy(customer), attributes: attributesOf(customer.bankId, customer.customerId) }));
    },
    async createOrUpdateCustomerAttribute(bankId, customerId, customerAttributeId, fields) {
      const customer = store.customers.get(customerId)?.customer;
      if (!customer || customer.bankId !== bankId) return undefined;
      const existing = customerAttributeId === undefined ? undefined : ownedAttribute(bankId, customerId, customerAttributeId);
      if (customerAttributeId !== undefined && !existing) return undefined;
      if (store.attributes.some((a) => a.customerId === customerId && a.name === fields.name && a !== existing)) {
        throw new ConnectorError('ALREADY_EXISTS', 'the customer already has an attribute with this name', { obpCode: 'OBP-30351' });
      }
      if (existing) return copy(Object.assign(existing, copy(fields)));
      return addCustomerAttribute(store, { bankId, customerId, ...fields });
    },
    async getCustomerAttributeById(bankId, customerId, customerAttributeId) {
      const attribute = ownedAttribute(bankId, customerId, customerAttributeId);
      return attribute && copy(attribute);
    },
    async deleteCustomerAttribute(bankId, customerAttributeId) {
      const index = store.attributes.findIndex((a) => a.bankId === bankId && a.customerAttributeId === customerAttributeId);
      if (index < 0) return false;
      store.attributes.splice(index, 1);
      return true;
    },

    async getCustomersByCustomerPhoneNumber(bankId, phoneNumber, page) {
      return search(bankId, (c) => c.mobileNumber, phoneNumber, page);
    },
    async getCustomersByCustomerLegalName(bankId, legalName, page) {
      return search(bankId, (c) => c.legalName, legalName, page);
    },

    async createUserCustomerLink(userId, customerId) {
      customerOrThrow(customerId);
      if (store.links.some((l) => l.userId === userId && l.customerId === customerId)) {
        throw new ConnectorError('ALREADY_EXISTS', 'user already linked to customer', { obpCode: 'OBP-30007' });
      }
      const link: UserCustomerLink = { userCustomerLinkId: randomUUID(), userId, customerId, dateInserted: new Date(), isActive: true };
      store.links.push(link);
      return copy(link);
    },
    async getUserCustomerLink(userId, customerId) {
      const link = store.links.find((l) => l.userId === userId && l.customerId === customerId);
      return link && copy(link);
    },

    async getCustomerAddress(customerId) {
      return copy([...store.addresses.values()].filter((a) => a.customerId === customerId));
    },
    async createCustomerAddress(customerId, fields) {
      customerOrThrow(customerId);
      const address: CustomerAddress = { customerAddressId: randomUUID(), customerId, insertDate: new Date(), ...copy(fields) };
      store.addresses.set(address.customerAddressId, address);
      return copy(address);
    },
    async updateCustomerAddress(customerId, customerAddressId, fields) {
      const existing = store.addresses.get(customerAddressId);
      if (!existing || existing.customerId !== customerId) return undefined;
      const next = { ...existing, ...copy(fields) };
      store.addresses.set(customerAddressId, next);
      return copy(next);
    },
    async deleteCustomerAddress(customerId, customerAddressId) {
      const existing = store.addresses.get(customerAddressId);
      if (!existing || existing.customerId !== customerId) return false;
      return store.addresses.delete(customerAddressId);
    },

    async createTaxResidence(customerId, domain, taxNumber) {
      customerOrThrow(customerId);
      const residence: TaxResidence = { taxResidenceId: randomUUID(), customerId, domain, taxNumber };
      store.taxResidences.set(residence.taxResidenceId, residence);
      return copy(residence);
    },
    async getTaxResidence(customerId) {
      return copy([...store.taxResidences.values()].filter((t) => t.customerId === customerId));
    },
    async deleteTaxResidence(customerId, taxResidenceId) {
      const existing = store.taxResidences.get(taxResidenceId);
      if (!existing || existing.customerId !== customerId) return false;
      return store.taxResidences.delete(taxResidenceId);
    },

    async addSocialMediaHandle(customerId, handle) {
      const customer = customerOrThrow(customerId);
      const created: SocialMediaHandle = { customerId, customerNumber: customer.number, ...copy(handle) };
      store.socialMediaHandles.push(created);
      return copy(created);
    },
    async getSocialMediaHandles(customerId) {
      return copy(store.socialMediaHandles.filter((h) => h.customerId === customerId));
    },

    async getCrmEvents(bankId, page) {
      const time = (e: CrmEvent) => e.actualDate?.getTime() ?? -Infinity;
      const events = store.crmEvents
        .filter((e) => e.bankId === bankId)
        .sort((a, b) => time(b) - time(a) || (a.crmEventId < b.crmEventId ? -1 : 1));
      return copy(events.slice(page.offset, page.offset + page.limit));
    },

    async createCreditLimitRequest(bankId, customerId, fields) {
      const customer = customerOrThrow(customerId);
      if (customer.bankId !== bankId) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found at ${bankId}`);
      const request: CreditLimitRequest = { creditLimitRequestId: randomUUID(), bankId, customerId, createdAt: new Date(), ...copy(fields) };
      store.creditLimitRequests.set(request.creditLimitRequestId, request);
      return copy(request);
    },
    async getCreditLimitRequests(bankId, customerId, limit) {
      const mine = [...store.creditLimitRequests.values()].filter((r) => r.bankId === bankId && r.customerId === customerId);
      return copy(mine.reverse().slice(0, limit));
    },
    async getCreditLimitRequestByRequestId(bankId, customerId, requestId) {
      const r = store.creditLimitRequests.get(requestId);
      return r && r.bankId === bankId && r.customerId === customerId ? copy(r) : undefined;
    },

    async getAdapterInfo() {
      return { name: 'memory', version: '0', gitCommit: '', date: new Date().toISOString(), errorCode: '', backendMessages: [] };
    },

    async checkReadiness() {
      return [{ dependency: 'memory', ok: true }];
    },
    async close() {},
  };
}
