// Waiting for a transaction's receipt by polling eth_getTransactionReceipt.
//
// ethers' TransactionResponse.wait() waits for a new-block event when its first receipt lookup
// comes back empty. On an automining dev chain the transaction's block can land between that
// lookup and the block poller's first eth_blockNumber; no later block comes, and wait() never
// returns. Polling the receipt itself has no such race, and it ends with an error at the deadline.

/**
 * @param {{ hash: string, provider: { getTransactionReceipt(hash: string): Promise<any> } }} tx
 * @param {{ timeoutMs?: number, intervalMs?: number }} [options]
 * @returns {Promise<any>} the receipt (ethers TransactionReceipt); throws on a reverted transaction
 */
export async function waitReceipt(tx, { timeoutMs = 60_000, intervalMs = 20 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await tx.provider.getTransactionReceipt(tx.hash);
    if (receipt) {
      if (receipt.status === 0) {
        const err = new Error(`transaction ${tx.hash} reverted`);
        err.code = 'CALL_EXCEPTION';
        err.receipt = receipt;
        throw err;
      }
      return receipt;
    }
    if (Date.now() > deadline) throw new Error(`no receipt for ${tx.hash} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
