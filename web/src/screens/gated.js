// The frame the account-bound screens share: a heading, a body that is redrawn only when the part
// of the state it depends on changes, and a gate that shows what is missing first (a connection,
// the right network, roles, unlocked keys) before the screen itself is drawn.
import { h, append, replace } from '../dom.js';
import { getState, subscribe } from '../state.js';

/**
 * @param {{ title: string, header?: Node[], keyOf: (s: object) => string,
 *   gate: (s: object, update: () => void) => Node[] | null, draw: (body: HTMLElement, s: object) => void }} o
 *   keyOf: what the body depends on (no redraw while it stays the same); gate: the nodes to show
 *   instead of the screen, or null to draw it (`update` redraws, e.g. once keys are unlocked);
 *   draw: draws the screen into the emptied body.
 */
export function gatedScreen({ title, header = [], keyOf, gate, draw }) {
  return {
    title,
    render({ outlet }) {
      const body = h('div');
      append(outlet, h('h1', null, title), ...header, body);
      let drawnFor = null;
      const update = () => {
        const s = getState();
        const key = keyOf(s);
        if (key === drawnFor) return;
        drawnFor = key;
        const instead = gate(s, update);
        replace(body, ...(instead ?? []));
        if (!instead) draw(body, s);
      };
      update();
      return subscribe(update);
    },
  };
}
