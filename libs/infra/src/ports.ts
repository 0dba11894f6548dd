import net from 'node:net';

/** Asks the OS for a currently unused TCP port on `host`. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing is listening on `port` (checked by binding it briefly). */
export function isPortFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Starts a server on `fixedPort`, or on a free port when none is given. Another process
 * can take a free port between the check and the bind: a start that fails with
 * `portInUse` is retried on a new port, up to three tries.
 */
export async function onFreePort<T>(fixedPort: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      return await start(port);
    } catch (err) {
      if (fixedPort === undefined && (err as { portInUse?: boolean }).portInUse && attempt < 3) continue;
      throw err;
    }
  }
}
