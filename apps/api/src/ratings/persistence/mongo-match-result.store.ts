import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { ClientSession, Connection, Model, Types } from 'mongoose';
import { DependencyUnavailableError, isObjectId } from '@libs/common';
import {
  MatchResultDocument,
  MODELS,
  PlayerDocument,
  RatingHistoryDocument,
  SessionDocument,
  SessionHistoryDocument,
} from '@libs/database';
import { AppLogger, ServiceLogger } from '@libs/logging';
import type { RatingState } from '../domain';
import { MatchResult } from '../match-result.model';
import type { ClosedSeason } from '../pool-rating.store';
import {
  MatchResultStore,
  MatchResultTx,
  RankedPlayer,
  RatedPlayer,
  RatingEntry,
  RatingHistoryItem,
  ResultSession,
  SessionChange,
} from '../match-result.store';
import { matchResultMapper, ratingHistoryMapper } from './match-result.mapper';
import { poolStateOf, toClosedSeason } from './pool-rating.mapper';
import { PoolRatingDocument, PoolRatingHistoryDocument, PoolSeasonDocument, SeasonStandingDocument } from './pool-rating.schema';
import { SerialLane } from './serial-lane';
import { isRetriable, retryDelayMs, StaleReadError, TRANSACTION_RETRY_BUDGET_MS } from './transaction-retry';

interface Models {
  results: Model<MatchResultDocument>;
  sessions: Model<SessionDocument>;
  sessionHistory: Model<SessionHistoryDocument>;
  players: Model<PlayerDocument>;
  ratingHistory: Model<RatingHistoryDocument>;
  poolRatings: Model<PoolRatingDocument>;
  poolHistory: Model<PoolRatingHistoryDocument>;
  poolSeasons: Model<PoolSeasonDocument>;
  standings: Model<SeasonStandingDocument>;
}

/** The pool whose ratings live in the players' profiles (today's Elo, kept where existing data has it). */
const PROFILE_POOL = 'default';

const TRANSACTION_OPTIONS = {
  readConcern: { level: 'snapshot' as const },
  writeConcern: { w: 'majority' as const },
  readPreference: 'primary' as const,
};

/**
 * MongoDB adapter for match results. One result = one multi-document transaction over match_results, players,
 * rating_history, sessions and session_history, re-run from the start on a write conflict.
 *
 * Across replicas MongoDB arbitrates: write conflicts abort the loser, and the unique indexes are guards that hold even
 * without conflict detection — (player_id, seq) and (player_id, session_id) on rating_history, (session_id, seq) on
 * session_history, session_id on match_results — plus conditional updates on the values read.
 * Within one replica, result transactions run one at a time: they would mostly collide anyway (two results of one
 * player), a transaction takes milliseconds, and an in-memory MongoDB stand-in used in development loses
 * overlapping transactions. Results are rare per player, so one lane per replica is far from a bottleneck.
 */
