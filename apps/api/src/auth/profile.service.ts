import { Injectable } from '@nestjs/common';
import { PlayerProfileCache } from '../players/player-profile.cache';
import { CachedStats, PlayerStatsCache, toCachedStats } from '../players/player-stats.cache';
import { Player } from '../players/player.model';
import { PlayerRepository } from '../players/player.repository';
import { PlayerRatingService } from '../ratings/player-rating.service';
import { PlayerNotFoundError } from './auth.errors';
import { ProfileDto, RecentSessionDto } from './dto/profile.dto';
import { InvitationSummary, PlayerActivityRepository, RatingChange, SessionSummary } from './player-activity.repository';

export const PROFILE_RATING_HISTORY_LIMIT = 20;
export const PROFILE_RECENT_SESSIONS_LIMIT = 10;
export const PROFILE_INVITATIONS_LIMIT = 20;

/** What the profile reads from MongoDB, as kept in the Redis copy (everything but the stats, which have their mirror). */
type ProfileRecords = Omit<ProfileDto, 'stats' | 'pool_rating' | 'pools'>;

/**
 * The signed-in player's own profile, from Redis when the copies are current (stats mirror + profile copy: two
 * commands, no MongoDB); on a miss, from MongoDB, refilling what was missing. With a pool asked for, it adds the
 * player's rating in that pool and the list of their pools (the ratings feature's view, which reads MongoDB).
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly players: PlayerRepository,
    private readonly stats: PlayerStatsCache,
    private readonly copies: PlayerProfileCache,
    private readonly activity: PlayerActivityRepository,
    private readonly ratings: PlayerRatingService,
  ) {}

  /** @throws PlayerNotFoundError (404), UnknownPoolError (404) */
  async profile(playerId: string, pool?: string): Promise<ProfileDto> {
    if (pool === undefined) return this.account(playerId);
    const [profile, standing] = await Promise.all([this.account(playerId), this.ratings.standing(playerId, pool)]);
    const { pools, player_id: _id, games_played, win_rate, ...fields } = standing;
    return { ...profile, pool_rating: { ...fields, games_played, win_rate }, pools };
  }

  private async account(playerId: string): Promise<ProfileDto> {
    const [copy, cachedStats] = await Promise.all([this.copies.read<ProfileRecords>(playerId), this.stats.read(playerId)]);
    if (copy.value && cachedStats && namesMates(copy.value)) return { ...withLiveInvitations(copy.value), stats: toStatsResponse(cachedStats) };

    const [player, ratingChanges, sessions, invitations] = await Promise.all([
      this.players.findById(playerId),
      this.activity.recentRatingChanges(playerId, PROFILE_RATING_HISTORY_LIMIT),
      this.activity.recentSessions(playerId, PROFILE_RECENT_SESSIONS_LIMIT),
      this.activity.openInvitations(playerId, PROFILE_INVITATIONS_LIMIT),
    ]);
    if (!player) throw new PlayerNotFoundError(playerId);
    let stats = cachedStats;
    if (!stats) {
      // The mirror is missing (evicted or lost with Redis): answer from MongoDB and put it back.
      await this.stats.fill(player.id, player.stats);
      stats = toCachedStats(player.stats);
    }
    const mateIds = [...new Set([...ratingChanges, ...sessions].flatMap((entry) => entry.teams.flat()))].filter((id) => id !== player.id);
    const usernames = new Map((await this.players.findByIds(mateIds)).map((p) => [p.id, p.username]));
    const records = toProfileRecords(player, ratingChanges, sessions, invitations, usernames);
    await this.copies.write(playerId, copy.version, records);
    return { ...withLiveInvitations(records), stats: toStatsResponse(stats) };
  }
}

function toStatsResponse(stats: CachedStats): ProfileDto['stats'] {
  return {
    current_rating: stats.current_rating,
    games_played: stats.games_played,
    wins: stats.wins,
    losses: stats.losses,
    draws: stats.draws,
    win_rate: stats.win_rate,
  };
}

/** Copies written before profiles named teammates and opponents are refilled rather than served without them. */
function namesMates(records: ProfileRecords): boolean {
  return [...records.rating_history, ...records.recent_sessions].every((entry) => Array.isArray(entry.opponents));
}

/** The player's teammates and opponents in a session of `teams`, by team order. */
function sidesOf(teams: string[][], playerId: string, usernames: Map<string, string>): Pick<RecentSessionDto, 'teammates' | 'opponents'> {
  const named = (id: string) => ({ player_id: id, username: usernames.get(id) ?? '' });
  const own = teams.findIndex((team) => team.includes(playerId));
  return {
    teammates: (teams[own] ?? []).filter((id) => id !== playerId).map(named),
    opponents: teams.filter((_, i) => i !== own).flat().map(named),
  };
}


/**
 * An invitation leaves the profile at its deadline even before the sweeper cancels it (which bumps the profile
 * version): the copy may be served until then, so the deadline is applied at every read.
 */
function withLiveInvitations(records: ProfileRecords): ProfileRecords {
  const now = new Date().toISOString();
  return { ...records, invitations: (records.invitations ?? []).filter((i) => i.expires_at > now) };
}

function toProfileRecords(
  player: Player,
  ratingChanges: RatingChange[],
  sessions: SessionSummary[],
  invitations: InvitationSummary[],
  usernames: Map<string, string>,
): ProfileRecords {
  return {
    player_id: player.id,
    username: player.username,
    created_at: player.createdAt.toISOString(),
    last_login: player.lastLogin ? player.lastLogin.toISOString() : null,
    rating_history: ratingChanges.map((entry) => ({
      timestamp: entry.timestamp.toISOString(),
      rating: entry.rating,
      change: entry.change,
      session_id: entry.sessionId,
      ...sidesOf(entry.teams, player.id, usernames),
    })),
    recent_sessions: sessions.map((session) => ({
      session_id: session.sessionId,
      mode: session.mode,
      status: session.status,
      created_at: session.createdAt.toISOString(),
      updated_at: session.updatedAt.toISOString(),
      ...sidesOf(session.teams, player.id, usernames),
    })),
    invitations: invitations.map((invitation) => ({
      session_id: invitation.sessionId,
      mode: invitation.mode,
      inviter_id: invitation.inviterId,
      expires_at: invitation.expiresAt.toISOString(),
    })),
  };
}
