import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { type Actor, DomainError, type Queryable, type Role, unavailable } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { ACADEMY_REDIS } from '@academy/redis';

/** What a token says about its holder (the claims signed into it). */
export interface TokenClaims {
  sub: string;
  city: string;
  role: Role;
  /** The account's token version when the token was signed. */
  ver: number;
}

/** What the per-request check compares a token with; null: there is no such account. */
export interface AccountState {
  version: number;
  role: Role;
  cityId: string;
  active: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Cached for an id that has no account, so a stream of such tokens does not reach PostgreSQL. */
const GONE = 'gone';

/** How long a read of the cached state may take before PostgreSQL answers instead (a stalled Redis answers nothing). */
const READ_TIMEOUT_MS = 300;
/** How long dropping a cached state may take before the change is refused. */
const WRITE_TIMEOUT_MS = 2_000;
/** After Redis failed to answer, the check reads PostgreSQL directly for this long before trying Redis again. */
const BYPASS_MS = 1_000;
/**
 * How long a process keeps a state it read in its own memory. Every change is announced to
 * every process (see below), so this bound only matters should an announcement be lost
 * without the subscription noticing.
 */
const LOCAL_TTL_MS = 2_000;
/** How many accounts' states a process keeps in memory (least recently used go first). */
const LOCAL_MAX = 100_000;

class RedisTimeout extends Error {}

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisTimeout(`Redis did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stores a committed state unless Redis already holds a newer one: every change that touches
 * the cached state raises the version, so a store delayed by a stalled Redis cannot replace
 * the state of a later change. A reader's SET NX never overwrites.
 */
const STORE_IF_NEWER = `
  local current = redis.call('GET', KEYS[1])
  if current and current ~= '${GONE}' and cjson.decode(current).version > tonumber(ARGV[2]) then return 0 end
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  return 1`;

export const TOKEN_ENDED = 'authorization: this token is no longer valid (signed out, or the account changed): log in again';

/**
 * The check every authenticated request makes: the account exists, is active, and its token
 * version, role and city are the ones signed into the token. The state is kept in Redis
 * under `account:<id>` for a short while (ACCOUNT_CACHE_TTL_SECONDS), so a request costs
 * one Redis GET and no PostgreSQL query.
 *
 * Keeping the cache right: a reader that missed stores what it read only if the key is
 * still absent (SET NX); every change of an account deletes the key inside its transaction
 * (so a change cannot commit while Redis is unreachable) and stores the new state after the
 * commit (plain SET, which replaces whatever a concurrent reader stored from before the
 * commit). When Redis fails or does not answer a read within READ_TIMEOUT_MS, the check
 * asks PostgreSQL instead (and keeps doing so for BYPASS_MS): slower, never weaker. While
 * Redis cannot drop a cached state, account changes are refused with 503.
 *
 * In front of Redis, each api process keeps the states it read in memory for LOCAL_TTL_MS,
 * so a request usually costs no network round trip at all. Every change announces the
 * changed ids on a Redis channel, in the same MULTI as the DEL before the commit and again
 * after the commit; every process that checks tokens subscribes to it and drops those ids.
 * Redis pushes the announcement to the subscribers before it answers the changing process,
 * so it is on every process's socket before the change's own answer leaves. A process
 * keeps states in memory only while its subscription stands: when the subscriber connection
 * drops it forgets them all and asks Redis on every request until it has subscribed again.
 * A read that an announcement overtook is not kept.
 */
@Injectable()
export class AccountStateService implements OnModuleDestroy {
  private readonly log = new Logger(AccountStateService.name);
  /** Until then, Redis is not asked (it failed or stalled a moment ago). */
  private bypassUntil = 0;
  private readonly local = new LRUCache<string, { state: AccountState | null }>({ max: LOCAL_MAX, ttl: LOCAL_TTL_MS });
  /** Raised by every announcement: a read begun before one is not kept. */
  private epoch = 0;
  /** The subscriber connection, made when this process first checks a token (the worker never does). */
  private subscriber: Redis | null = null;
  /** True while the subscription stands, so announcements reach this process. */
  private listening = false;
  private readonly channel: string;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ACADEMY_REDIS) private readonly redis: Redis,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {
    this.channel = `${config.queuePrefix}:account-changed`;
  }

  onModuleDestroy(): void {
    this.listening = false;
    this.subscriber?.disconnect();
  }

  /** The caller of a verified token, or a 401 when the token no longer stands for the account. */
  async actorFor(claims: TokenClaims): Promise<Actor> {
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw new DomainError('unauthenticated', TOKEN_ENDED);
    if (this.config.accountCheck) {
      const state = await this.state(claims.sub);
      if (!state || !state.active || state.version !== claims.ver || state.role !== claims.role || state.cityId !== claims.city) {
        throw new DomainError('unauthenticated', TOKEN_ENDED);
      }
    }
    return { id: claims.sub, cityId: claims.city, role: claims.role };
  }

  async state(userId: string): Promise<AccountState | null> {
    if (this.listening) {
      const kept = this.local.get(userId);
      if (kept) return kept.state;
    } else {
      this.listen();
    }
    const epoch = this.epoch;
    const state = await this.shared(userId);
    if (this.listening && epoch === this.epoch) this.local.set(userId, { state });
    return state;
  }

  /** The state as Redis holds it, or as PostgreSQL does when Redis has none or does not answer. */
  private async shared(userId: string): Promise<AccountState | null> {
    const key = this.key(userId);
    if (Date.now() < this.bypassUntil) return this.read(this.ds, userId);
    let cached: string | null = null;
    try {
      cached = await within(this.redis.get(key), READ_TIMEOUT_MS);
    } catch {
      this.bypassUntil = Date.now() + BYPASS_MS;
      return this.read(this.ds, userId);
    }
    if (cached === GONE) return null;
    if (cached) return JSON.parse(cached) as AccountState;
    const state = await this.read(this.ds, userId);
    this.redis
      .set(key, state ? JSON.stringify(state) : GONE, 'EX', this.config.accountCacheTtlSeconds, 'NX')
      .catch(() => undefined);
    return state;
  }

  /** Subscribes this process to the announcements of changed accounts (once; ioredis re-subscribes after a reconnect). */
  private listen(): void {
    if (this.subscriber) return;
    const sub = this.redis.duplicate({
      keyPrefix: undefined, maxRetriesPerRequest: null, connectionName: `${this.config.queuePrefix}:account-changes`,
    });
    this.subscriber = sub;
    const down = () => {
      this.listening = false;
      this.local.clear();
    };
    sub.on('error', () => undefined); // a dropped subscription is handled by 'close'
    sub.on('close', down);
    sub.on('ready', () => {
      sub.subscribe(this.channel).then(() => {
        this.local.clear();
        this.epoch++;
        this.listening = sub.status === 'ready';
      }, down);
    });
    sub.on('message', (_channel: string, ids: string) => this.drop(ids.split(',')));
    sub.connect().catch(down);
  }

  /** Forgets what this process kept of these accounts. */
  private drop(userIds: readonly string[]): void {
    this.epoch++;
    for (const id of userIds) this.local.delete(id);
  }

  /**
   * Call inside the transaction that changes an account (version, role, city, active): the
   * cached state is dropped before the change commits; a Redis that does not answer fails
   * the change rather than leave an old state in force.
   */
  async forget(userIds: readonly string[]): Promise<void> {
    if (!userIds.length) return;
    this.drop(userIds);
    try {
      const done = await within(
        this.redis.multi().del(...userIds.map((id) => this.key(id))).publish(this.channel, userIds.join(',')).exec(),
        WRITE_TIMEOUT_MS,
      );
      const failed = done?.find(([err]) => err);
      if (!done || failed) throw failed?.[0] ?? new Error('the transaction was discarded');
    } catch {
      throw unavailable('the account store (Redis) does not answer, so the change was not made: try again shortly');
    }
  }

  /** Call after the commit: stores the committed state, replacing anything read before it (but never a newer one). */
  async publish(userIds: readonly string[]): Promise<void> {
    for (const id of userIds) {
      const state = await this.read(this.ds, id);
      const ttl = this.config.accountCacheTtlSeconds;
      try {
        await within(
          state
            ? this.redis.eval(STORE_IF_NEWER, 1, this.key(id), JSON.stringify(state), state.version, ttl)
            : this.redis.set(this.key(id), GONE, 'EX', ttl),
          WRITE_TIMEOUT_MS,
        );
      } catch (err) {
        this.log.warn(`could not store the account state of ${id}: ${(err as Error).message}`);
      }
    }
    // Whatever a process read between the change's DEL and its commit is the state before it.
    this.drop(userIds);
    await within(this.redis.publish(this.channel, userIds.join(',')), WRITE_TIMEOUT_MS).catch((err: Error) =>
      this.log.warn(`could not announce the account change of ${userIds.join(', ')}: ${err.message}`),
    );
  }

  /** Raises the token version (ending every token signed before); inside the caller's transaction. */
  async endTokens(q: Queryable, userId: string): Promise<number> {
    await this.forget([userId]);
    const [row] = await q.query(
      `WITH bumped AS (UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = $1
                       RETURNING token_version) SELECT token_version FROM bumped`,
      [userId],
    );
    return row?.token_version;
  }

  private async read(q: Queryable, userId: string): Promise<AccountState | null> {
    const [row] = await q.query(`SELECT token_version, role, city_id, active FROM users WHERE id = $1`, [userId]);
    return row ? { version: row.token_version, role: row.role, cityId: row.city_id, active: row.active } : null;
  }

  private key(userId: string): string {
    return `account:${userId}`;
  }
}
