// The memory of the Chromium this process launched, read from /proc: its processes (descendants
// of this process named chrom*/headless*) by type (browser, renderer, gpu-process, utility,
// zygote, from --type= on their command line) with their RSS and PSS, and a sampler of the peaks
// while a step runs. "page" below is the sum over the renderer, GPU and utility processes (the
// page, its workers, decoding, networking and storage services); the browser process (UI,
// downloads, the blob registry) is reported beside it, and "all" is every process.
// RSS counts every resident page of a process, shared ones (Chromium's own code, libraries)
// included, so a sum of RSS counts those once per process: an idle headless Chromium already sums
// to about 700 MB over its renderer, GPU and utility processes. PSS (/proc/PID/smaps_rollup)
// divides each shared page among the processes that map it, so a sum of PSS is the memory those
// processes really hold together (about 160 MB idle).
import { readdirSync, readFileSync } from 'node:fs';

/** Process types counted in the "page" sum. */
export const PAGE_TYPES = Object.freeze(['renderer', 'gpu-process', 'utility']);

/** Chromium's processes under this one: [{ pid, type, rss, pss (bytes; pss 0 if unreadable) }]. */
export function chromiumProcesses() {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      procs.set(Number(d), { ppid, comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs)
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
  }
  const out = [];
  for (const pid of mine) {
    const p = procs.get(pid);
    if (!p || !/chrom|headless/i.test(p.comm)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      let pss = 0;
      try {
        pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // no smaps_rollup (old kernel) or no permission
      }
      out.push({
        pid,
        type: /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser',
        rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
        pss,
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const GROUPS = Object.freeze({
  page: (p) => PAGE_TYPES.includes(p.type),
  renderer: (p) => p.type === 'renderer',
  browser: (p) => p.type === 'browser',
  all: () => true,
});

/**
 * One reading: sums of RSS and PSS in bytes, { rss: { page, renderer, browser, all, topRenderer },
 * pss: { … } }; topRenderer is the largest single renderer (the one running the page, when one
 * page is open).
 */
export function chromiumMemory() {
  const procs = chromiumProcesses();
  const out = { rss: {}, pss: {} };
  for (const k of ['rss', 'pss']) {
    for (const [g, f] of Object.entries(GROUPS)) out[k][g] = procs.filter(f).reduce((n, p) => n + p[k], 0);
    out[k].topRenderer = Math.max(0, ...procs.filter(GROUPS.renderer).map((p) => p[k]));
  }
  return out;
}

/**
 * Samples chromiumMemory() every `intervalMs` (and, with `cdp`, a CDP session with Performance
 * enabled, the page's JS heap) until stop(), which resolves to the peaks ({ rss, pss } as
 * chromiumMemory gives them, each sum's own peak; jsHeap), the reading before the start and the
 * number of samples.
 * @param {{ intervalMs?: number, cdp?: { send: (method: string) => Promise<any> } }} [o]
 */
export function memorySampler({ intervalMs = 100, cdp } = {}) {
  const before = chromiumMemory();
  const peak = { rss: { ...before.rss }, pss: { ...before.pss }, jsHeap: 0, samples: 0, before };
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = chromiumMemory();
      for (const k of ['rss', 'pss']) for (const g of Object.keys(r[k])) peak[k][g] = Math.max(peak[k][g], r[k][g]);
      if (cdp) {
        try {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
          peak.jsHeap = Math.max(peak.jsHeap, used);
        } catch {
          // the page navigated or closed
        }
      }
      peak.samples++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