@Injectable()
export class MongoMatchResultStore extends MatchResultStore {
  private readonly models: Models;
  private readonly log: ServiceLogger;
  /** This replica's result transactions run one at a time (see the class comment). */
  private readonly lane = new SerialLane();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(MODELS.matchResult) results: Model<MatchResultDocument>,
    @InjectModel(MODELS.session) sessions: Model<SessionDocument>,
    @InjectModel(MODELS.sessionHistory) sessionHistory: Model<SessionHistoryDocument>,
    @InjectModel(MODELS.player) players: Model<PlayerDocument>,
    @InjectModel(MODELS.ratingHistory) ratingHistory: Model<RatingHistoryDocument>,
    @InjectModel(MODELS.poolRating) poolRatings: Model<PoolRatingDocument>,
    @InjectModel(MODELS.poolRatingHistory) poolHistory: Model<PoolRatingHistoryDocument>,
    @InjectModel(MODELS.poolSeason) poolSeasons: Model<PoolSeasonDocument>,
    @InjectModel(MODELS.seasonStanding) standings: Model<SeasonStandingDocument>,
    logger: AppLogger,
  ) {
    super();
    this.models = { results, sessions, sessionHistory, players, ratingHistory, poolRatings, poolHistory, poolSeasons, standings };
    this.log = logger.forService('rating');
  }

  transaction<T>(work: (tx: MatchResultTx) => Promise<T>): Promise<T> {
    return this.lane.run(() => this.runTransaction(work));
  }

  private async runTransaction<T>(work: (tx: MatchResultTx) => Promise<T>): Promise<T> {
    const deadline = Date.now() + TRANSACTION_RETRY_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      const session = await this.connection.startSession();
      try {
        session.startTransaction(TRANSACTION_OPTIONS);
        const value = await work(new MongoMatchResultTx(this.models, session));
        await session.commitTransaction();
        return value;
      } catch (error) {
        if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
        discardServerSession(session);
        if (!isRetriable(error)) throw error;
        if (Date.now() > deadline) {
          throw new DependencyUnavailableError('The result could not be stored because of sustained contention; retry the request', 'RESULT_CONTENTION');
        }
        const e = error as { code?: number; name?: string };
        this.log.debug('match_result_transaction_retry', { details: { attempt, error: e.name, code: e.code ?? null } });
        await sleep(retryDelayMs(attempt));
      } finally {
        await session.endSession().catch(() => undefined);
      }
    }
  }

  markCacheSynced(sessionId: string, updatedAt: Date): Promise<void> {
    // Only the version that was refreshed: a later change resets the flag and needs its own refresh. In the lane, so
    // that it is never written while a result transaction over the same collection is open.
    return this.lane.run(async () => {
      await this.models.results.updateOne({ session_id: sessionId, updated_at: updatedAt }, { $set: { cache_synced: true } }).exec();
    });
  }

  async findUnsynced(olderThan: Date, limit: number): Promise<MatchResult[]> {
    const docs = await this.models.results
      .find({ cache_synced: false, updated_at: { $lt: olderThan } })
      .sort({ updated_at: 1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map((doc) => matchResultMapper.toDomain(doc));
  }

  async findHistory(playerId: string, limit: number, before?: Date): Promise<RatingHistoryItem[]> {
    const filter = before ? { player_id: playerId, timestamp: { $lt: before } } : { player_id: playerId };
    const docs = await this.models.ratingHistory.find(filter).sort({ timestamp: -1 }).limit(limit).lean().exec();
    return docs.map((doc) => ratingHistoryMapper.toDomain(doc));
  }

  async findRankedPlayers(afterId: string | null, limit: number): Promise<RankedPlayer[]> {
    const filter = afterId
      ? { 'profile.games_played': { $gt: 0 }, _id: { $gt: new Types.ObjectId(afterId) } }
      : { 'profile.games_played': { $gt: 0 } };
    const docs = await this.models.players.find(filter, { username: 1, profile: 1 }).sort({ _id: 1 }).limit(limit).lean().exec();
    return docs.map((doc) => ({
      id: doc._id.toHexString(),
      username: doc.username,
      rating: doc.profile.current_rating,
      gamesPlayed: doc.profile.games_played ?? 0,
    }));
  }
}

/** The reads and writes of one attempt, all bound to its transaction. */
class MongoMatchResultTx implements MatchResultTx {
  constructor(
    private readonly m: Models,
    private readonly session: ClientSession,
  ) {}

  async findSession(sessionId: string): Promise<ResultSession | null> {
    if (!isObjectId(sessionId)) return null;
    const doc = await this.m.sessions.findById(sessionId).session(this.session).lean().exec();
    if (!doc) return null;
    const teams: string[][] = [];
    // Sessions stored before teams have none recorded: one player per team, in session order.
    doc.players.forEach((p, i) => (teams[p.team ?? i] ??= []).push(p.player_id));
    return {
      id: doc._id.toHexString(),
      status: doc.status,
      mode: doc.mode,
      origin: doc.origin ?? 'server',
      version: doc.version,
      playerIds: doc.player_ids?.length ? doc.player_ids : doc.players.map((p) => p.player_id),
      teams,
      historySeq: doc.history_seq ?? 0,
      closed: doc.closed_at != null,
    };
  }

  async findResult(sessionId: string): Promise<MatchResult | null> {
    const doc = await this.m.results.findOne({ session_id: sessionId }).session(this.session).lean().exec();
    return doc ? matchResultMapper.toDomain(doc) : null;
  }

  async currentSeason(pool: string): Promise<number> {
    if (pool === PROFILE_POOL) return 1;
    const last = await this.m.poolSeasons.findOne({ pool }, { number: 1 }).sort({ number: -1 }).session(this.session).lean().exec();
    return (last?.number ?? 0) + 1;
  }

  async findPlayers(pool: string, ids: string[]): Promise<RatedPlayer[]> {
    const valid = ids.filter(isObjectId).map((id) => new Types.ObjectId(id));
    if (pool !== PROFILE_POOL) {
      const [found, ratings] = await Promise.all([
        this.m.players.find({ _id: { $in: valid } }, { _id: 1 }).session(this.session).lean().exec(),
        this.m.poolRatings.find({ pool, player_id: { $in: ids } }).session(this.session).lean().exec(),
      ]);
      const byPlayer = new Map(ratings.map((r) => [r.player_id, r]));
      return found.map((doc) => {
        const id = doc._id.toHexString();
        const stored = byPlayer.get(id);
        return stored
          ? { id, state: poolStateOf(stored), season: stored.season, lastRatedAt: stored.rated_at ?? null }
          : { id, state: null, season: 0, lastRatedAt: null };
      });
    }
    const docs = await this.m.players.find({ _id: { $in: valid } }, { profile: 1 }).session(this.session).lean().exec();
    return Promise.all(
      docs.map(async (doc) => {
        const id = doc._id.toHexString();
        const last = await this.m.ratingHistory
          .findOne({ player_id: id }, { timestamp: 1 })
          .sort({ timestamp: -1 })
          .session(this.session)
          .lean()
          .exec();
        const lastRatedAt = last?.timestamp ?? null;
        const state = { rating: doc.profile.current_rating, rd: null, volatility: null, mu: null, sigma: null, gamesPlayed: doc.profile.games_played ?? 0, ratedAt: lastRatedAt };
        return { id, state, season: 1, lastRatedAt };
      }),
    );
  }

  async saveResult(result: MatchResult, isNew: boolean, change: SessionChange): Promise<void> {
    const doc = matchResultMapper.toPersistence(result);
    if (isNew) {
      await this.m.results.insertMany([doc], { session: this.session });
    } else {
      const { session_id, player_ids, created_at, ...mutable } = doc;
      await this.m.results.updateOne({ session_id }, { $set: mutable }, { session: this.session }).exec();
    }
    await this.appendSessionChange(change, result.updatedAt);
  }

  async applyRatings(pool: string, entries: RatingEntry[], sessionId: string, at: Date): Promise<void> {
    if (pool !== PROFILE_POOL) return this.applyPoolRatings(pool, entries, sessionId, at);
    for (const entry of entries) {
      const updated = await this.m.players
        .updateOne(
          // Conditional on what was read: a concurrent application for the same player makes this match nothing.
          { _id: new Types.ObjectId(entry.playerId), 'profile.games_played': entry.before?.gamesPlayed ?? 0, 'profile.current_rating': entry.oldRating },
          {
            $set: { 'profile.current_rating': entry.newRating },
            $inc: { 'profile.games_played': 1, ...tally('profile.', entry.outcome) },
          },
          { session: this.session },
        )
        .exec();
      if (updated.matchedCount !== 1) throw new StaleReadError(`player ${entry.playerId}`);
    }
    await this.m.ratingHistory.insertMany(
      entries.map((entry) => ({ ...historyOf(entry, sessionId, at) })),
      { session: this.session },
    );
  }

  private async applyPoolRatings(pool: string, entries: RatingEntry[], sessionId: string, at: Date): Promise<void> {
    for (const entry of entries) {
      const { after } = entry;
      const fields = { rating: after.rating, rd: after.rd, volatility: after.volatility, mu: after.mu, sigma: after.sigma, games_played: after.gamesPlayed, rated_at: at, season: entry.season };
      if (!entry.before) {
        // A second first game of the same player hits the unique (pool, player_id) index and is retried from the start.
        const counts = { wins: 0, losses: 0, draws: 0, ...tally('', entry.outcome) };
        await this.m.poolRatings.insertMany([{ pool, player_id: entry.playerId, ...fields, ...counts }], { session: this.session });
        continue;
      }
      const updated = await this.m.poolRatings
        .updateOne(
          { pool, player_id: entry.playerId, games_played: entry.before.gamesPlayed },
          { $set: fields, $inc: tally('', entry.outcome) },
          { session: this.session },
        )
        .exec();
      if (updated.matchedCount !== 1) throw new StaleReadError(`player ${entry.playerId} in pool ${pool}`);
    }
    await this.m.poolHistory.insertMany(
      entries.map((entry) => ({ pool, ...historyOf(entry, sessionId, at) })),
      { session: this.session },
    );
  }

  async findClosedSeason(pool: string, seasonId: string): Promise<ClosedSeason | null> {
    const doc = await this.m.poolSeasons.findOne({ pool, season_id: seasonId }).session(this.session).lean().exec();
    return doc ? toClosedSeason(doc) : null;
  }

  async closeSeason(pool: string, number: number, seasonId: string, at: Date): Promise<ClosedSeason> {
    const rated = await this.m.poolRatings.find({ pool, season: number }).sort({ rating: -1, player_id: 1 }).session(this.session).lean().exec();
    const rows = rated.map((doc) => ({ ...doc, rating: Math.round(doc.rating) }));
    let rank = 0;
    const standings = rows.map((doc, i) => {
      if (i === 0 || doc.rating !== rows[i - 1].rating) rank = i + 1;
      return { pool, season: number, rank, player_id: doc.player_id, rating: doc.rating, rd: doc.rd ?? null, volatility: doc.volatility ?? null, mu: doc.mu ?? null, sigma: doc.sigma ?? null };
    });
    if (standings.length > 0) await this.m.standings.insertMany(standings, { session: this.session });
    // The unique (pool, number) and (pool, season_id) indexes stop a second close of the same season or id.
    const season = { pool, number, season_id: seasonId, closed_at: at, players: standings.length };
    await this.m.poolSeasons.insertMany([season], { session: this.session });
    return toClosedSeason(season);
  }

  private async appendSessionChange(change: SessionChange, at: Date): Promise<void> {
    const { session, status, event, details } = change;
    const updated = await this.m.sessions
      .updateOne(
        { _id: new Types.ObjectId(session.id), history_seq: session.historySeq, closed_at: null },
        status
          ? { $set: { status, updated_at: at }, $inc: { version: 1, history_seq: 1 } }
          : { $set: { updated_at: at }, $inc: { history_seq: 1 } },
        { session: this.session },
      )
      .exec();
    if (updated.matchedCount !== 1) throw new StaleReadError(`session ${session.id}`);
    await this.m.sessionHistory.insertMany([{ session_id: session.id, seq: session.historySeq + 1, timestamp: at, event, details }], {
      session: this.session,
    });
  }
}

function historyOf(entry: RatingEntry, sessionId: string, at: Date) {
  return {
    player_id: entry.playerId,
    session_id: sessionId,
    opponent_id: entry.opponentId,
    outcome: entry.outcome,
    old_rating: entry.oldRating,
    rating: entry.newRating,
    change: entry.change,
    timestamp: at,
    seq: entry.after.gamesPlayed,
  };
}

/** The win/loss/draw counter a game's outcome increments (under `prefix`). */
function tally(prefix: string, outcome: number): Record<string, number> {
  return { [`${prefix}wins`]: outcome === 1 ? 1 : 0, [`${prefix}losses`]: outcome === 0 ? 1 : 0, [`${prefix}draws`]: outcome === 0.5 ? 1 : 0 };
}

/**
 * After a failed attempt the server may still consider the transaction open (e.g. the connection dropped during
 * commit); marking the server session dirty keeps the driver from handing the same session id to the next attempt.
 */
function discardServerSession(session: ClientSession): void {
  try {
    const server = (session as unknown as { serverSession?: { isDirty: boolean } }).serverSession;
    if (server) server.isDirty = true;
  } catch {
    // An ended session has no server session left to discard.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
