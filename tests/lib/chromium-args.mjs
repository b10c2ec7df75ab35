// How the tests and benchmarks run Chromium: Debian's binary, headless, with the switches that
// keep it quiet and reproducible (no sandbox in containers, no GPU, no QUIC, no background
// networking, updates or sync).
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
