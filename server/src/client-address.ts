import type { IncomingMessage } from 'node:http';

/**
 * The address a request comes from, for per-address limits. Without a trusted proxy it is the
 * socket's address: a header is whatever the client wants it to be. With one (TRUSTED_PROXY
 * names its header) it is the right-most address in that header: the one our proxy added for
 * the peer it saw. Addresses further left were written by the client or by proxies we do not
 * know, so they could be forged to dodge the limit.
 */
export function clientAddress(request: IncomingMessage, trustedProxy: string | null): string {
  const socketAddress = request.socket.remoteAddress ?? 'unknown';
  if (trustedProxy === null) return socketAddress;
  const header = request.headers[trustedProxy];
  const value = Array.isArray(header) ? header.join(',') : header;
  const nearest = value?.split(',').map((each) => each.trim()).filter((each) => each !== '').at(-1);
  return nearest ?? socketAddress;
}

/** Counts what each address holds open (websockets), against a limit. */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** True if `address` may open one more (0 = no limit). */
  hasRoom(address: string): boolean {
    return this.limit === 0 || (this.counts.get(address) ?? 0) < this.limit;
  }

  add(address: string): void {
    this.counts.set(address, (this.counts.get(address) ?? 0) + 1);
  }

  remove(address: string): void {
    const count = (this.counts.get(address) ?? 0) - 1;
    if (count > 0) this.counts.set(address, count);
    else this.counts.delete(address);
  }
}
