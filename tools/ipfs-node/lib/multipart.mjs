// Streaming multipart/form-data reader.
//
// Parts are yielded one at a time, each with an async-iterable `body` that
// reads straight from the request stream, so a large upload never has to be
// held in memory. A part's body must be consumed (or left alone: it is then
// skipped) before the next part is requested.

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export class MultipartError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MultipartError';
  }
}

/**
 * Returns the boundary of a multipart Content-Type header, or null when the
 * header does not describe a multipart body.
 */
export function multipartBoundary(contentType) {
  if (typeof contentType !== 'string') return null;
  const [type, ...params] = contentType.split(';');
  if (!/^\s*multipart\/(form-data|mixed)\s*$/i.test(type)) return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value.length === 0 || value.length > 200) return null;
    return value;
  }
  return null;
}

/** Splits a header value such as Content-Disposition into its parameters. */
export function headerParams(value) {
  const out = { value: '', params: {} };
  if (typeof value !== 'string') return out;
  let i = 0;
  const readToken = (stops) => {
    const start = i;
    while (i < value.length && !stops.includes(value[i])) i++;
    return value.slice(start, i).trim();
  };
  out.value = readToken(';').toLowerCase();
  while (i < value.length) {
    i++; // skip ';'
    const name = readToken('=;').toLowerCase();
    let val = '';
    if (value[i] === '=') {
      i++;
      while (value[i] === ' ' || value[i] === '\t') i++;
      if (value[i] === '"') {
        i++;
        let s = '';
        while (i < value.length && value[i] !== '"') {
          if (value[i] === '\\' && i + 1 < value.length) i++;
          s += value[i++];
        }
        i++; // closing quote
        val = s;
        readToken(';');
      } else {
        val = readToken(';');
      }
    }
    if (name) out.params[name] = val;
  }
  return out;
}

class ByteReader {
  constructor(source) {
    this.iterator = source[Symbol.asyncIterator]();
    // A CRLF is put in front so that the first delimiter, which a body may
    // start with directly, looks like every other one.
    this.buf = CRLF;
    this.ended = false;
  }

  async more() {
    if (this.ended) return false;
    const { value, done } = await this.iterator.next();
    if (done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  async ensure(n) {
    while (this.buf.length < n) {
      if (!(await this.more())) return false;
    }
    return true;
  }
}

/**
 * Reads multipart parts from `source` (an async iterable of byte chunks, such
 * as an http.IncomingMessage).
 *
 * Yields `{ headers, name, filename, contentType, body }` where `filename` is
 * the raw (still percent-encoded) file name from Content-Disposition.
 */
export async function* readMultipart(source, boundary, { maxHeaderBytes = 16 * 1024, maxParts = 100_000 } = {}) {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const keep = delimiter.length - 1;
  const reader = new ByteReader(source);

  // Yields the bytes up to (not including) the next delimiter.
  async function* untilDelimiter() {
    while (true) {
      const idx = reader.buf.indexOf(delimiter);
      if (idx >= 0) {
        if (idx > 0) yield reader.buf.subarray(0, idx);
        reader.buf = reader.buf.subarray(idx);
        return;
      }
      if (reader.buf.length > keep) {
        const out = reader.buf.subarray(0, reader.buf.length - keep);
        reader.buf = reader.buf.subarray(reader.buf.length - keep);
        yield out;
      }
      if (!(await reader.more())) throw new MultipartError('multipart body ended before its closing boundary');
    }
  }

  // The source is never closed from here: closing an http request's iterator
  // would destroy the socket the response still has to go out on. On errors
  // the caller answers with `Connection: close` instead.
  {
    // preamble
    for await (const _ of untilDelimiter()) {
      /* discard */
    }

    for (let count = 0; ; count++) {
      // reader.buf starts with the delimiter
      if (!(await reader.ensure(delimiter.length + 2))) throw new MultipartError('truncated multipart boundary');
      reader.buf = reader.buf.subarray(delimiter.length);
      if (reader.buf[0] === 0x2d && reader.buf[1] === 0x2d) {
        // closing delimiter: read and discard the (normally empty) epilogue so
        // that the request is consumed to its end
        let epilogue = reader.buf.length - 2;
        reader.buf = Buffer.alloc(0);
        while (await reader.more()) {
          epilogue += reader.buf.length;
          reader.buf = Buffer.alloc(0);
          if (epilogue > 64 * 1024) throw new MultipartError('unexpected data after the closing multipart boundary');
        }
        return;
      }
      // optional transport padding, then CRLF
      while (true) {
        if (!(await reader.ensure(2))) throw new MultipartError('truncated multipart boundary line');
        if (reader.buf[0] === 0x20 || reader.buf[0] === 0x09) {
          reader.buf = reader.buf.subarray(1);
          continue;
        }
        if (reader.buf[0] !== 0x0d || reader.buf[1] !== 0x0a)
          throw new MultipartError('malformed multipart boundary line');
        reader.buf = reader.buf.subarray(2);
        break;
      }
      if (count >= maxParts) throw new MultipartError('too many parts in multipart body');

      // headers
      const headers = {};
      if (!(await reader.ensure(2))) throw new MultipartError('truncated part headers');
      if (reader.buf[0] === 0x0d && reader.buf[1] === 0x0a) {
        reader.buf = reader.buf.subarray(2);
      } else {
        let end;
        while ((end = reader.buf.indexOf(HEADER_END)) < 0) {
          if (reader.buf.length > maxHeaderBytes) throw new MultipartError('part headers too large');
          if (!(await reader.more())) throw new MultipartError('truncated part headers');
        }
        if (end > maxHeaderBytes) throw new MultipartError('part headers too large');
        const text = reader.buf.subarray(0, end).toString('utf8');
        reader.buf = reader.buf.subarray(end + HEADER_END.length);
        for (const line of text.split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon <= 0) throw new MultipartError('malformed part header');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
      }

      const disposition = headerParams(headers['content-disposition']);
      let finished = false;
      let reading = false;
      const body = {
        [Symbol.asyncIterator]: async function* () {
          if (reading || finished) throw new MultipartError('part body can only be read once');
          reading = true;
          try {
            yield* untilDelimiter();
            finished = true;
          } finally {
            reading = false;
          }
        },
      };
      yield {
        headers,
        name: disposition.params.name,
        filename: disposition.params.filename,
        contentType: (headers['content-type'] ?? '').toLowerCase(),
        body,
      };
      if (reading) throw new MultipartError('next part requested while the previous body was still being read');
      if (!finished) {
        for await (const _ of untilDelimiter()) {
          /* skip the unread rest of the body */
        }
      }
    }
  }
}
