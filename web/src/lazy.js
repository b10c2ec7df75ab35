// Screens loaded on first use: the module is fetched (with integrity, through the import map) when
// one of its routes is opened, so the first load carries only what the first screen needs.
import { h } from './dom.js';

/**
 * @param {any} app
 * @param {() => Promise<(app: any) => Record<string, { title: string, render: Function }>>} load
 *   resolves to the module's screens factory
 * @param {Record<string, string>} titles route -> title (known before the module loads)
 */
export function lazyScreens(app, load, titles) {
  let screens = null;
  const get = async () => {
    screens ??= load()
      .then((factory) => factory(app))
      .catch((e) => {
        screens = null;
        throw e;
      });
    return screens;
  };
  return Object.fromEntries(
    Object.entries(titles).map(([path, title]) => [
      path,
      {
        title,
        async render(ctx) {
          // A navigation while the module loads empties the outlet (router.js): the mark goes with
          // it, and this render draws nothing (two hash changes in a row would draw the screen twice).
          const mark = document.createComment(path);
          ctx.outlet.append(mark);
          let all;
          try {
            all = await get();
          } catch (e) {
            if (!mark.isConnected) return undefined;
            mark.remove();
            ctx.outlet.append(h('h1', null, title), h('p', null, 'This screen could not be loaded.'));
            app.fail(e, { action: 'loading the screen', retry: () => app.router.refresh() });
            return undefined;
          }
          if (!mark.isConnected) return undefined;
          mark.remove();
          return all[path].render(ctx);
        },
      },
    ]),
  );
}
