import { isObjectId } from '@libs/common';
import { InvalidSessionInputError, SessionStateTooLargeError } from './session.errors';

export const MIN_PLAYERS = 2;
export const MAX_PLAYERS = 16;
export const DEFAULT_MODE = 'ranked_1v1';
export const MODE_PATTERN = /^[a-z0-9_]{1,32}$/;
const MAX_STATE_DEPTH = 32;

/** 2..16 well-formed, distinct player ids, normalised to lower case. */
export function validatePlayerIds(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new InvalidSessionInputError('player_ids must be an array', 'INVALID_PLAYER_IDS');
  if (raw.length < MIN_PLAYERS || raw.length > MAX_PLAYERS) {
    throw new InvalidSessionInputError(
      `player_ids must hold ${MIN_PLAYERS} to ${MAX_PLAYERS} players (got ${raw.length})`,
      'INVALID_PLAYER_COUNT',
    );
  }
  const bad = raw.filter((id) => !isObjectId(id));
  if (bad.length > 0) {
    throw new InvalidSessionInputError('each of player_ids must be a 24-character hexadecimal string', 'INVALID_PLAYER_IDS');
  }
  const ids = (raw as string[]).map((id) => id.toLowerCase());
  const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (duplicates.length > 0) {
    throw new InvalidSessionInputError(`player_ids contains duplicates: ${duplicates.join(', ')}`, 'DUPLICATE_PLAYERS');
  }
  return ids;
}

export const MAX_TEAMS = 16;

/**
 * The session's teams: `teams` (arrays of player ids, at least two non-empty teams) or, as before, `player_ids` (one
 * player per team). Exactly one of the two; the players of all teams together follow the player_ids rules.
 */
export function validateTeams(input: { player_ids?: unknown; teams?: unknown }): string[][] {
  if (input.teams === undefined) return validatePlayerIds(input.player_ids).map((id) => [id]);
  if (input.player_ids !== undefined) throw new InvalidSessionInputError('give either player_ids or teams, not both', 'INVALID_TEAMS');
  const raw = input.teams;
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > MAX_TEAMS || raw.some((t) => !Array.isArray(t) || t.length === 0)) {
    throw new InvalidSessionInputError(`teams must be an array of 2 to ${MAX_TEAMS} non-empty arrays of player ids`, 'INVALID_TEAMS');
  }
  const ids = validatePlayerIds((raw as unknown[][]).flat());
  const teams: string[][] = [];
  let at = 0;
  for (const team of raw as unknown[][]) {
    teams.push(ids.slice(at, at + team.length));
    at += team.length;
  }
  return teams;
}

export function validateMode(raw: unknown): string {
  if (raw === undefined) return DEFAULT_MODE;
  if (typeof raw !== 'string' || !MODE_PATTERN.test(raw)) {
    throw new InvalidSessionInputError('mode must be 1 to 32 characters of a-z, 0-9 and _', 'INVALID_MODE');
  }
  return raw;
}

/**
 * The game-defined state: a JSON object of at most `maxBytes` serialized. Keys must be storable in MongoDB
 * (no leading `$`, no `.`), checked here so a bad key is a 400, not a database error.
 */
export function validateState(raw: unknown, maxBytes: number): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidSessionInputError('state must be a JSON object', 'INVALID_STATE');
  }
  const bytes = Buffer.byteLength(JSON.stringify(raw), 'utf8');
  if (bytes > maxBytes) throw new SessionStateTooLargeError(bytes, maxBytes);
  checkKeys(raw, 0);
  return raw as Record<string, unknown>;
}

function checkKeys(value: unknown, depth: number): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_STATE_DEPTH) throw new InvalidSessionInputError(`state nests deeper than ${MAX_STATE_DEPTH} levels`, 'INVALID_STATE');
  if (Array.isArray(value)) {
    for (const item of value) checkKeys(item, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.')) {
      throw new InvalidSessionInputError(`state keys must not start with "$" or contain "." (got "${key}")`, 'INVALID_STATE');
    }
    checkKeys(item, depth + 1);
  }
}
