import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import DEFAULT_MODES_FILE from './match-modes.default.json';

/**
 * The matchmaking modes file (`MATCH_MODES_FILE`, else the shipped `match-modes.default.json` beside this file):
 * `{ "modes": [ { "name": ..., <one value per MODE_FIELDS entry> }, ... ] }`. An object rather than a bare list so that
 * sibling sections can join `modes` (add the key to FILE_SECTIONS and parse it in parseModesFile).
 */

/** One per-mode setting: how to read it from the file, and its value when the file leaves it out (none: required). */
interface FieldSpec<T> {
  fallback?: T;
  /** The value, or what is wrong with it (the caller prefixes where it was). */
  read(raw: unknown): { value: T } | { problem: string };
}

const int = (min: number, max: number, fallback?: number): FieldSpec<number> => ({
  fallback,
  read: (raw) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
      ? { value: raw }
      : { problem: `must be an integer between ${min} and ${max} (got ${JSON.stringify(raw)})` },
});

const num = (min: number, max: number, fallback?: number): FieldSpec<number> => ({
  fallback,
  read: (raw) =>
    typeof raw === 'number' && Number.isFinite(raw) && raw >= min && raw <= max
      ? { value: raw }
      : { problem: `must be a number between ${min} and ${max} (got ${JSON.stringify(raw)})` },
});

const oneOf = <T extends string>(values: readonly T[], fallback?: T): FieldSpec<T> => ({
  fallback,
  read: (raw) =>
    typeof raw === 'string' && (values as readonly string[]).includes(raw)
      ? { value: raw as T }
      : { problem: `must be one of ${values.join(', ')} (got ${JSON.stringify(raw)})` },
});

const bool = (fallback?: boolean): FieldSpec<boolean> => ({
  fallback,
  read: (raw) => (typeof raw === 'boolean' ? { value: raw } : { problem: `must be true or false (got ${JSON.stringify(raw)})` }),
});

const identifier = (fallback?: string): FieldSpec<string> => ({
  fallback,
  read: (raw) =>
    typeof raw === 'string' && /^[a-z0-9_]{1,32}$/.test(raw) ? { value: raw } : { problem: `must be 1 to 32 characters of a-z, 0-9 and _ (got ${JSON.stringify(raw)})` },
});

/**
 * Per-mode settings, one line each; the MatchMode type is derived from this table, so a new setting is one line here
 * (plus its documentation in docs/matchmaking.md and the default file when it has no fallback).
 */
export const MODE_FIELDS = {
  /** Teams per match (2 for NvN, 4 for a four-way free-for-all). */
  teams: int(2, 8),
  /** Players per team; a party fills seats of one team. */
  team_size: int(1, 8),
  /** Rating window (± points) at join. */
  base_window: int(0, 10000),
  /** Window growth per second waited. */
  window_growth: num(0, 10000),
  /** The window never grows past this. */
  max_window: int(0, 10000),
  /** Seconds after which an open ticket expires. */
  ticket_ttl_seconds: int(1, 86400),
  /** How a party's ticket is rated: the mean or the highest of its members' ratings. */
  party_rating: oneOf(['mean', 'max'] as const, 'mean'),
  /** Quality policy: a ticket is held this many seconds for a closer partner before any allowed gap will do. */
  min_wait_seconds: num(0, 3600, 0),
  /** Quality policy: a partner at most this far away is taken at once, held or not. */
  instant_gap: num(0, 10000, 0),
  /** Ready-check: a found match waits this many seconds for every player's accept before its session is created (0: off). */
  accept_timeout_seconds: int(0, 600, 0),
  /** The rating pool the mode's sessions rate in and its matchmaking reads (a name from the file's `pools`). */
  pool: identifier('default'),
  /**
   * Whether results of sessions players created themselves (origin `player`) change ratings. Off by default: two
   * accounts of one person could otherwise trade wins with no game server involved.
   */
  player_sessions_rated: bool(false),
};

type FieldValue<F> = F extends FieldSpec<infer T> ? T : never;

export type MatchMode = { readonly name: string } & { readonly [K in keyof typeof MODE_FIELDS]: FieldValue<(typeof MODE_FIELDS)[K]> };

/** Rules across the fields of one mode; each returns what is wrong, or null. */
export const MODE_CHECKS: ((mode: MatchMode) => string | null)[] = [
  (m) => (m.max_window >= m.base_window ? null : `max_window (${m.max_window}) must be >= base_window (${m.base_window})`),
];

/** Top-level keys the file may hold. */
const FILE_SECTIONS = ['modes', 'pools'] as const;

export const MODE_NAME = /^[a-z0-9_]{1,32}$/;

export interface MatchModesFile {
  modes: MatchMode[];
  /** The `pools` section as written (validated by parsePools in rating-pools.ts); undefined when absent. */
  pools?: unknown;
}

