import { ConflictError } from '@libs/common';
import { Player, PlayerCredentials } from './player.model';

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super(`Username "${username}" is already taken`, 'USERNAME_TAKEN');
  }
}

export interface NewPlayer {
  username: string;
  passwordHash: string;
  rating: number;
  createdAt: Date;
}

/** Port for durable player data; bound to the Mongo adapter in PlayersModule. */
export abstract class PlayerRepository {
  /** @throws UsernameTakenError when the name is taken, case-insensitively. */
  abstract create(input: NewPlayer): Promise<Player>;
  abstract findById(id: string): Promise<Player | null>;
  /** Players found among `ids`, in no particular order; unknown ids are simply absent. */
  abstract findByIds(ids: string[]): Promise<Player[]>;
  abstract findCredentials(username: string): Promise<PlayerCredentials | null>;
  abstract recordLogin(id: string, at: Date): Promise<void>;
  /** Adds 1 to `profile.abandoned` of each player (a session they were in ended abandoned). */
  abstract incrementAbandoned(ids: string[]): Promise<void>;
}
