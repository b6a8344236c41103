/** Mongoose model names, shared by every feature that registers a model with `MongooseModule.forFeature`. */
export const MODELS = {
  player: 'Player',
  session: 'Session',
  sessionHistory: 'SessionHistory',
  ratingHistory: 'RatingHistory',
  matchResult: 'MatchResult',
  poolRating: 'PoolRating',
  poolRatingHistory: 'PoolRatingHistory',
  poolSeason: 'PoolSeason',
  seasonStanding: 'SeasonStanding',
} as const;