/** Validates a parsed modes file; every problem is reported, prefixed with `source`. */
export function parseModesFile(raw: unknown, source: string): { file: MatchModesFile; problems: string[] } {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${source}: ${what}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail('must be a JSON object { "modes": [ ... ] }');
    return { file: { modes: [] }, problems };
  }
  const top = raw as Record<string, unknown>;
  for (const key of Object.keys(top)) if (!(FILE_SECTIONS as readonly string[]).includes(key)) fail(`unknown key "${key}"`);
  const pools = top.pools;
  if (!Array.isArray(top.modes) || top.modes.length === 0) {
    fail('"modes" must be a non-empty array');
    return { file: { modes: [] }, problems };
  }

  const modes: MatchMode[] = [];
  const seen = new Set<string>();
  top.modes.forEach((entry: unknown, index) => {
    const at = `modes[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return void fail(`${at} must be an object`);
    const given = entry as Record<string, unknown>;
    const name = given.name;
    const where = typeof name === 'string' && MODE_NAME.test(name) ? `${at} (${name})` : at;
    if (typeof name !== 'string' || !MODE_NAME.test(name)) fail(`${at}.name must be 1 to 32 characters of a-z, 0-9 and _ (got ${JSON.stringify(name)})`);
    else if (seen.has(name)) fail(`${where}: duplicate mode name`);
    else seen.add(name);
    for (const key of Object.keys(given)) if (key !== 'name' && !(key in MODE_FIELDS)) fail(`${where}: unknown setting "${key}"`);

    const mode: Record<string, unknown> = { name };
    let complete = true;
    for (const [key, spec] of Object.entries(MODE_FIELDS) as [string, FieldSpec<unknown>][]) {
      if (given[key] === undefined) {
        if (spec.fallback === undefined) {
          fail(`${where}.${key} is required`);
          complete = false;
        } else mode[key] = spec.fallback;
        continue;
      }
      const read = spec.read(given[key]);
      if ('problem' in read) {
        fail(`${where}.${key} ${read.problem}`);
        complete = false;
      } else mode[key] = read.value;
    }
    if (!complete) return;
    for (const check of MODE_CHECKS) {
      const problem = check(mode as MatchMode);
      if (problem) fail(`${where}: ${problem}`);
    }
    modes.push(Object.freeze(mode as MatchMode));
  });
  return { file: { modes, pools }, problems };
}

/** Environment overrides kept from before the modes file: when set, they apply to every mode. */
export interface ModeOverrides {
  base_window?: number;
  window_growth?: number;
  max_window?: number;
  ticket_ttl_seconds?: number;
  /** QUEUE_MODES: which modes are open and in which order (the first is the default). */
  names?: string[];
}

/** The environment variable behind each override, for messages. */
export const OVERRIDE_VARIABLES = {
  base_window: 'MATCH_BASE_WINDOW',
  window_growth: 'MATCH_WINDOW_GROWTH',
  max_window: 'MATCH_MAX_WINDOW',
  ticket_ttl_seconds: 'QUEUE_TICKET_TTL',
} as const;

/** A mode named in QUEUE_MODES but absent from the file is a 1v1 mode with these settings (today's defaults). */
const LEGACY_1V1 = {
  teams: 2,
  team_size: 1,
  base_window: 100,
  window_growth: 20,
  max_window: 400,
  ticket_ttl_seconds: 600,
  party_rating: 'mean',
  min_wait_seconds: 0,
  instant_gap: 0,
  accept_timeout_seconds: 0,
  pool: 'default',
  player_sessions_rated: false,
} as const;

/**
 * Reads and validates the modes file, then applies the environment overrides. Returns the modes (the first is the
 * default), where they came from, and every problem found.
 */
export function loadMatchModes(
  filePath: string | null,
  overrides: ModeOverrides,
): {
  modes: MatchMode[];
  source: string;
  problems: string[];
  pools?: unknown;
  modePools: Record<string, string>;
  playerSessionsRated: string[];
} {
  let raw: unknown = DEFAULT_MODES_FILE;
  let source = 'default modes file (libs/config/src/match-modes.default.json)';
  if (filePath !== null) {
    source = `MATCH_MODES_FILE ${resolve(filePath)}`;
    try {
      raw = JSON.parse(readFileSync(filePath, 'utf8'));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
      return { modes: [], source, problems: [`${source}: cannot be read as JSON (${reason})`], modePools: {}, playerSessionsRated: [] };
    }
  }
  const { file, problems } = parseModesFile(raw, source);
  // Every mode of the file rates in its pool, open in the queue or not (sessions may be created in any mode).
  const modePools = Object.fromEntries(file.modes.map((m) => [m.name, m.pool]));
  const playerSessionsRated = file.modes.filter((m) => m.player_sessions_rated).map((m) => m.name);

  const { names, ...settings } = overrides;
  let modes = file.modes;
  if (names) {
    const byName = new Map(modes.map((m) => [m.name, m]));
    modes = names.map((name) => byName.get(name) ?? Object.freeze({ name, ...LEGACY_1V1 }));
  }
  const set = Object.entries(settings).filter(([, v]) => v !== undefined);
  if (set.length > 0) {
    modes = modes.map((m) => Object.freeze({ ...m, ...Object.fromEntries(set) }) as MatchMode);
    for (const mode of modes) {
      for (const check of MODE_CHECKS) {
        const problem = check(mode);
        if (problem) problems.push(`mode ${mode.name} with the overrides ${set.map(([k]) => OVERRIDE_VARIABLES[k as keyof typeof OVERRIDE_VARIABLES]).join(', ')}: ${problem}`);
      }
    }
  }
  return { modes, source, problems, pools: file.pools, modePools, playerSessionsRated };
}
