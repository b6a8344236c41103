export interface PlayerStats {
  rating: number;
  gamesPlayed: number;
  wins: number;
  losses: number;
  draws: number;
  abandoned: number;
}

export interface Player {
  id: string;
  username: string;
  createdAt: Date;
  lastLogin: Date | null;
  stats: PlayerStats;
}

export interface PlayerCredentials {
  id: string;
  username: string;
  passwordHash: string;
}

/** Share of games won, 0..1 with four decimals; 0 before the first game. */
export function winRate(stats: Pick<PlayerStats, 'wins' | 'gamesPlayed'>): number {
  if (stats.gamesPlayed <= 0) return 0;
  return Math.round((stats.wins / stats.gamesPlayed) * 10000) / 10000;
}
