// Local HTTP servers of the tests: listening on a free port of 127.0.0.1, closed with their
// connections.

/**
 * Listens on a free port of 127.0.0.1; resolves to the server's base URL and a close() that also
 * ends kept-alive connections.
 * @param {import('node:http').Server} server
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function listenLocal(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
