import { getModelToken } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { MODELS, PlayerDocument } from '@libs/database';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { PlayerRepository } from '../../apps/api/src/players/player.repository';
import { PlayerStatsCache } from '../../apps/api/src/players/player-stats.cache';
import type { TestApp } from '../harness/test-app';

export interface TestPlayer {
  id: string;
  username: string;
  password: string;
  token: string;
  auth: { Authorization: string };
}

export function uniqueName(prefix = 'p'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Registers a player through the API and mints an access token for it (login is tested in auth.e2e-spec). */
export async function createPlayer(t: TestApp, options: { rating?: number; username?: string } = {}): Promise<TestPlayer> {
  const username = options.username ?? uniqueName();
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await t.http.post('/api/v1/auth/register').send({ username, password }).expect(201);
  const id = res.body.player_id as string;
  if (options.rating !== undefined) await setRating(t, id, options.rating);
  const { token } = await t.app.get(TokenService).signAccessToken(id);
  return { id, username, password, token, auth: { Authorization: `Bearer ${token}` } };
}

/** Sets a player's rating in MongoDB and its Redis mirror (test set-up for rating-dependent scenarios). */
export async function setRating(t: TestApp, playerId: string, rating: number): Promise<void> {
  const model = t.app.get<Model<PlayerDocument>>(getModelToken(MODELS.player));
  await model.updateOne({ _id: new Types.ObjectId(playerId) }, { $set: { 'profile.current_rating': rating } }).exec();
  const player = await t.app.get(PlayerRepository).findById(playerId);
  await t.app.get(PlayerStatsCache).write(playerId, player!.stats);
}

export const serverAuth = (t: TestApp) => ({ 'X-Server-Key': t.config.gameServerKey! });
