// Wallet discovery with EIP-6963 (Multi Injected Provider Discovery): the page listens for
// `eip6963:announceProvider` events and asks wallets to announce themselves with
// `eip6963:requestProvider`. Every announcement is checked: a provider with request(), an info
// object with a uuid, a name, an rdns and an icon that is a data: URI of an image (the CSP allows
// images from data: only, and an <img> never runs script). A page that finds no EIP-6963 wallet
// falls back to a legacy `window.ethereum`, clearly named as such.

const ICON = /^data:image\/(?:svg\+xml|png|jpeg|gif|webp)[;,]/i;

/**
 * Checks an announcement's detail; returns a clean { info, provider } or null.
 * @param {any} detail
 */
export function checkAnnouncement(detail) {
  if (!detail || typeof detail !== 'object') return null;
  const { info, provider } = detail;
  if (!info || typeof info !== 'object' || !provider || typeof provider.request !== 'function') return null;
  const { uuid, name, icon, rdns } = info;
  if (typeof uuid !== 'string' || uuid.length === 0 || uuid.length > 100) return null;
  if (typeof name !== 'string' || name.trim().length === 0) return null;
  if (typeof rdns !== 'string' || rdns.length > 200) return null;
  return {
    info: Object.freeze({
      uuid,
      name: name.trim().slice(0, 60),
      rdns,
      icon: typeof icon === 'string' && ICON.test(icon) && icon.length < 200_000 ? icon : '',
    }),
    provider,
  };
}

/**
 * Starts discovery.
 * @param {{ win?: Window, onChange?: (wallets: { info: any, provider: any }[]) => void }} [options]
 * @returns {{ wallets(): { info: any, provider: any }[], request(): void, stop(): void }}
 */
export function discoverWallets({ win = window, onChange } = {}) {
  /** @type {Map<string, { info: any, provider: any }>} */
  const found = new Map();
  const list = () => {
    const out = [...found.values()];
    if (out.length === 0 && win.ethereum && typeof win.ethereum.request === 'function') {
      out.push({
        info: Object.freeze({
          uuid: 'legacy-window-ethereum',
          name: 'Browser wallet',
          rdns: '',
          icon: '',
          legacy: true,
        }),
        provider: win.ethereum,
      });
    }
    return out;
  };
  const onAnnounce = (ev) => {
    const a = checkAnnouncement(ev.detail);
    if (!a) return;
    const prev = found.get(a.info.uuid);
    // A wallet may announce again (e.g. on every request): keep one entry per uuid.
    if (prev && prev.provider === a.provider && prev.info.name === a.info.name && prev.info.icon === a.info.icon)
      return;
    found.set(a.info.uuid, a);
    onChange?.(list());
  };
  win.addEventListener('eip6963:announceProvider', onAnnounce);
  const request = () => win.dispatchEvent(new Event('eip6963:requestProvider'));
  request();
  return {
    wallets: list,
    request,
    stop() {
      win.removeEventListener('eip6963:announceProvider', onAnnounce);
    },
  };
}
