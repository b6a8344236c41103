import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isObjectId } from '@libs/common';
import { MODELS, PlayerDocument } from '@libs/database';
import { Player, PlayerCredentials } from '../player.model';
import { NewPlayer, PlayerRepository, UsernameTakenError } from '../player.repository';
import { playerMapper } from './player.mapper';

const DUPLICATE_KEY = 11000;

@Injectable()
export class MongoPlayerRepository extends PlayerRepository {
  constructor(@InjectModel(MODELS.player) private readonly players: Model<PlayerDocument>) {
    super();
  }

  async create(input: NewPlayer): Promise<Player> {
    try {
      const doc = await this.players.create({
        username: input.username,
        username_lower: input.username.toLowerCase(),
        auth_data: { password_hash: input.passwordHash, last_login: null },
        profile: { created_at: input.createdAt, games_played: 0, current_rating: input.rating, wins: 0, losses: 0, draws: 0, abandoned: 0 },
      });
      return playerMapper.toDomain(doc.toObject());
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) throw new UsernameTakenError(input.username);
      throw error;
    }
  }

  async findById(id: string): Promise<Player | null> {
    if (!isObjectId(id)) return null;
    const doc = await this.players.findById(id).lean().exec();
    return doc ? playerMapper.toDomain(doc) : null;
  }

  async findByIds(ids: string[]): Promise<Player[]> {
    const valid = ids.filter(isObjectId).map((id) => new Types.ObjectId(id));
    if (valid.length === 0) return [];
    const docs = await this.players.find({ _id: { $in: valid } }).lean().exec();
    return docs.map((doc) => playerMapper.toDomain(doc));
  }

  async findCredentials(username: string): Promise<PlayerCredentials | null> {
    // `username` is a validated string; it is never an operator object.
    const doc = await this.players.findOne({ username_lower: String(username).toLowerCase() }).lean().exec();
    return doc ? { id: doc._id.toHexString(), username: doc.username, passwordHash: doc.auth_data.password_hash } : null;
  }

  async recordLogin(id: string, at: Date): Promise<void> {
    await this.players.updateOne({ _id: new Types.ObjectId(id) }, { $set: { 'auth_data.last_login': at } }).exec();
  }

  async incrementAbandoned(ids: string[]): Promise<void> {
    const valid = ids.filter(isObjectId).map((id) => new Types.ObjectId(id));
    if (valid.length === 0) return;
    await this.players.updateMany({ _id: { $in: valid } }, { $inc: { 'profile.abandoned': 1 } }).exec();
  }
}
