import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerProfileCache } from '../players/player-profile.cache';
import { PlayerStatsCache } from '../players/player-stats.cache';
import { Player } from '../players/player.model';
import { RatingHistoryItem } from './match-result.store';
import type { Outcome } from './domain';

/** How long a cached first history page may live; it is also checked against games_played on every read. */
const HISTORY_PAGE_TTL_SECONDS = 600;

/** The first page is cached at the largest page size, so every page size is served by slicing it. */
export const HISTORY_PAGE_SIZE = 100;

export interface LeaderboardRow {
  playerId: string;
  username: string | null;
  rating: number;
}

/** One leaderboard's keys: `default`'s global board, or one season of another pool. */
export interface Board {
  scores: string;
  versions: string;
  /** Per member: the username (`default`), or a JSON PoolMember (other pools). */
  names: string;
}

export const GLOBAL_BOARD: Board = { scores: keys.leaderboard(), versions: keys.leaderboardVersions(), names: keys.leaderboardNames() };

export function poolBoard(pool: string, season: number): Board {
  return { scores: keys.poolLeaderboard(pool, season), versions: keys.poolLeaderboardVersions(pool, season), names: keys.poolLeaderboardNames(pool, season) };
}

/** What a pool board keeps beside the score, so that its entries are served from Redis alone. */
export interface PoolMember {
  username: string;
  rd: number | null;
  volatility: number | null;
  mu: number | null;
  sigma: number | null;
  ratedAt: string | null;
}

/** One rating history entry as the rating route answers it. */
export interface RatingHistoryView {
  timestamp: string;
  rating: number;
  change: number;
  session_id: string;
  opponent_id: string;
  outcome: Outcome;
}

interface CachedPage {
  /** seq of the newest entry (= games_played when the page was read); 0 for an empty history. */
  version: number;
  entries: { t: string; r: number; c: number; s: string; o: string; out: Outcome; q: number }[];
}

/**
 * The Redis side of ratings: the stats mirror and leaderboard are written with "newer wins" scripts keyed on
 * games_played (a per-player version that only ratings increase), so refreshes that race or arrive late are harmless.
 */
@Injectable()
export class RatingCache implements OnModuleInit {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly stats: PlayerStatsCache,
    private readonly profiles: PlayerProfileCache,
  ) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'leaderboard-upsert', 3);
    defineLuaCommand(this.redis, __dirname, 'leaderboard-top', 2);
  }

  /** Mirrors a player's durable stats and, once they have played, their leaderboard entry. */
  async refreshPlayer(player: Player): Promise<void> {
    await Promise.all([
      this.stats.fill(player.id, player.stats),
      player.stats.gamesPlayed > 0 ? this.rank(player.id, player.username, player.stats.rating, player.stats.gamesPlayed) : null,
      this.redis.del(keys.ratingHistory(player.id)),
      // The profile shows the newest rating changes too.
      this.profiles.changed([player.id]),
    ]);
  }

  /** Players enter the leaderboard with their first applied result (players without games are unranked). */
  async rank(playerId: string, username: string, rating: number, gamesPlayed: number, board: Board = GLOBAL_BOARD): Promise<void> {
    await callLua(this.redis, 'leaderboard-upsert', [board.scores, board.versions, board.names], [playerId, rating, gamesPlayed, username]);
  }

  /** Puts a player on a pool season's board (newer games_played wins, as on the global board). */
  rankInPool(board: Board, playerId: string, rating: number, gamesPlayed: number, member: PoolMember): Promise<void> {
    return this.rank(playerId, JSON.stringify(member), rating, gamesPlayed, board);
  }

  async leaderboardExists(board: Board = GLOBAL_BOARD): Promise<boolean> {
    return (await this.redis.exists(board.scores)) === 1;
  }

  async boardSize(board: Board): Promise<number> {
    return this.redis.zcard(board.scores);
  }

  async dropBoard(board: Board): Promise<void> {
    await this.redis.del(board.scores, board.versions, board.names);
  }

  /** The `limit` best players, best first (`username` is the raw names-hash value: JSON on pool boards). */
  async top(limit: number, board: Board = GLOBAL_BOARD): Promise<LeaderboardRow[]> {
    // Scores and names in one script call: the board is read on every leaderboard request.
    const flat = await callLua<(string | null)[]>(this.redis, 'leaderboard-top', [board.scores, board.names], [limit]);
    const rows: LeaderboardRow[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) rows.push({ playerId: flat[i]!, rating: Number(flat[i + 1]), username: flat[i + 2] ?? null });
    return rows;
  }

  /** Competition rank (1 + players rated strictly higher) and rating, or null when the player is unranked. */
  async rankOf(playerId: string, board: Board = GLOBAL_BOARD): Promise<{ rank: number; rating: number } | null> {
    const score = await this.redis.zscore(board.scores, playerId);
    if (score === null) return null;
    const higher = await this.redis.zcount(board.scores, `(${score}`, '+inf');
    return { rank: higher + 1, rating: Number(score) };
  }

  /**
   * The cached newest entries and their version (the games_played they reflect; a reader serves them only when it
   * equals the player's current count), or null when none is cached.
   */
  async readHistoryPage(playerId: string): Promise<{ version: number; entries: RatingHistoryView[] } | null> {
    const raw = await this.redis.get(keys.ratingHistory(playerId));
    if (!raw) return null;
    const page = JSON.parse(raw) as CachedPage;
    // Entries come out as the rating route answers them: the stored timestamp is already the ISO string it shows.
    return { version: page.version, entries: page.entries.map((e) => ({ timestamp: e.t, rating: e.r, change: e.c, session_id: e.s, opponent_id: e.o, outcome: e.out })) };
  }

  /** Caches the newest entries (read from MongoDB, newest first); the page carries its own version. */
  async writeHistoryPage(playerId: string, entries: RatingHistoryItem[]): Promise<void> {
    const page: CachedPage = {
      version: entries[0]?.seq ?? 0,
      entries: entries.map((e) => ({ t: e.timestamp.toISOString(), r: e.rating, c: e.change, s: e.sessionId, o: e.opponentId, out: e.outcome, q: e.seq })),
    };
    await this.redis.set(keys.ratingHistory(playerId), JSON.stringify(page), 'EX', HISTORY_PAGE_TTL_SECONDS);
  }
}
