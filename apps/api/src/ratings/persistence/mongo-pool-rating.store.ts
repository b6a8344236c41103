import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MODELS } from '@libs/database';
import type { Outcome } from '../domain';
import type { RatingHistoryItem } from '../match-result.store';
import { ClosedSeason, PoolRatingStore, SeasonStanding, StoredPoolRating } from '../pool-rating.store';
import { poolStateOf, toClosedSeason } from './pool-rating.mapper';
import { PoolRatingDocument, PoolRatingHistoryDocument, PoolSeasonDocument, SeasonStandingDocument } from './pool-rating.schema';

type Stored<T> = T & { _id: Types.ObjectId };

@Injectable()
export class MongoPoolRatingStore extends PoolRatingStore {
  constructor(
    @InjectModel(MODELS.poolRating) private readonly ratings: Model<PoolRatingDocument>,
    @InjectModel(MODELS.poolRatingHistory) private readonly history: Model<PoolRatingHistoryDocument>,
    @InjectModel(MODELS.poolSeason) private readonly seasons: Model<PoolSeasonDocument>,
    @InjectModel(MODELS.seasonStanding) private readonly standingRows: Model<SeasonStandingDocument>,
  ) {
    super();
  }

  async find(pool: string, playerId: string): Promise<StoredPoolRating | null> {
    const doc = await this.ratings.findOne({ pool, player_id: playerId }).lean().exec();
    return doc ? toStored(doc) : null;
  }

  async findMany(pool: string, playerIds: string[]): Promise<StoredPoolRating[]> {
    const docs = await this.ratings.find({ pool, player_id: { $in: playerIds } }).lean().exec();
    return docs.map(toStored);
  }

  async findByPlayer(playerId: string, pools: readonly string[]): Promise<StoredPoolRating[]> {
    // Naming the pools lets the (pool, player_id) index answer: one point read per pool, no scan.
    const docs = await this.ratings.find({ pool: { $in: pools }, player_id: playerId }).sort({ pool: 1 }).lean().exec();
    return docs.map(toStored);
  }

  async top(pool: string, season: number, limit: number): Promise<StoredPoolRating[]> {
    const docs = await this.ratings.find({ pool, season }).sort({ rating: -1, player_id: 1 }).limit(limit).lean().exec();
    return docs.map(toStored);
  }

  async playersOfSeason(pool: string, season: number, after: string | null, limit: number): Promise<string[]> {
    const filter = after === null ? { pool, season } : { pool, season, player_id: { $gt: after } };
    const docs = await this.ratings.find(filter, { player_id: 1 }).sort({ player_id: 1 }).limit(limit).lean().exec();
    return docs.map((d) => d.player_id);
  }

  countInSeason(pool: string, season: number): Promise<number> {
    return this.ratings.countDocuments({ pool, season }).exec();
  }

  countAbove(pool: string, season: number, rating: number): Promise<number> {
    return this.ratings.countDocuments({ pool, season, rating: { $gt: rating } }).exec();
  }

  async currentSeason(pool: string): Promise<number> {
    const last = await this.seasons.findOne({ pool }, { number: 1 }).sort({ number: -1 }).lean().exec();
    return (last?.number ?? 0) + 1;
  }

  async findSeason(pool: string, number: number): Promise<ClosedSeason | null> {
    const doc = await this.seasons.findOne({ pool, number }).lean().exec();
    return doc ? toClosedSeason(doc) : null;
  }

  async standings(pool: string, season: number, limit: number): Promise<SeasonStanding[]> {
    const docs = await this.standingRows.find({ pool, season }).sort({ rank: 1, player_id: 1 }).limit(limit).lean().exec();
    return docs.map((d) => ({ rank: d.rank, playerId: d.player_id, rating: d.rating, rd: d.rd ?? null, volatility: d.volatility ?? null, mu: d.mu ?? null, sigma: d.sigma ?? null }));
  }

  async findHistory(pool: string, playerId: string, limit: number, before?: Date): Promise<RatingHistoryItem[]> {
    const filter = before ? { pool, player_id: playerId, timestamp: { $lt: before } } : { pool, player_id: playerId };
    const docs = await this.history.find(filter).sort({ timestamp: -1 }).limit(limit).lean().exec();
    return docs.map((d) => ({
      timestamp: d.timestamp,
      rating: d.rating,
      change: d.change,
      sessionId: d.session_id,
      opponentId: d.opponent_id,
      outcome: d.outcome as Outcome,
      seq: d.seq,
    }));
  }
}

function toStored(doc: Stored<PoolRatingDocument>): StoredPoolRating {
  return { pool: doc.pool, playerId: doc.player_id, state: poolStateOf(doc), season: doc.season, wins: doc.wins ?? 0 };
}
