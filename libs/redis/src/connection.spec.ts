import { isConnectionError, reconnectDelay, RedisOutage } from './connection.js';

describe('reconnectDelay', () => {
  it('tries again after 100 ms, doubling, then every 2 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(reconnectDelay)).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });
});

describe('isConnectionError', () => {
  it('tells a lost connection from a failing command', () => {
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(new Error('ERR Error running script (call to f_1234): @user_script:1: bad'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});

describe('RedisOutage', () => {
  it('warns once when the first connection is lost and once when the last one is back', () => {
    let now = 1_000;
    const lines: string[] = [];
    const outage = new RedisOutage((line) => lines.push(line), () => now);
    const [queue, worker] = [{}, {}];
    outage.lost(queue, 'connect ECONNREFUSED 127.0.0.1:6379');
    outage.lost(queue, 'connect ECONNREFUSED 127.0.0.1:6379');
    outage.lost(worker);
    expect(outage.down).toBe(true);
    now = 3_500;
    outage.back(queue);
    expect(outage.down).toBe(true);
    outage.back(worker);
    outage.back(worker);
    expect(outage.down).toBe(false);
    expect(lines).toEqual([
      'lost the connection to Redis (connect ECONNREFUSED 127.0.0.1:6379); reconnecting, jobs wait until it is back',
      'connected to Redis again after 2.5 s',
    ]);
  });
});
