import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DEFAULT_POOL, RatingPoolConfig } from '@libs/config';
import { createRatingSystem, RatingState, RatingSystem } from './domain';
import { UnknownPoolError } from './ratings.errors';
import { isRatedSession, SessionOrigin } from './unrated-sessions';

export interface RatingPool {
  name: string;
  config: RatingPoolConfig;
  system: RatingSystem;
}

/** The configured rating pools and the pool of each mode (modes that name none rate in `default`). */
@Injectable()
export class RatingPools {
  private readonly pools = new Map<string, RatingPool>();
  private readonly modePools: Record<string, string>;
  private readonly playerSessionsRated: readonly string[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    for (const pool of config.rating.pools) this.pools.set(pool.name, { name: pool.name, config: pool, system: createRatingSystem(pool) });
    this.modePools = config.rating.modePools;
    this.playerSessionsRated = config.rating.playerSessionsRated;
  }

  /** Whether a result of this session may change ratings at all (see isRatedSession). */
  rates(session: { origin: SessionOrigin; mode: string }): boolean {
    return isRatedSession(session, this.playerSessionsRated);
  }

  /** @throws UnknownPoolError (404) */
  get(name: string = DEFAULT_POOL): RatingPool {
    const pool = this.pools.get(name);
    if (!pool) throw new UnknownPoolError(name);
    return pool;
  }

  forMode(mode: string): RatingPool {
    return this.get(this.modePools[mode] ?? DEFAULT_POOL);
  }

  all(): RatingPool[] {
    return [...this.pools.values()];
  }
}

/**
 * A stored state as of `at` in the pool's current season: reset once per season that ended since it was written, then
 * (Glicko-2) its RD grown for the idle rating periods. Null (no game in the pool yet) gives the initial state.
 */
export function effectiveState(pool: RatingPool, stored: RatingState | null, storedSeason: number, currentSeason: number, at: Date): RatingState {
  if (!stored) return pool.system.initial();
  let state = stored;
  for (let season = storedSeason; season < currentSeason; season++) state = pool.system.seasonReset(pool.system.current(state, at));
  return pool.system.current(state, at);
}
