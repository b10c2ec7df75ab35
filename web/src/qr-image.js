// A QR code as an SVG element for the page: one look for every code the page shows (consent,
// registration, signed requests, SMART Health Links). The encoder itself is qr.js (pure).
import { svg } from './dom.js';

/**
 * The QR code of `text` as an <svg> with a white quiet zone. Throws (RangeError from the encoder)
 * when the text is too long for a QR code; callers say so and offer the text instead.
 * @param {string} text
 * @param {{ label: string, id?: string, size?: number }} o  `label` is the image's accessible name
 * @returns {Promise<SVGSVGElement>}
 */
export async function qrImage(text, { label, id, size = 280 }) {
  const { encodeQr, qrPath } = await import('./qr.js');
  const c = encodeQr(text);
  const n = c.size + 8;
  return svg(
    'svg',
    {
      viewBox: `0 0 ${n} ${n}`,
      width: size,
      height: size,
      role: 'img',
      'aria-label': label,
      class: 'qr',
      ...(id ? { id } : {}),
      'shape-rendering': 'crispEdges',
    },
    svg('rect', { width: n, height: n, fill: '#fff' }),
    svg('path', { d: qrPath(c), fill: '#000' }),
  );
}
