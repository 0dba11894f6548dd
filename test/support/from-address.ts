import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** Starts the app's HTTP server on a free loopback port (once) and answers its port. */
export async function listening(app: INestApplication): Promise<number> {
  const server = app.getHttpServer() as http.Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * A client on another loopback address (Linux routes all of 127.0.0.0/8 to the loopback
 * interface): to the api it is a different client address, as another machine would be.
 */
export function clientAt(localAddress: string, port: number) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      // A string or a Buffer is sent as it is (set its content-type); anything else as JSON.
      const raw = typeof body === 'string' || Buffer.isBuffer(body);
      const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(raw ? (body as string) : JSON.stringify(body));
      const type = raw ? {} : { 'content-type': 'application/json' };
      const req = http.request(
        {
          host: '127.0.0.1', port, path, method, localAddress, agent: false,
          headers: { ...(payload ? { ...type, 'content-length': payload.length } : {}), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}
