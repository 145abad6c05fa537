import { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { Agent } from 'undici';
import { AppConfig, BadUserInput } from '@aims/platform';
import { AddressPolicy, literalAddress } from './address-policy';
import { HostResolver } from './host-resolver';

export class ForbiddenAddress extends Error {}

/**
 * The SSRF guard (docs/domain-rules.md#webhooks): URLs must be https (http only when allowed) and must not reach loopback,
 * private, link-local, CGNAT, multicast or metadata addresses unless private networks are allowed. Checked
 * when an endpoint is saved and again when each delivery connects (the agent's lookup hook), so a host
 * name re-pointed after the check (DNS rebinding) cannot slip through.
 */
@Injectable()
export class UrlGuard {
  constructor(
    private readonly config: AppConfig,
    private readonly resolver: HostResolver,
    private readonly policy: AddressPolicy,
  ) {}

  /** Validates an endpoint URL for saving; problems are BAD_USER_INPUT on `field`. Returns the normalised URL. */
  async checkForSave(raw: string, field = 'input.url'): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw BadUserInput.field(field, 'must be an absolute URL');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.config.WEBHOOK_ALLOW_HTTP)) {
      throw BadUserInput.field(
        field,
        this.config.WEBHOOK_ALLOW_HTTP ? 'must be http or https' : 'must use https',
      );
    }
    if (url.username || url.password) throw BadUserInput.field(field, 'must not carry credentials');
    if (url.hash) throw BadUserInput.field(field, 'must not have a fragment');
    try {
      await this.checkHost(url.hostname);
    } catch (err) {
      throw BadUserInput.field(field, (err as Error).message);
    }
    return url.toString();
  }

  /** Throws ForbiddenAddress when the host (a literal or what it resolves to now) may not be called. */
  async checkHost(hostname: string): Promise<void> {
    const literal = literalAddress(hostname);
    const addresses = literal
      ? [literal]
      : await this.resolver.resolve(hostname).then(
          (found) => found.map((a) => a.address),
          () => {
            throw new ForbiddenAddress(`host ${hostname} does not resolve`);
          },
        );
    if (addresses.length === 0) throw new ForbiddenAddress(`host ${hostname} does not resolve`);
    this.checkAddresses(addresses);
  }

  private checkAddresses(addresses: string[]): void {
    if (this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS) return;
    for (const address of addresses) {
      const reason = this.policy.forbiddenReason(address);
      if (reason) throw new ForbiddenAddress(reason);
    }
  }

  /** A `net.connect` lookup that resolves through the resolver and refuses forbidden addresses. */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolver.resolve(hostname).then(
      (found) => {
        try {
          if (found.length === 0) throw new ForbiddenAddress(`host ${hostname} does not resolve`);
          this.checkAddresses(found.map((a) => a.address));
        } catch (err) {
          callback(err as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) callback(null, found);
        else callback(null, found[0].address, found[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };

  /** An HTTP agent whose every connection goes through the guarded lookup. */
  createAgent(connections: number): Agent {
    return new Agent({ connections, connect: { lookup: this.lookup } });
  }
}
