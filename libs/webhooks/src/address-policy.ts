import { Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Why an address may not receive webhooks, or null when it may: only public unicast addresses are allowed
 * (no loopback, private, link-local incl. the 169.254.169.254 metadata service, CGNAT, multicast, reserved,
 * or their IPv6 equivalents). IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry; the
 * deprecated IPv4-compatible ones (`::/96`, e.g. `::7f00:1`) are refused outright, as stacks that still
 * honour them reach the embedded IPv4 address.
 */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'is not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'unicast' && parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) {
    return `resolves to an ipv4Compatible address (${address})`;
  }
  return range === 'unicast' ? null : `resolves to a ${range} address (${address})`;
}

/** The host of a URL as an address literal (brackets of IPv6 removed), or null for a host name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

/**
 * The address classification the SSRF guard applies, as a provider: one place that decides which
 * resolved addresses may be called (tests replace it to treat a loopback receiver as public).
 */
@Injectable()
export class AddressPolicy {
  forbiddenReason(address: string): string | null {
    return forbiddenAddressReason(address);
  }
}
