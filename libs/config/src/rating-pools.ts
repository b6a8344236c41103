/**
 * Rating pools: named ladders with one rating system each, configured in the modes file's `pools` section.
 * `{ "name": "glicko", "system": "glicko2", "tau": 0.5, ... }`; every parameter a pool leaves out takes its default.
 * The pool `default` always exists (Elo with the ELO_* / INITIAL_RATING settings) unless the file defines it itself.
 */

export const POOL_NAME = /^[a-z0-9_]{1,32}$/;
export const DEFAULT_POOL = 'default';

export interface EloPoolConfig {
  name: string;
  system: 'elo';
  initialRating: number;
  kFactor: number;
  provisionalKFactor: number;
  provisionalGames: number;
  seasonReset: number;
}

export interface Glicko2PoolConfig {
  name: string;
  system: 'glicko2';
  initialRating: number;
  initialRd: number;
  initialVolatility: number;
  tau: number;
  ratingPeriodMs: number;
  seasonReset: number;
}

export interface OpenSkillPoolConfig {
  name: string;
  system: 'openskill';
  model: 'plackett_luce' | 'bradley_terry_full' | 'bradley_terry_part' | 'thurstone_mosteller_full' | 'thurstone_mosteller_part';
  mu: number;
  sigma: number;
  beta: number;
  tau: number;
  displayOffset: number;
  displayScale: number;
  seasonReset: number;
}

export type RatingPoolConfig = EloPoolConfig | Glicko2PoolConfig | OpenSkillPoolConfig;

type Read = (raw: unknown) => { value: unknown } | { problem: string };

const num =
  (min: number, max: number, integer = false): Read =>
  (raw) =>
    typeof raw === 'number' && Number.isFinite(raw) && raw >= min && raw <= max && (!integer || Number.isInteger(raw))
      ? { value: raw }
      : { problem: `must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max} (got ${JSON.stringify(raw)})` };

const oneOf =
  (values: readonly string[]): Read =>
  (raw) =>
    typeof raw === 'string' && values.includes(raw) ? { value: raw } : { problem: `must be one of ${values.join(', ')} (got ${JSON.stringify(raw)})` };

/** File key → [config key, reader, default]; the Elo defaults are today's environment settings. */
type Spec = Record<string, [string, Read, unknown]>;

export interface EloDefaults {
  initial: number;
  kFactor: number;
  provisionalKFactor: number;
  provisionalGames: number;
}

const HOUR_MS = 3_600_000;

function specs(elo: EloDefaults): Record<RatingPoolConfig['system'], Spec> {
  return {
    elo: {
      initial_rating: ['initialRating', num(0, 5000, true), elo.initial],
      k: ['kFactor', num(1, 400, true), elo.kFactor],
      provisional_k: ['provisionalKFactor', num(1, 400, true), elo.provisionalKFactor],
      provisional_games: ['provisionalGames', num(0, 1000, true), elo.provisionalGames],
      season_reset: ['seasonReset', num(0, 1), 0.5],
    },
    glicko2: {
      initial_rating: ['initialRating', num(0, 5000), 1500],
      initial_rd: ['initialRd', num(1, 1000), 350],
      initial_volatility: ['initialVolatility', num(0.0001, 1), 0.06],
      tau: ['tau', num(0.01, 3), 0.5],
      rating_period_hours: ['ratingPeriodMs', num(0.001, 24 * 365), 24],
      season_reset: ['seasonReset', num(0, 1), 0.5],
    },
    openskill: {
      model: ['model', oneOf(['plackett_luce', 'bradley_terry_full', 'bradley_terry_part', 'thurstone_mosteller_full', 'thurstone_mosteller_part']), 'plackett_luce'],
      mu: ['mu', num(0.001, 1000), 25],
      sigma: ['sigma', num(0.001, 1000), 25 / 3],
      beta: ['beta', num(0.001, 1000), 25 / 6],
      tau: ['tau', num(0, 100), 25 / 300],
      display_offset: ['displayOffset', num(-100000, 100000), 1000],
      display_scale: ['displayScale', num(0.001, 10000), 40],
      season_reset: ['seasonReset', num(0, 1), 0.5],
    },
  };
}

/** The pool every mode uses unless it names another: today's Elo, so existing ratings keep their numbers. */
export function defaultPool(elo: EloDefaults): EloPoolConfig {
  return parsePools([{ name: DEFAULT_POOL, system: 'elo' }], 'default pool', elo).pools[0] as EloPoolConfig;
}

/**
 * Validates the `pools` section (an array, or undefined for none). Returns the pools, `default` first (added as
 * today's Elo when the file does not define it), and every problem found, prefixed with `source`.
 */
export function parsePools(raw: unknown, source: string, elo: EloDefaults): { pools: RatingPoolConfig[]; problems: string[] } {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${source}: ${what}`);
  const pools: RatingPoolConfig[] = [];
  if (raw !== undefined && !Array.isArray(raw)) fail('"pools" must be an array');
  const entries = Array.isArray(raw) ? raw : [];
  const bySystem = specs(elo);
  const seen = new Set<string>();
  entries.forEach((entry: unknown, index) => {
    const at = `pools[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return void fail(`${at} must be an object`);
    const given = entry as Record<string, unknown>;
    const name = given.name;
    const where = typeof name === 'string' ? `${at} (${name})` : at;
    if (typeof name !== 'string' || !POOL_NAME.test(name)) return void fail(`${at}.name must be 1 to 32 characters of a-z, 0-9 and _ (got ${JSON.stringify(name)})`);
    if (seen.has(name)) return void fail(`${where}: duplicate pool name`);
    seen.add(name);
    const system = given.system;
    if (typeof system !== 'string' || !(system in bySystem)) return void fail(`${where}.system must be one of elo, glicko2, openskill (got ${JSON.stringify(system)})`);
    if (name === DEFAULT_POOL && system !== 'elo') return void fail(`${where}.system must be elo: the default pool's ratings are the players' profile ratings`);
    const spec = bySystem[system as RatingPoolConfig['system']];
    const pool: Record<string, unknown> = { name, system };
    for (const key of Object.keys(given)) if (key !== 'name' && key !== 'system' && !(key in spec)) fail(`${where}: unknown ${system} parameter "${key}"`);
    for (const [key, [field, read, fallback]] of Object.entries(spec)) {
      if (given[key] === undefined) {
        pool[field] = fallback;
        continue;
      }
      const result = read(given[key]);
      if ('problem' in result) fail(`${where}.${key} ${result.problem}`);
      else pool[field] = result.value;
    }
    if (system === 'glicko2') pool.ratingPeriodMs = Math.round((pool.ratingPeriodMs as number) * HOUR_MS);
    pools.push(Object.freeze(pool) as unknown as RatingPoolConfig);
  });
  if (!seen.has(DEFAULT_POOL)) pools.unshift(defaultPool(elo));
  else pools.sort((a, b) => (a.name === DEFAULT_POOL ? -1 : b.name === DEFAULT_POOL ? 1 : 0));
  return { pools, problems };
}

/** Every mode's pool must exist. */
export function checkModePools(modePools: Record<string, string>, pools: RatingPoolConfig[], source: string): string[] {
  const names = new Set(pools.map((p) => p.name));
  return Object.entries(modePools)
    .filter(([, pool]) => !names.has(pool))
    .map(([mode, pool]) => `${source}: mode ${mode} names the unknown pool "${pool}"`);
}
