import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './config.loader';
import { loadMatchModes, parseModesFile } from './match-modes';

const dir = mkdtempSync(join(tmpdir(), 'gsm-modes-'));
let files = 0;
function modesFile(content: unknown): string {
  const path = join(dir, `modes-${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const mode = (over: Record<string, unknown> = {}) => ({
  name: 'duo',
  teams: 2,
  team_size: 2,
  base_window: 50,
  window_growth: 10,
  max_window: 300,
  ticket_ttl_seconds: 120,
  party_rating: 'max',
  min_wait_seconds: 0,
  instant_gap: 0,
  accept_timeout_seconds: 0,
  pool: 'default',
  player_sessions_rated: false,
  ...over,
});

describe('modes file', () => {
  it('ships a default file with the documented modes, 1v1 first with the windows of before', () => {
    const config = loadConfig({});
    expect(config.matchmaker.modes.map((m) => m.name)).toEqual(['ranked_1v1', 'casual_1v1', 'ranked_2v2', 'ranked_5v5', 'ffa_4', 'quality_1v1', 'glicko_1v1', 'openskill_2v2']);
    expect(config.matchmaker.modes[0]).toEqual({
      name: 'ranked_1v1',
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
    });
    expect(config.matchmaker.modes.find((m) => m.name === 'ffa_4')).toMatchObject({ teams: 4, team_size: 1 });
    expect(config.matchmaker.modes.find((m) => m.name === 'quality_1v1')).toMatchObject({ teams: 2, team_size: 1, min_wait_seconds: 5, instant_gap: 10 });
    expect(config.matchmaker.modes.find((m) => m.name === 'ranked_5v5')).toMatchObject({ teams: 2, team_size: 5 });
  });

  it('reads MATCH_MODES_FILE, filling optional settings', () => {
    const { party_rating: _omitted, min_wait_seconds: _wait, instant_gap: _gap, accept_timeout_seconds: _accept, player_sessions_rated: _rated, ...withoutPartyRating } = mode();
    const config = loadConfig({ MATCH_MODES_FILE: modesFile({ modes: [withoutPartyRating, mode({ name: 'ffa_8', teams: 8, team_size: 1 })] }) });
    expect(config.matchmaker.modes).toEqual([mode({ party_rating: 'mean' }), mode({ name: 'ffa_8', teams: 8, team_size: 1 })]);
    expect(config.matchmaker.modesSource).toContain('MATCH_MODES_FILE');
  });

  it('names every problem of an invalid file in one config error', () => {
    const path = modesFile({
      modes: [
        mode({ name: 'Bad Name', teams: 1 }),
        mode({ team_size: 9, party_rating: 'median', teamsize: 2, min_wait_seconds: -1, instant_gap: 'near' }),
        mode({ name: 'duo', base_window: 500, max_window: 100 }),
        { name: 'partial' },
      ],
      extra: true,
    });
    try {
      loadConfig({ MATCH_MODES_FILE: path, PORT: 'eighty' });
      throw new Error('expected a ConfigValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const problems = (error as ConfigValidationError).problems;
      const text = problems.join('\n');
      expect(text).toContain('PORT');
      expect(text).toContain(path);
      for (const expected of [
        'unknown key "extra"',
        'modes[0].name must be 1 to 32 characters',
        'modes[0].teams must be an integer between 2 and 8 (got 1)',
        'modes[1] (duo).team_size must be an integer between 1 and 8 (got 9)',
        'modes[1] (duo).party_rating must be one of mean, max (got "median")',
        'modes[1] (duo): unknown setting "teamsize"',
        'modes[1] (duo).min_wait_seconds must be a number between 0 and 3600 (got -1)',
        'modes[1] (duo).instant_gap must be a number between 0 and 10000 (got "near")',
        'modes[2] (duo): duplicate mode name',
        'max_window (100) must be >= base_window (500)',
        'modes[3] (partial).teams is required',
        'modes[3] (partial).ticket_ttl_seconds is required',
      ]) {
        expect(text).toContain(expected);
      }
    }
  });

  it('reports a missing or malformed file', () => {
    expect(() => loadConfig({ MATCH_MODES_FILE: join(dir, 'nope.json') })).toThrow(/MATCH_MODES_FILE .*nope\.json: cannot be read as JSON \(file not found\)/);
    expect(() => loadConfig({ MATCH_MODES_FILE: modesFile('{ "modes": [') })).toThrow(/cannot be read as JSON/);
    expect(() => loadConfig({ MATCH_MODES_FILE: modesFile([mode()]) })).toThrow(/must be a JSON object/);
    expect(() => loadConfig({ MATCH_MODES_FILE: modesFile({ modes: [] }) })).toThrow(/"modes" must be a non-empty array/);
  });

  it('keeps MATCH_* and QUEUE_TICKET_TTL as overrides of every mode, checked together', () => {
    const config = loadConfig({ MATCH_WINDOW_GROWTH: '200', QUEUE_TICKET_TTL: '5' });
    for (const m of config.matchmaker.modes) expect(m).toMatchObject({ window_growth: 200, ticket_ttl_seconds: 5 });
    expect(config.matchmaker.modes[3]).toMatchObject({ name: 'ranked_5v5', base_window: 150 });
    expect(() => loadConfig({ MATCH_MAX_WINDOW: '120' })).toThrow(/mode ranked_5v5 with the overrides MATCH_MAX_WINDOW: max_window \(120\) must be >= base_window \(150\)/);
  });

  it('keeps QUEUE_MODES as the list of open modes (first is the default); unknown names are 1v1 modes', () => {
    const config = loadConfig({ QUEUE_MODES: 'ranked_2v2,tournament' });
    expect(config.matchmaker.modes.map((m) => m.name)).toEqual(['ranked_2v2', 'tournament']);
    expect(config.matchmaker.modes[1]).toMatchObject({ teams: 2, team_size: 1, base_window: 100, window_growth: 20, max_window: 400 });
  });

  it('is validated from a table: parseModesFile reports per mode and per field', () => {
    const { file, problems } = parseModesFile({ modes: [mode(), mode({ name: 'x', window_growth: -1 })] }, 'test');
    expect(file.modes.map((m) => m.name)).toEqual(['duo']);
    expect(problems).toEqual(['test: modes[1] (x).window_growth must be a number between 0 and 10000 (got -1)']);
    expect(loadMatchModes(null, {}).problems).toEqual([]);
  });

  it('rates player-created sessions only in modes that set player_sessions_rated (off by default and for unknown modes)', () => {
    const config = loadConfig({ MATCH_MODES_FILE: modesFile({ modes: [mode(), mode({ name: 'scrim', player_sessions_rated: true })] }) });
    expect(config.matchmaker.modes.map((m) => m.player_sessions_rated)).toEqual([false, true]);
    expect(config.rating.playerSessionsRated).toEqual(['scrim']);
    expect(loadConfig({}).rating.playerSessionsRated).toEqual([]);
    const { problems } = parseModesFile({ modes: [mode({ player_sessions_rated: 'yes' })] }, 'test');
    expect(problems).toEqual(['test: modes[0] (duo).player_sessions_rated must be true or false (got "yes")']);
  });
});

describe('rating pools in the modes file', () => {
  it('ships the glicko and openskill pools beside default, used by glicko_1v1 and openskill_2v2', () => {
    const config = loadConfig({});
    expect(config.rating.pools.map((p) => [p.name, p.system])).toEqual([
      ['default', 'elo'],
      ['glicko', 'glicko2'],
      ['openskill', 'openskill'],
    ]);
    expect(config.rating.pools[0]).toMatchObject({ kFactor: 32, initialRating: 1200 });
    expect(config.rating.modePools).toMatchObject({ ranked_1v1: 'default', glicko_1v1: 'glicko', openskill_2v2: 'openskill' });
  });

  it('stops start-up with one clear message for invalid pools or a mode naming an unknown pool', () => {
    const file = modesFile({ modes: [mode({ pool: 'ghost' })], pools: [{ name: 'glicko', system: 'glicko2', tau: 9 }] });
    expect(() => loadConfig({ MATCH_MODES_FILE: file })).toThrow(ConfigValidationError);
    try {
      loadConfig({ MATCH_MODES_FILE: file });
    } catch (error) {
      const { problems } = error as ConfigValidationError;
      expect(problems).toEqual([
        expect.stringMatching(/pools\[0\] \(glicko\)\.tau must be a number between 0\.01 and 3 \(got 9\)$/),
        expect.stringMatching(/mode duo names the unknown pool "ghost"$/),
      ]);
    }
  });
});
