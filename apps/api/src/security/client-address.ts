import ipaddr from 'ipaddr.js';
import type { Request } from 'express';

/**
 * The client a per-address limit counts: `req.ip` (the connection's peer, or the address a
 * trusted proxy names, as TRUST_PROXY says), with an IPv4-mapped IPv6 address taken as IPv4
 * and an IPv6 address widened to its /56 — one subscriber usually holds a whole /56 or /64,
 * so counting single IPv6 addresses would let anyone step around the limit.
 */
export function clientAddress(req: Request): string {
  const raw = req.ip ?? req.socket.remoteAddress ?? '';
  if (!ipaddr.isValid(raw)) return raw || 'unknown';
  const address = ipaddr.process(raw);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  parts[3] &= 0xff00;
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/56`;
}
