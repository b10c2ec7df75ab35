// A long chain history on anvil in milliseconds. `anvil --number N` starts the chain at block N
// (history before a deployment), but anvil_mine slows down as the chain grows (on anvil 1.7.1:
// 1,000 blocks in about 1.3 s, 10,000 in minutes, 10^6 out of reach), so a gap after the
// deployment is made another way: the state is dumped (anvil_dumpState), one empty block is added
// `count` blocks above the head, and the state is loaded back (anvil_loadState). The chain then
// jumps: the blocks in between do not exist (eth_getBlockByNumber gives null, eth_getLogs over
// them gives nothing, as it would for empty blocks), everything before the jump stays (state,
// blocks, receipts, logs) and the next block mined is head + count + 1.
import { gunzipSync, gzipSync } from 'node:zlib';

const EMPTY_TRIE = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421';
const hex = (n) => `0x${n.toString(16)}`;

/**
 * Moves anvil's head `count` blocks up (the new head is an empty block) and resolves to its number.
 * @param {{ rpc: (method: string, params?: unknown[]) => Promise<any> }} anvil
 * @param {number} count at least 1
 */
export async function skipBlocks(anvil, count) {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`skipBlocks: ${count} blocks`);
  const head = await anvil.rpc('eth_getBlockByNumber', ['latest', false]);
  const dump = await anvil.rpc('anvil_dumpState');
  const state = JSON.parse(gunzipSync(Buffer.from(dump.slice(2), 'hex')).toString('utf8'));
  const last = state.blocks.at(-1);
  const number = Number(head.number) + count;
  // Loading merges: only the new block is given (with no transactions), on top of the head.
  state.blocks = [
    {
      ...last,
      transactions: [],
      ommers: [],
      header: {
        ...last.header,
        number: hex(number),
        parentHash: head.hash,
        gasUsed: '0x0',
        transactionsRoot: EMPTY_TRIE,
        receiptsRoot: EMPTY_TRIE,
        logsBloom: `0x${'00'.repeat(256)}`,
      },
    },
  ];
  state.transactions = [];
  state.best_block_number = number;
  state.block.number = hex(number);
  await anvil.rpc('anvil_loadState', [`0x${gzipSync(JSON.stringify(state)).toString('hex')}`]);
  const now = Number(await anvil.rpc('eth_blockNumber'));
  if (now !== number) throw new Error(`skipBlocks: head ${now}, expected ${number}`);
  return number;
}
