// Scanning a QR code with the camera, where the browser has the Shape Detection API's
// BarcodeDetector with the qr_code format (Chromium on Android, ChromeOS and macOS). Elsewhere the
// page keeps the paste-the-text path. Frames never leave the page; the camera stops as soon as a
// code is read, on cancel, and when the page locks.
import { h, button } from './dom.js';
import { onWipe } from './key-registry.js';

/** Stops of scans running now (lock stops them all). */
const running = new Set();
onWipe(() => {
  for (const stop of [...running]) stop();
});

/** Whether this browser can scan QR codes with a camera. */
export async function canScan() {
  try {
    if (typeof globalThis.BarcodeDetector !== 'function' || !navigator.mediaDevices?.getUserMedia) return false;
    const formats = await globalThis.BarcodeDetector.getSupportedFormats?.();
    return !formats || formats.includes('qr_code');
  } catch {
    return false;
  }
}

/**
 * A camera view that scans until a QR code is read. Returns { element, done } where done resolves
 * to the code's text, or null on cancel / lock; it rejects when the camera cannot be opened
 * (NotAllowedError: permission refused; NotFoundError: no camera).
 */
export function scanQr({ label = 'Camera view for scanning the QR code' } = {}) {
  const video = h('video', { class: 'qr-video', 'aria-label': label });
  video.muted = true;
  video.setAttribute('playsinline', '');
  let stream = null;
  let timer = null;
  let settle;
  const done = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const stop = (value = null, error = null) => {
    running.delete(stop);
    clearTimeout(timer);
    timer = null;
    for (const t of stream?.getTracks?.() ?? []) t.stop();
    stream = null;
    video.srcObject = null;
    element.remove();
    if (error) settle.reject(error);
    else settle.resolve(value);
  };
  const cancel = button('Stop the camera', () => stop(null), { variant: 'secondary' });
  const element = h(
    'div',
    { class: 'qr-scan' },
    video,
    h('p', { class: 'muted', role: 'status' }, 'Point the camera at the QR code.'),
    h('div', { class: 'actions' }, cancel),
  );
  running.add(stop);
  (async () => {
    try {
      const detector = new globalThis.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      if (!running.has(stop)) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      video.srcObject = stream;
      // Not awaited: a camera that delivers no frame yet must not stall the loop (and cancel).
      video.play().catch(() => {});
      const tick = async () => {
        if (!running.has(stop)) return;
        try {
          const codes = await detector.detect(video);
          const qr = codes.find((c) => !c.format || c.format === 'qr_code');
          if (qr?.rawValue) {
            stop(qr.rawValue);
            return;
          }
        } catch {
          // a frame that is not ready yet
        }
        if (running.has(stop)) timer = setTimeout(tick, 250);
      };
      tick();
    } catch (e) {
      stop(null, e);
    }
  })();
  return { element, done };
}
