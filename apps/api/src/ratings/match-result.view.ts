import { MatchResult, RatingChange } from './match-result.model';

export interface MatchResultChangeView {
  player_id: string;
  team: number;
  old_rating: number;
  new_rating: number;
  change: number;
}

export interface MatchResultView {
  session_id: string;
  status: 'applied' | 'pending';
  /** False: the session may not change ratings; the result is recorded and `changes` stays empty. */
  rated: boolean;
  changes: MatchResultChangeView[];
}

export function changeToJson(c: RatingChange): MatchResultChangeView {
  return { player_id: c.playerId, team: c.team, old_rating: c.oldRating, new_rating: c.newRating, change: c.change };
}

export function toView(result: MatchResult): MatchResultView {
  return {
    session_id: result.sessionId,
    status: result.status === 'applied' ? 'applied' : 'pending',
    rated: result.rated,
    changes: result.status === 'applied' ? result.changes.map(changeToJson) : [],
  };
}
