// Path and subdomain gateway (deserialized UnixFS) plus the trustless
// gateway responses (?format=raw, ?format=car), all served from local blocks.

import { extname } from 'node:path';
import { HttpError, badRequest, isNotFoundError, write } from './http-util.mjs';
import { DAG_CBOR, DAG_JSON, JSON_CODEC, parseCid } from './blocks.mjs';

const IMMUTABLE = 'public, max-age=29030400, immutable';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.dcm': 'application/dicom',
  '.car': 'application/vnd.ipld.car',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

export function contentTypeFor(name) {
  if (typeof name !== 'string') return null;
  return TYPES[extname(name).toLowerCase()] ?? null;
}

/** A small content sniffer for names without a known extension. */
export function sniff(bytes) {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts = (sig) => b.length >= sig.length && sig.every((v, i) => b[i] === v);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0x00, 0x61, 0x73, 0x6d])) return 'application/wasm';
  if (starts([0x1f, 0x8b])) return 'application/gzip';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  const head = b.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'text/html; charset=utf-8';
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  // text when it decodes as UTF-8 and has no control characters besides whitespace
  const sample = b.subarray(0, 512);
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return 'application/octet-stream';
  }
  try {
    // a multi-byte sequence cut at the end of the sample is still text
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length === 512 ? trimPartialUtf8(sample) : sample);
    return 'text/plain; charset=utf-8';
  } catch {
    return 'application/octet-stream';
  }
}

function trimPartialUtf8(buf) {
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = buf[end - i];
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    if (c >= 0xc0) end = end - i; // start of an incomplete sequence
    break;
  }
  return buf.subarray(0, end);
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Which representation the client asked for: 'raw', 'car' or null (deserialized). */
function requestedFormat(req, query) {
  const format = query.get('format');
  if (format != null && format !== '') {
    if (format === 'raw' || format === 'car') return { format, carParams: {} };
    throw new HttpError(
      400,
      `unsupported format "${format}": this gateway serves raw, car and deserialized UnixFS responses`,
    );
  }
  const accept = req.headers.accept;
  if (typeof accept !== 'string') return { format: null };
  for (const item of accept.split(',')) {
    const [type, ...rawParams] = item.split(';').map((s) => s.trim());
    const params = Object.fromEntries(rawParams.map((p) => p.split('=').map((s) => s.trim().toLowerCase())));
    if (params.q === '0') continue;
    const t = type.toLowerCase();
    if (t === 'application/vnd.ipld.raw') return { format: 'raw', carParams: {} };
    if (t === 'application/vnd.ipld.car') {
      if (params.version != null && params.version !== '1') throw new HttpError(400, 'only CAR version 1 is supported');
      return { format: 'car', carParams: params };
    }
  }
  return { format: null };
}

function parseRange(header, size) {
  if (typeof header !== 'string' || size === 0) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m == null) return null; // multiple or malformed ranges: answer with the whole file
  let start;
  let end;
  if (m[1] === '') {
    if (m[2] === '') return null;
    const suffix = Number(m[2]);
    if (suffix === 0) return { unsatisfiable: true };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return null;
  }
  if (start >= size) return { unsatisfiable: true };
  return { start, end };
}

