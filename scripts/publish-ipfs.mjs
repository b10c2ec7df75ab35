#!/usr/bin/env node
// `npm run publish:ipfs`: builds the page, computes the folder's CID here (in the WebAssembly
// module, before anything is sent), uploads the folder to a Kubo RPC endpoint, checks that the
// node's root CID is the one computed here, and prints the gateway URLs: the subdomain form first
// (the page's own origin, where it works), then the path form, which the page refuses (every site
// on a path gateway shares its origin: web/src/origin.js).
//
//   node scripts/publish-ipfs.mjs [--api URL] [--gateway URL] [--authorization VALUE]
//        [--dir DIR | build options...]
//     --api URL            Kubo RPC API base (default http://127.0.0.1:5001, the local node of
//                          tools/ipfs-node or of `npm start`; env EHR_IPFS_API)
//     --gateway URL        gateway base for the printed URLs (default: the API's origin, where
//                          the local node serves its gateway; e.g. https://dweb.link)
//     --authorization V    Authorization header for the API (env EHR_IPFS_AUTHORIZATION), e.g.
//                          "Bearer <token>" for a pinning service's Kubo-compatible endpoint
//     --dir DIR            publish an already built folder instead of building
//     --page-gateway URL   (repeatable) the gateways the page reads records from (build's --gateway)
//   Any other option goes to web/build.mjs (--out, --config, --deployments, --chain-id, --rpc,
//   --upload, --idle-seconds, --no-development). Default output folder: web/dist/.
//
// Exit status: 0 published and verified; 1 on any failure, including a CID mismatch.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function parse(argv) {
  const o = {
    api: process.env.EHR_IPFS_API || 'http://127.0.0.1:5001',
    authorization: process.env.EHR_IPFS_AUTHORIZATION,
    build: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--api') o.api = value();
    else if (a === '--gateway') o.gateway = value();
    else if (a === '--authorization') o.authorization = value();
    else if (a === '--dir') o.dir = value();
    else if (a === '--page-gateway') o.build.push('--gateway', value());
    else if (a === '--help' || a === '-h') o.help = true;
    else o.build.push(a);
  }
  return o;
}

/** Every file under `dir`, as { path (relative, '/'-separated), content }. */
function filesOf(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(dir, p).split(sep).join('/'), content: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(dir);
  return out;
}

/** Path-form and subdomain-form URLs of `cid` on the gateway at `base`. */
export function gatewayUrls(base, cid) {
  const u = new URL(base);
  const path = `${u.origin}/ipfs/${cid}/`;
  // A subdomain gateway serves http(s)://<cid>.ipfs.<host>/; 127.0.0.1 has no subdomains, and
  // browsers resolve *.localhost to loopback.
  const host = u.hostname === '127.0.0.1' || u.hostname === '[::1]' ? 'localhost' : u.hostname;
  const subdomain = `${u.protocol}//${cid}.ipfs.${host}${u.port ? `:${u.port}` : ''}/`;
  return { path, subdomain };
}

/**
 * Builds (unless `dir`), computes the CID, uploads, verifies.
 * @returns {Promise<{ cid: string, nodeCid: string, files: number, bytes: number, urls: { path: string, subdomain: string } }>}
 */
export async function publish({ api, gateway, authorization, dir, build = [], log = () => {} }) {
  let folder = dir ? resolve(dir) : null;
  if (!folder) {
    const { parseArgs, build: buildPage } = await import('../web/build.mjs');
    const r = buildPage({ ...parseArgs(build), quiet: true });
    folder = r.out;
    log(
      `built ${relative(process.cwd(), folder) || '.'} (chain ${r.config.chainId} via ${r.config.rpcUrl}; gateways ${r.config.gateways.join(', ')})`,
    );
  }
  const { init } = await import('../wasm/js/ehr.js');
  const { createUploader } = await import('../wasm/js/gateway.js');
  const ehr = await init();
  const entries = filesOf(folder);
  const bytes = entries.reduce((n, e) => n + e.content.length, 0);
  const uploader = createUploader(ehr, { apiUrl: api, ...(authorization ? { authorization } : {}) });
  // The CID computed here, from the files, with the same profile the upload asks the node for.
  const cid = await ehr.ipfs.directoryCid(entries, { profile: uploader.params });
  log(`local CID ${cid} (${entries.length} files, ${bytes} bytes)`);
  let res;
  try {
    res = await uploader.addDirectory(entries);
  } catch (e) {
    if (e.name === 'CidMismatchError' || e.code === 'ERR_CID_MISMATCH') {
      throw new Error(
        `the node at ${api} returned another root CID than the one computed here (${cid}): ${e.message}. ` +
          'It may use other import settings (CID version, chunker, raw leaves); nothing is published under the expected CID.',
      );
    }
    throw new Error(`upload to ${api} failed: ${e.message}`);
  }
  const root = res.entries.find((x) => x.name === '') ?? res.entries.at(-1);
  const nodeCid = ehr.ipfs.formatCid(root.cid);
  if (nodeCid !== cid || res.cid !== cid)
    throw new Error(`CID mismatch: computed ${cid}, the node reports ${root.cid}`);
  log(`node CID  ${nodeCid} (matches)`);
  const base = gateway ?? new URL(api).origin;
  return { cid, nodeCid, files: entries.length, bytes, urls: gatewayUrls(base, cid) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = parse(process.argv.slice(2));
  if (o.help) {
    console.log(
      readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('\n')
        .slice(1, 20)
        .map((l) => l.replace(/^\/\/ ?/, ''))
        .join('\n'),
    );
    process.exit(0);
  }
  publish({ ...o, log: (s) => console.log(s) }).then(
    (r) => {
      console.log(`\nPublished ${r.cid}`);
      console.log(`  subdomain gateway: ${r.urls.subdomain}`);
      console.log(
        `  path gateway:      ${r.urls.path} (refused by the page: a shared origin; use the subdomain form, DNSLink or a web server)`,
      );
      console.log(
        'Pin it where it should stay available (a pinning service or your own node); see README "Hosting on IPFS".',
      );
    },
    (e) => {
      console.error(`publish:ipfs: ${e.message}`);
      process.exit(1);
    },
  );
}
