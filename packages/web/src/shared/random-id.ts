// Random ids made on the device (outbox items, Idempotency-Keys, patrol shift ids). Not
// crypto.randomUUID: that exists only in a secure context, and the apps also run over plain HTTP
// on a LAN address. crypto.getRandomValues works everywhere.

/** A random version-4 UUID (RFC 9562), e.g. 3b241101-e2bb-4255-8caf-4136c566a962. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
