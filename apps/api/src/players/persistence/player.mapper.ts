import { PlayerDocument } from '@libs/database';
import { Types } from 'mongoose';
import { Player } from '../player.model';

type StoredPlayer = PlayerDocument & { _id: Types.ObjectId };

export const playerMapper = {
  toDomain(doc: StoredPlayer): Player {
    return {
      id: doc._id.toHexString(),
      username: doc.username,
      createdAt: doc.profile.created_at,
      lastLogin: doc.auth_data.last_login ?? null,
      stats: {
        rating: doc.profile.current_rating,
        gamesPlayed: doc.profile.games_played ?? 0,
        wins: doc.profile.wins ?? 0,
        losses: doc.profile.losses ?? 0,
        draws: doc.profile.draws ?? 0,
        abandoned: doc.profile.abandoned ?? 0,
      },
    };
  },
};
