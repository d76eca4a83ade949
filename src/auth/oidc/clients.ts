import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/knex';

/** An OpenID Connect client (at its issuer) registered to call as a consumer. */
export interface OidcClient {
  issuer: string;
  clientId: string;
  consumerId: string;
}

export class OidcClientTakenError extends Error {}

/**
 * Which consumer each OIDC client calls as: a bearer token's `azp` (or `client_id`) at its issuer names the
 * consumer whose call limits apply and whose switch (enabled, disabled) holds. Operators register clients with
 * the admin CLI; a client is registered once (primary key), a consumer may have several.
 */
export class OidcClientStore {
  constructor(private readonly db: Knex) {}

  /** Throws OidcClientTakenError when the client is registered already (to this or another consumer). */
  async link(client: OidcClient): Promise<void> {
    try {
      await this.db('oidc_clients').insert({
        issuer: client.issuer,
        client_id: client.clientId,
        consumer_id: client.consumerId,
        created_at: Date.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new OidcClientTakenError(client.clientId);
      throw e;
    }
  }

  async unlink(issuer: string, clientId: string): Promise<boolean> {
    return (await this.db('oidc_clients').where({ issuer, client_id: clientId }).delete()) > 0;
  }

  /** The clients of these consumers, in registration order. */
  async ofConsumers(consumerIds: readonly string[]): Promise<OidcClient[]> {
    if (consumerIds.length === 0) return [];
    const rows: { issuer: string; client_id: string; consumer_id: string }[] = await this.db('oidc_clients')
      .whereIn('consumer_id', consumerIds)
      .orderBy('created_at')
      .orderBy('client_id');
    return rows.map((r) => ({ issuer: r.issuer, clientId: r.client_id, consumerId: r.consumer_id }));
  }
}
