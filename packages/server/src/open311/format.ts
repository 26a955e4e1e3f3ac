// Open311 answers in JSON or XML (the extension of the URL decides), errors in the spec's form:
// JSON `[{ code, description }]`, XML `<errors><error><code/><description/></error></errors>`.
// The XML never carries a character XML 1.0 forbids, whatever text the database holds.
// Element names follow GeoReport v2: services/service, service_requests/request,
// service_definition/attributes/attribute/values/value, discovery/endpoints/endpoint/formats/format.

import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';
import { AppError, toAppError } from '../platform/errors.ts';

export type Format = 'json' | 'xml';

export const FORMATS: readonly Format[] = ['json', 'xml'];
// Without `; charset=utf-8`: SeeClickFix's validator compares the type as a whole (both are UTF-8
// by definition here: JSON always, XML by its declaration).
export const MEDIA_TYPES: Record<Format, string> = {
  json: 'application/json',
  xml: 'text/xml',
};

/** The format named by a path's extension (`services.json`), or null. */
export function formatOf(url: string): Format | null {
  const ext = /\.([A-Za-z]+)$/.exec(url.split('?')[0] ?? '')?.[1]?.toLowerCase();
  return ext === 'json' || ext === 'xml' ? ext : null;
}

/** China Standard Time has no daylight saving: one fixed offset. */
const CST_OFFSET_MS = 8 * 3600_000;

/** ISO 8601 with the jurisdiction's offset (China Standard Time): 2026-09-28T09:00:00+08:00. */
export function isoCst(instant: Date): string {
  return `${new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const builder = new XMLBuilder({ format: false, ignoreAttributes: false, suppressBooleanAttributes: false });

// XML 1.0 allows \t \n \r, U+0020–U+D7FF, U+E000–U+FFFD and paired surrogates; nothing else, not
// even escaped. C0 controls and U+FFFE/U+FFFF, and any lone surrogate:
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters XML 1.0 cannot carry (the builder escapes the rest). */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

function xmlSafe(value: unknown): unknown {
  if (typeof value === 'string') return xmlText(value);
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)]));
  return value;
}

/** XML text of a document whose single root is `root`; null becomes an empty element. */
export function toXml(root: string, content: unknown): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [root]: xmlSafe(content) });
}

/**
 * Send a list: JSON as an array, XML as `<root><item/>…</root>`. `xmlShape` reshapes one item for
 * XML where nested lists need wrapper elements (attributes/attribute, values/value…).
 */
export function sendList<T>(
  reply: FastifyReply,
  format: Format,
  root: string,
  item: string,
  items: readonly T[],
  xmlShape: (x: T) => unknown = (x) => x,
) {
  return send(
    reply,
    format,
    format === 'json' ? JSON.stringify(items) : toXml(root, { [item]: items.map(xmlShape) }),
  );
}

/**
 * The answer's text with its exact media type. As a Buffer: Fastify would append `; charset=utf-8`
 * to a JSON type given with a string.
 */
function send(reply: FastifyReply, format: Format, text: string) {
  return reply.type(MEDIA_TYPES[format]).send(Buffer.from(text));
}

/** Send one object (discovery, service definition): JSON object, XML `<root>…</root>`. */
export function sendObject(reply: FastifyReply, format: Format, root: string, json: unknown, xml: unknown) {
  return send(reply, format, format === 'json' ? JSON.stringify(json) : toXml(root, xml));
}

/**
 * The spec's statuses: 403 for api_key problems, 404 for a resource that does not exist, 400 for
 * anything else the client got wrong; our own 4xx codes fold into those (429 and 413 stay).
 */
export function open311Status(status: number): number {
  if (status === 401 || status === 403) return 403;
  if (status === 404 || status === 413 || status === 429) return status;
  if (status >= 400 && status < 500) return 400;
  return status;
}

export function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  const errors = [{ code: status, description }];
  reply.status(status);
  return send(reply, format, format === 'json' ? JSON.stringify(errors) : toXml('errors', { error: errors }));
}

/** Any thrown error as an Open311 error answer; null for an unexpected one (a 500). */
export function describeError(error: unknown): { status: number; description: string } | null {
  const known = toAppError(error);
  if (known) {
    const field = known.field ? ` (${known.field})` : '';
    return { status: open311Status(known.status), description: `${known.message}${field}` };
  }
  const e = error as { statusCode?: number; message?: string; code?: string };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    const description =
      e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'the request body is too large'
        : e.statusCode === 429
          ? 'too many requests; slow down and retry later'
          : (e.message ?? 'bad request');
    return { status: open311Status(e.statusCode), description };
  }
  return null;
}

/** 400 naming the parameter, in the words the spec uses for its parameters. */
export const badParam = (param: string, message: string) =>
  new AppError(400, 'INVALID_PARAMETER', message, param);
