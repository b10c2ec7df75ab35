// The page's configuration. The build (web/build.mjs) writes the real one at the root of the
// output folder as config.js; this module re-exports it so the page imports it from one place.
// (In the output, web/src/config.js -> ../../config.js is that generated file.)
export { default } from '../../config.js';