function etagMatches(req, etag) {
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  return header
    .split(',')
    .map((s) => s.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

export class Gateway {
  constructor({ blocks }) {
    this.blocks = blocks;
  }

  /**
   * `rootText` is the CID text, `rawSegments` the still percent-encoded path
   * segments after it, `urlPath` the request's path (for redirects) and
   * `contentPath` the /ipfs/... path reported in X-Ipfs-Path.
   */
  async handle(req, res, { rootText, rawSegments, urlPath, search, query, subdomain }) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, `method ${req.method} not allowed on the gateway`, {
        headers: { Allow: 'GET, HEAD, OPTIONS' },
      });
    }
    const root = parseCid(rootText);
    if (subdomain && root.version === 0) throw badRequest('subdomain requests need a CIDv1 (CIDv0 is case-sensitive)');
    const segments = rawSegments
      .filter((s) => s !== '')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          throw badRequest(`invalid percent-encoding in path segment "${s}"`);
        }
      });
    const head = req.method === 'HEAD';
    const { format, carParams } = requestedFormat(req, query);
    const contentPath = `/ipfs/${root}${segments.length ? '/' + segments.join('/') : ''}`;

    const resolved = await this.blocks.resolvePath(root, segments);
    const headers = {
      'X-Ipfs-Path': encodeURI(contentPath),
      'X-Ipfs-Roots': resolved.roots.map(String).join(','),
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
    };

    if (format === 'raw') return this.sendRaw(req, res, resolved.cid, headers, head);
    if (format === 'car') return this.sendCar(req, res, root, resolved, query, carParams, headers, head);

    let entry;
    try {
      entry = await this.blocks.entry(resolved.cid);
    } catch (err) {
      if (isNotFoundError(err)) throw new HttpError(404, `${resolved.cid} not found locally`);
      throw err;
    }

    if (entry.type === 'directory') {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, {
          Location: `${urlPath}/${search}`,
          'X-Ipfs-Path': headers['X-Ipfs-Path'],
          'Content-Length': '0',
        });
        res.end();
        return;
      }
      let index = null;
      try {
        index = await this.blocks.resolvePath(resolved.cid, ['index.html']);
      } catch (err) {
        if (!(err instanceof HttpError && err.status === 404)) throw err;
      }
      if (index != null) {
        const file = await this.blocks.entry(index.cid);
        if (file.type === 'file' || file.type === 'raw') {
          return this.sendFile(req, res, file, 'index.html', query, headers, head);
        }
      }
      return this.sendListing(req, res, entry, contentPath, headers, head);
    }
    if (entry.type === 'object') {
      const types = {
        [DAG_CBOR]: 'application/vnd.ipld.dag-cbor',
        [DAG_JSON]: 'application/vnd.ipld.dag-json',
        [JSON_CODEC]: 'application/json',
      };
      return this.sendRaw(
        req,
        res,
        resolved.cid,
        headers,
        head,
        types[resolved.cid.code] ?? 'application/octet-stream',
      );
    }
    const name = query.get('filename') ?? (segments.length ? segments[segments.length - 1] : null);
    return this.sendFile(req, res, entry, name, query, headers, head);
  }

  async sendRaw(req, res, cid, headers, head, type = 'application/vnd.ipld.raw') {
    const etag = `"${cid}.raw"`;
    if (etagMatches(req, etag)) {
      res.writeHead(304, { ...headers, ETag: etag });
      res.end();
      return;
    }
    const bytes = await this.blocks.get(cid);
    res.writeHead(200, {
      ...headers,
      'Content-Type': type,
      'Content-Length': String(bytes.length),
      'Content-Disposition': `attachment; filename="${cid}.bin"`,
      ETag: etag,
      Vary: 'Accept',
    });
    if (head) {
      res.end();
      return;
    }
    res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  async sendCar(req, res, root, resolved, query, carParams, headers, head) {
    const scope = query.get('dag-scope') ?? 'all';
    if (!['all', 'entity', 'block'].includes(scope))
      throw badRequest(`invalid dag-scope "${scope}" (all, entity or block)`);
    if (query.has('entity-bytes')) throw new HttpError(501, 'entity-bytes is not supported by this gateway');
    const etag = `"${resolved.cid}.car.${scope}"`;
    if (etagMatches(req, etag)) {
      res.writeHead(304, { ...headers, ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/vnd.ipld.car; version=1; order=dfs; dups=n',
      'Content-Disposition': `attachment; filename="${resolved.cid}.car"`,
      ETag: etag,
      Vary: 'Accept',
    });
    if (head) {
      res.end();
      return;
    }
    try {
      const blocks = this.blocks.walk(resolved.cid, scope, resolved.pathBlocks);
      for await (const chunk of this.blocks.car([root], blocks)) await write(res, chunk);
      res.end();
    } catch (err) {
      // headers are sent: a cut connection is the only way to report failure
      res.destroy(err);
    }
  }

  async sendFile(req, res, entry, name, query, headers, head) {
    const size = Number(entry.size);
    let type = contentTypeFor(name);
    if (type == null) {
      const first = [];
      for await (const chunk of entry.content({ offset: 0, length: Math.min(size, 512), offline: true }))
        first.push(chunk);
      type = sniff(Buffer.concat(first));
    }
    const etag = `"${entry.cid}"`;
    const out = {
      ...headers,
      'Content-Type': type,
      'Accept-Ranges': 'bytes',
      ETag: etag,
    };
    if (query.has('filename')) {
      const filename = query.get('filename');
      const kind = query.get('download') === 'true' ? 'attachment' : 'inline';
      const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      out['Content-Disposition'] = `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
    }
    if (etagMatches(req, etag)) {
      res.writeHead(304, out);
      res.end();
      return;
    }
    const range = parseRange(req.headers.range, size);
    if (range?.unsatisfiable) {
      res.writeHead(416, { ...out, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    let offset = 0;
    let length = size;
    if (range != null) {
      offset = range.start;
      length = range.end - range.start + 1;
      res.writeHead(206, {
        ...out,
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
        'Content-Length': String(length),
      });
    } else {
      res.writeHead(200, { ...out, 'Content-Length': String(size) });
    }
    if (head || length === 0) {
      res.end();
      return;
    }
    try {
      for await (const chunk of entry.content({ offset, length, offline: true })) await write(res, chunk);
      res.end();
    } catch (err) {
      res.destroy(err);
    }
  }

  async sendListing(req, res, entry, contentPath, headers, head) {
    const rows = [];
    for await (const child of entry.entries({ offline: true })) {
      rows.push(
        `<tr><td><a href="${escapeHtml(encodeURIComponent(child.name))}">${escapeHtml(child.name)}</a></td>` +
          `<td>${escapeHtml(String(child.size ?? ''))}</td><td><code>${escapeHtml(child.cid.toString())}</code></td></tr>`,
      );
    }
    const title = `Index of ${escapeHtml(contentPath)}`;
    const html =
      `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1><p><code>${escapeHtml(entry.cid.toString())}</code></p>` +
      `<table><thead><tr><th>Name</th><th>Size</th><th>CID</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></body></html>\n`;
    const body = Buffer.from(html);
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(body.length),
      ETag: `"DirIndex-${entry.cid}"`,
    });
    res.end(head ? undefined : body);
  }
}
