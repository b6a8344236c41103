import type { RatingPoolConfig } from '@libs/config';
import { EloRatingSystem } from './elo';
import { Glicko2RatingSystem } from './glicko2';
import { OpenSkillRatingSystem } from './openskill';
import type { RatingSystem } from './rating-system';

/** The rating system a pool's configuration describes. */
export function createRatingSystem(pool: RatingPoolConfig): RatingSystem {
  switch (pool.system) {
    case 'elo':
      return new EloRatingSystem(pool);
    case 'glicko2':
      return new Glicko2RatingSystem(pool);
    case 'openskill':
      return new OpenSkillRatingSystem(pool);
  }
}
