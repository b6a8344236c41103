import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerStatsCache } from '../players/player-stats.cache';
import { PlayerRepository } from '../players/player.repository';
import { RegisteredPlayerDto } from './dto/register.dto';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class AuthService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly players: PlayerRepository,
    private readonly stats: PlayerStatsCache,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('auth');
  }

  async register(username: string, password: string): Promise<RegisteredPlayerDto> {
    const passwordHash = await this.hasher.hash(password);
    const player = await this.players.create({ username, passwordHash, rating: this.config.rating.initial, createdAt: new Date() });
    // MongoDB holds the truth; the Redis mirror is rebuilt from it whenever it is missing.
    await this.stats.write(player.id, player.stats);
    this.log.info('player_registered', { player_id: player.id, details: { username: player.username, rating: player.stats.rating } });
    return { player_id: player.id, username: player.username, rating: player.stats.rating, created_at: player.createdAt.toISOString() };
  }
}
