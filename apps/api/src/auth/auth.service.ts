import { Inject, Injectable } from '@nestjs/common';
import type { PlayerActor } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerProfileCache } from '../players/player-profile.cache';
import { PlayerStatsCache } from '../players/player-stats.cache';
import { PlayerRepository, UsernameTakenError } from '../players/player.repository';
import { AccessTokenRevocations } from './access-token-revocations';
import {
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  LoginThrottledError,
  RefreshTokenReusedError,
  RegistrationThrottledError,
} from './auth.errors';
import { RegisteredPlayerDto } from './dto/register.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { LoginSubject, LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { parseRefreshToken } from './refresh-token';
import { RefreshTokenStore } from './refresh-token.store';
import { RegistrationThrottle } from './registration-throttle';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly players: PlayerRepository,
    private readonly stats: PlayerStatsCache,
    private readonly profiles: PlayerProfileCache,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly registrations: RegistrationThrottle,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly revocations: AccessTokenRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('auth');
  }

  /**
   * Throttled per client address, and the name is checked before the (deliberately expensive) hash is computed, so a
   * taken name costs no hashing. The insert still re-checks: of two concurrent registrations of one name, one wins.
   * @throws RegistrationThrottledError (429) | UsernameTakenError (409)
   */
  async register(username: string, password: string, clientIp: string): Promise<RegisteredPlayerDto> {
    const decision = await this.registrations.acquire(clientIp);
    if (!decision.allowed) {
      this.log.warn('registration_throttled', { details: { retry_after: decision.retryAfterSeconds } });
      throw new RegistrationThrottledError(decision.retryAfterSeconds);
    }
    if (await this.players.findCredentials(username)) throw new UsernameTakenError(username);
    const passwordHash = await this.hasher.hash(password);
    const player = await this.players.create({ username, passwordHash, rating: this.config.rating.initial, createdAt: new Date() });
    // MongoDB holds the truth; the Redis mirror is rebuilt from it whenever it is missing, so a Redis outage here
    // must not turn a registration that happened into an error (a retry would then answer "username taken").
    await this.stats.write(player.id, player.stats).catch((error: unknown) => this.log.warn('player_stats_mirror_failed', { player_id: player.id, details: { error } }));
    this.log.info('player_registered', { player_id: player.id, details: { username: player.username, rating: player.stats.rating } });
    return { player_id: player.id, username: player.username, rating: player.stats.rating, created_at: player.createdAt.toISOString() };
  }

  /**
   * Throttling is decided before the password is looked at, so a blocked guess costs no hashing and learns nothing.
   * @throws LoginThrottledError (429) | InvalidCredentialsError (401, the same for unknown user and wrong password)
   */
  async login(subject: LoginSubject, password: string): Promise<TokenPairDto> {
    const admission = await this.throttle.acquire(subject);
    if (!admission.allowed) {
      this.log.warn('login_throttled', { details: { scope: admission.blockedBy, reason: admission.reason, retry_after: admission.retryAfterSeconds } });
      throw new LoginThrottledError(admission.retryAfterSeconds);
    }

    let playerId: string;
    try {
      const credentials = await this.players.findCredentials(subject.username);
      // An unknown user is checked against a dummy hash, so both failures take the same time.
      const valid = await this.hasher.verify(credentials?.passwordHash ?? null, password);
      if (!credentials || !valid) {
        this.log.info('login_failed', { player_id: credentials?.id ?? null, details: { reason: credentials ? 'bad_password' : 'unknown_user' } });
        await this.throttle.failed(subject, admission.token);
        throw new InvalidCredentialsError();
      }
      playerId = credentials.id;
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) await this.throttle.abandoned(subject, admission.token).catch(() => undefined);
      throw error;
    }

    const id = playerId;
    await Promise.all([
      this.throttle.succeeded(subject, admission.token),
      // The profile shows last_login: its copy is told after the durable write.
      this.players.recordLogin(id, new Date()).then(() => this.profiles.changed([id])),
    ]);
    const { familyId, token: refreshToken } = await this.refreshTokens.start(playerId);
    const pair = await this.tokenPair(playerId, familyId, refreshToken);
    this.log.info('login_succeeded', { player_id: playerId });
    return pair;
  }

  /**
   * Single-use rotation: the presented token is exchanged for a new pair exactly once. Presenting an older token of
   * the same login again means the chain was copied, so the whole family (and its access tokens) is revoked. A secret
   * the family never issued is only refused: the family id is in every access token, so a guess must not log anyone out.
   */
  async refresh(rawRefreshToken: string): Promise<TokenPairDto> {
    const presented = parseRefreshToken(rawRefreshToken);
    if (!presented) throw new InvalidRefreshTokenError();
    const result = await this.refreshTokens.rotate(presented);
    switch (result.status) {
      case 'unknown':
        throw new InvalidRefreshTokenError();
      case 'reused':
        this.log.warn('refresh_token_reused', { player_id: result.playerId, details: { generation: result.generation } });
        throw new RefreshTokenReusedError();
      case 'rotated': {
        const pair = await this.tokenPair(result.playerId, result.familyId, result.token);
        this.log.info('token_refreshed', { player_id: result.playerId, details: { generation: result.generation } });
        return pair;
      }
    }
  }

  /** Ends the login behind this access token: the token itself and its refresh-token family stop working at once. */
  async logout(actor: PlayerActor): Promise<void> {
    // Revoking the family also ends every access token issued with it (see AccessTokenVerifier).
    await (actor.familyId ? this.refreshTokens.revoke(actor.familyId) : this.revocations.revoke(actor.tokenId, actor.expiresAt));
    this.log.info('logout', { player_id: actor.playerId });
  }

  private async tokenPair(playerId: string, familyId: string, refreshToken: string): Promise<TokenPairDto> {
    const access = await this.tokens.signAccessToken(playerId, familyId);
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, refresh_token: refreshToken, player_id: playerId };
  }
}
