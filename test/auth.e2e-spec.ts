import { getModelToken } from '@nestjs/mongoose';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { MODELS, PlayerDocument, RatingHistoryDocument, SessionDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { PasswordHasher } from '../apps/api/src/auth/password-hasher';
import { TokenService } from '../apps/api/src/auth/token.service';
import { PlayerRepository } from '../apps/api/src/players/player.repository';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer, uniqueName } from './support/players';

const MAX_FAILURES = 3;
const MAX_CLIENT_FAILURES = 5;
const WINDOW_SECONDS = 600;
const SAME_MESSAGE = 'Invalid username or password';

describe('auth', () => {
  let t: TestApp;
  let redis: RedisClient;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_MAX_FAILURES: String(MAX_FAILURES),
        LOGIN_MAX_FAILURES_PER_CLIENT: String(MAX_CLIENT_FAILURES),
        LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
        // Each test logs in from its own address (X-Forwarded-For set by the one trusted hop, the test client), so
        // per-client counters never leak between tests.
        TRUST_PROXY: '1',
      },
    });
    redis = t.app.get<RedisClient>(REDIS);
  });

  afterAll(() => t.close());

  /** A fresh client address per call unless one is given. */
  const newIp = () => `10.${randomBytes(3).join('.')}`;
  const login = (username: string, password: string, ip = newIp()) =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ username, password });
  const refresh = (refreshToken: unknown) => t.http.post('/api/v1/auth/refresh').send({ refresh_token: refreshToken });
  const profile = (accessToken: string) => t.http.get('/api/v1/auth/profile').set('Authorization', `Bearer ${accessToken}`);
  const logout = (accessToken: string) => t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${accessToken}`);

  async function loggedIn(player?: TestPlayer): Promise<{ player: TestPlayer; access: string; refreshToken: string }> {
    const p = player ?? (await createPlayer(t));
    const res = await login(p.username, p.password).expect(200);
    return { player: p, access: res.body.access_token, refreshToken: res.body.refresh_token };
  }

  describe('POST /api/v1/auth/register', () => {
    it('returns 201 with the player and writes the stats mirror to Redis', async () => {
      const username = uniqueName('Reg');
      const res = await t.http.post('/api/v1/auth/register').send({ username, password: 'long-enough-pw' }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(['created_at', 'player_id', 'rating', 'username']);
      expect(res.body).toMatchObject({ username, rating: t.config.rating.initial });
      expect(Types.ObjectId.isValid(res.body.player_id)).toBe(true);
      expect(Math.abs(Date.parse(res.body.created_at) - Date.now())).toBeLessThan(10000);
      expect(await redis.hgetall(keys.playerStats(res.body.player_id))).toMatchObject({ current_rating: '1200', games_played: '0', win_rate: '0' });
      const stored = await t.app.get<Model<PlayerDocument>>(getModelToken(MODELS.player)).findById(res.body.player_id).lean();
      expect(stored!.auth_data.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('returns 409 when the username is taken in any letter case', async () => {
      const username = uniqueName('Dup');
      await t.http.post('/api/v1/auth/register').send({ username, password: 'long-enough-pw' }).expect(201);
      const res = await t.http.post('/api/v1/auth/register').send({ username: username.toUpperCase(), password: 'other-password' }).expect(409);
      expect(res.body.message).toContain('already taken');
    });

    it('answers 409 for a taken name without hashing the password', async () => {
      const username = uniqueName('Taken');
      await t.http.post('/api/v1/auth/register').send({ username, password: 'long-enough-pw' }).expect(201);
      const hash = jest.spyOn(t.app.get(PasswordHasher), 'hash');
      try {
        await t.http.post('/api/v1/auth/register').send({ username: username.toLowerCase(), password: 'long-enough-pw' }).expect(409);
        expect(hash).not.toHaveBeenCalled();
      } finally {
        hash.mockRestore();
      }
    });

    it('returns 400 for bad usernames, bad passwords, wrong types and unknown fields', async () => {
      const bodies = [
        { username: 'ab', password: 'long-enough-pw' },
        { username: 'x'.repeat(33), password: 'long-enough-pw' },
        { username: 'bad name!', password: 'long-enough-pw' },
        { username: uniqueName(), password: 'short' },
        { username: uniqueName(), password: 'p'.repeat(129) },
        { username: { $gt: '' }, password: 'long-enough-pw' },
        { username: uniqueName(), password: 12345678 },
        { username: uniqueName(), password: 'long-enough-pw', role: 'admin' },
        { username: uniqueName() },
      ];
      for (const body of bodies) {
        const res = await t.http.post('/api/v1/auth/register').send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });
  });

  describe('POST /api/v1/auth/login', () => {
    it('returns 200 with a token pair that opens the profile, for the username in any case, and records last_login', async () => {
      const player = await createPlayer(t);
      const before = Date.now();
      const res = await login(player.username.toUpperCase(), player.password).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'player_id', 'refresh_token', 'token_type']);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: t.config.jwt.accessTtlSeconds, player_id: player.id });
      expect(res.body.refresh_token).not.toBe(res.body.access_token);

      const me = await profile(res.body.access_token).expect(200);
      expect(me.body.player_id).toBe(player.id);
      expect(Date.parse(me.body.last_login)).toBeGreaterThanOrEqual(before - 1000);
      const line = await t.logs.waitFor((l) => l.event === 'login_succeeded' && l.player_id === player.id);
      expect(line.service).toBe('auth');
    });

    it('answers with Cache-Control: no-store, like refresh', async () => {
      const { refreshToken } = await loggedIn();
      const player = await createPlayer(t);
      const res = await login(player.username, player.password).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect((await refresh(refreshToken).expect(200)).headers['cache-control']).toBe('no-store');
    });

    it('returns 401 with the same message for an unknown user and a wrong password, logging only a reason code', async () => {
      const player = await createPlayer(t);
      const wrong = await login(player.username, `${player.password}-wrong`).expect(401);
      const unknown = await login(uniqueName('ghost'), player.password).expect(401);
      expect(wrong.body.message).toBe(SAME_MESSAGE);
      expect(unknown.body.message).toBe(SAME_MESSAGE);
      expect(unknown.body).toEqual({ ...wrong.body, trace_id: unknown.body.trace_id });

      const badPassword = await t.logs.waitFor((l) => l.event === 'login_failed' && l.player_id === player.id);
      expect(badPassword.details).toEqual({ reason: 'bad_password' });
      expect(t.logs.events('login_failed').some((l) => l.player_id === null && l.details.reason === 'unknown_user')).toBe(true);
      expect(t.logs.raw).not.toContain(player.password);
    });

    it('spends about as long on an unknown user as on a wrong password', async () => {
      const player = await createPlayer(t);
      const time = async (username: string) => {
        const started = process.hrtime.bigint();
        await login(username, 'not-the-password').expect(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i++) {
        // Alternate, and use a fresh name each time so the username counter never blocks the sample.
        wrong.push(await time(player.username));
        unknown.push(await time(uniqueName('ghost')));
        await redis.del(keys.loginAttempts('user', player.username.toLowerCase()));
      }
      // Both paths run one Argon2id verification; without the dummy hash the unknown path would be ~100x faster.
      expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
    });

    it('returns 400 for operator objects and unknown fields, before any database query', async () => {
      const lookups = jest.spyOn(t.app.get(PlayerRepository), 'findCredentials');
      try {
        for (const body of [
          { username: { $gt: '' }, password: 'anything-at-all' },
          { username: 'someone', password: { $ne: null } },
          { username: ['a', 'b'], password: 'anything-at-all' },
          { username: 'someone', password: 'anything-at-all', admin: true },
          { username: 'some{one}', password: 'anything-at-all' },
          {},
        ]) {
          const res = await t.http.post('/api/v1/auth/login').set('X-Forwarded-For', newIp()).send(body);
          expect({ body, status: res.status }).toEqual({ body, status: 400 });
        }
        expect(lookups).not.toHaveBeenCalled();
      } finally {
        lookups.mockRestore();
      }
    });

    describe('throttling', () => {
      it('returns 429 with Retry-After once a username has too many failures, from any client, even with the right password', async () => {
        const player = await createPlayer(t);
        for (let i = 0; i < MAX_FAILURES; i++) await login(player.username, 'wrong-password').expect(401);
        const blocked = await login(player.username.toUpperCase(), player.password).expect(429);
        const retryAfter = Number(blocked.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 10);
        expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
        expect(blocked.body.message).toMatch(/too many failed login attempts/i);
        await t.logs.waitFor((l) => l.event === 'login_throttled' && (l.details.scope as string[]).includes('user'));

        // Another player from that very address is unaffected: the block is on the username.
        const other = await createPlayer(t);
        await login(other.username, other.password).expect(200);
      });

      it('returns 429 with Retry-After once a client has too many failures (its own limit), across usernames', async () => {
        const ip = newIp();
        for (let i = 0; i < MAX_CLIENT_FAILURES; i++) await login(uniqueName('ghost'), 'wrong-password', ip).expect(401);
        const player = await createPlayer(t);
        const blocked = await login(player.username, player.password, ip).expect(429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(WINDOW_SECONDS - 10);
        // The same account from another address logs in: the block is on the client.
        await login(player.username, player.password).expect(200);
      });

      it('counts successful logins from a client as no failures', async () => {
        const ip = newIp();
        const player = await createPlayer(t);
        for (let i = 0; i < MAX_FAILURES + 2; i++) await login(player.username, player.password, ip).expect(200);
        await login(uniqueName('ghost'), 'wrong-password', ip).expect(401);
      });

      it('resets the username counter on a successful login', async () => {
        const player = await createPlayer(t);
        for (let i = 0; i < MAX_FAILURES - 1; i++) await login(player.username, 'wrong-password').expect(401);
        await login(player.username, player.password).expect(200);
        for (let i = 0; i < MAX_FAILURES - 1; i++) await login(player.username, 'wrong-password').expect(401);
        await login(player.username, player.password).expect(200);
      });

      it('lets attempts through again when the window has passed', async () => {
        const player = await createPlayer(t);
        for (let i = 0; i < MAX_FAILURES; i++) await login(player.username, 'wrong-password').expect(401);
        await login(player.username, player.password).expect(429);
        await redis.pexpire(keys.loginAttempts('user', player.username.toLowerCase()), 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await login(player.username, player.password).expect(200);
      });

      it('lets a burst of correct logins from one address through, for many accounts and for one account', async () => {
        // An office, a LAN event or a carrier NAT: more logins in flight at once than either failure limit.
        const ip = newIp();
        const players = await Promise.all(Array.from({ length: 10 }, () => createPlayer(t)));
        const many = await Promise.all(players.map((p) => login(p.username, p.password, ip)));
        expect(many.map((r) => r.status)).toEqual(players.map(() => 200));
        const same = await Promise.all(players.map(() => login(players[0].username, players[0].password, ip)));
        expect(same.map((r) => r.status)).toEqual(players.map(() => 200));
        // Failures below the client limit still leave the address free for correct logins in a burst.
        for (let i = 0; i < MAX_CLIENT_FAILURES - 1; i++) await login(uniqueName('ghost'), 'wrong-password', ip).expect(401);
        const after = await Promise.all(players.map((p) => login(p.username, p.password, ip)));
        expect(after.map((r) => r.status)).toEqual(players.map(() => 200));
      });

      it('counts the address the trusted hop saw, whatever the client puts leftmost in X-Forwarded-For', async () => {
        const ip = newIp();
        for (let i = 0; i < MAX_CLIENT_FAILURES; i++) await login(uniqueName('ghost'), 'wrong-password', `${newIp()}, ${ip}`).expect(401);
        await login(uniqueName('ghost'), 'wrong-password', `${newIp()}, ${ip}`).expect(429);
        // Everyone else behind the same proxy is somebody else: a correct login from another address goes through.
        const player = await createPlayer(t);
        await login(player.username, player.password, `${ip}, ${newIp()}`).expect(200);
        // A value that is no IP is never used (nor put into a Redis key): the request counts against the proxy's address.
        await login(uniqueName('ghost'), 'wrong-password', '}{evil}x').expect(401);
        expect(await redis.keys('*evil*')).toEqual([]);
      });

      it('never lets concurrent guesses exceed the limit', async () => {
        const player = await createPlayer(t);
        const results = await Promise.all(Array.from({ length: 8 }, () => login(player.username, 'wrong-password')));
        const statuses = results.map((r) => r.status).sort();
        expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES);
        expect(statuses.filter((s) => s === 429)).toHaveLength(8 - MAX_FAILURES);
      });
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('returns a new pair and rotates the refresh token', async () => {
      const { player, refreshToken } = await loggedIn();
      const first = await refresh(refreshToken).expect(200);
      expect(first.body).toMatchObject({ token_type: 'Bearer', player_id: player.id, expires_in: t.config.jwt.accessTtlSeconds });
      expect(first.body.refresh_token).not.toBe(refreshToken);
      await profile(first.body.access_token).expect(200);

      const second = await refresh(first.body.refresh_token).expect(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      await profile(second.body.access_token).expect(200);
      await t.logs.waitFor((l) => l.event === 'token_refreshed' && l.player_id === player.id);
    });

    it('stores only a digest of the refresh secret, with the refresh TTL', async () => {
      const { player, refreshToken } = await loggedIn();
      const [familyId, secret] = refreshToken.split('.');
      const key = keys.refreshFamily(familyId);
      const stored = await redis.hgetall(key);
      expect(stored.player_id).toBe(player.id);
      expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(secret);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(t.config.jwt.refreshTtlSeconds - 10);
      expect(ttl).toBeLessThanOrEqual(t.config.jwt.refreshTtlSeconds);
    });

    it('returns 401 for a reused token and revokes the whole family, access tokens included', async () => {
      const { player, refreshToken, access } = await loggedIn();
      const other = await loggedIn(player);
      const rotated = await refresh(refreshToken).expect(200);

      const reuse = await refresh(refreshToken).expect(401);
      expect(reuse.body.message).toMatch(/already used/);
      await refresh(rotated.body.refresh_token).expect(401);
      await profile(rotated.body.access_token).expect(401);
      await profile(access).expect(401);
      const line = await t.logs.waitFor((l) => l.event === 'refresh_token_reused' && l.player_id === player.id);
      expect(line.level).toBe('WARN');

      // Another login of the same player is a different family and keeps working.
      await profile(other.access).expect(200);
      await refresh(other.refreshToken).expect(200);
    });

    it('returns a plain 401 for a secret the family never issued, revoking nothing', async () => {
      const { refreshToken, access } = await loggedIn();
      const [familyId] = refreshToken.split('.');
      const guess = await refresh(`${familyId}.${randomBytes(32).toString('base64url')}`).expect(401);
      expect(guess.body.message).toBe('Invalid or expired refresh token');
      await profile(access).expect(200);
      await refresh(refreshToken).expect(200);
    });

    it('lets exactly one of concurrent refreshes with the same token succeed', async () => {
      const { refreshToken } = await loggedIn();
      const results = await Promise.all(Array.from({ length: 5 }, () => refresh(refreshToken)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
    });

    it('returns 401 for malformed, unknown and expired refresh tokens', async () => {
      const { refreshToken, access } = await loggedIn();
      const [familyId, secret] = refreshToken.split('.');
      const unknownFamily = `${randomBytes(16).toString('base64url')}.${secret}`;
      for (const token of ['garbage', access, unknownFamily, `${refreshToken}x`, ` ${refreshToken}`]) {
        const res = await refresh(token);
        expect({ token, status: res.status }).toEqual({ token, status: 401 });
      }
      await redis.pexpire(keys.refreshFamily(familyId), 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const expired = await refresh(refreshToken).expect(401);
      expect(expired.body.message).toBe('Invalid or expired refresh token');
    });

    it('returns 400 for a missing, mistyped or extra field', async () => {
      for (const body of [{}, { refresh_token: { $ne: null } }, { refresh_token: 42 }, { refresh_token: 'x', extra: 1 }]) {
        const res = await t.http.post('/api/v1/auth/refresh').send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('returns 204 and makes the access token and the refresh token fail at once', async () => {
      const { player, access, refreshToken } = await loggedIn();
      await logout(access).expect(204);
      await profile(access).expect(401);
      await refresh(refreshToken).expect(401);
      await logout(access).expect(401);
      await t.logs.waitFor((l) => l.event === 'logout' && l.player_id === player.id);
    });

    it('also ends access tokens issued earlier in the same login, but not other logins', async () => {
      const { player, access: firstAccess, refreshToken } = await loggedIn();
      const other = await loggedIn(player);
      const rotated = await refresh(refreshToken).expect(200);
      await logout(rotated.body.access_token).expect(204);
      await profile(firstAccess).expect(401);
      await profile(other.access).expect(200);
    });

    it('returns 401 without a token and 403 for a game server', async () => {
      await t.http.post('/api/v1/auth/logout').expect(401);
      await t.http.post('/api/v1/auth/logout').set(serverAuth(t)).expect(403);
    });
  });

  describe('GET /api/v1/auth/profile', () => {
    const ratingHistory = () => t.app.get<Model<RatingHistoryDocument>>(getModelToken(MODELS.ratingHistory));
    const sessions = () => t.app.get<Model<SessionDocument>>(getModelToken(MODELS.session));
    const players = () => t.app.get<Model<PlayerDocument>>(getModelToken(MODELS.player));

    it('returns account data, stats, the last 20 rating changes and the last 10 sessions, newest first', async () => {
      const { player, access } = await loggedIn();
      const opponent = new Types.ObjectId().toHexString();
      const start = Date.UTC(2030, 0, 1);
      const sessionIds = Array.from({ length: 12 }, () => new Types.ObjectId());
      await sessions().insertMany([
        ...sessionIds.map((id, i) => ({
          _id: id,
          mode: i % 2 ? 'ranked_1v1' : 'casual',
          status: i === 11 ? 'active' : 'completed',
          players: [
            { player_id: player.id, rating: 1200 },
            { player_id: opponent, rating: 1200 },
          ],
          player_ids: [player.id, opponent],
          state: {},
          version: 1,
          created_at: new Date(start + i * 60000),
          updated_at: new Date(start + i * 60000 + 30000),
          closed_at: null,
          history_seq: 0,
        })),
        {
          mode: 'ranked_1v1',
          status: 'active',
          players: [{ player_id: opponent, rating: 1200 }],
          player_ids: [opponent],
          state: {},
          version: 1,
          created_at: new Date(start + 3600000),
          updated_at: new Date(start + 3600000),
          closed_at: null,
          history_seq: 0,
        },
      ]);
      await ratingHistory().insertMany(
        Array.from({ length: 22 }, (_, i) => ({
          player_id: player.id,
          session_id: new Types.ObjectId().toHexString(),
          opponent_id: opponent,
          outcome: 1,
          old_rating: 1200 + i,
          rating: 1201 + i,
          change: 1,
          timestamp: new Date(start + i * 1000),
          seq: i + 1,
        })),
      );

      const res = await profile(access).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['created_at', 'invitations', 'last_login', 'player_id', 'rating_history', 'recent_sessions', 'stats', 'username']);
      expect(res.body.invitations).toEqual([]);
      expect(res.body).toMatchObject({ player_id: player.id, username: player.username });
      expect(res.body.stats).toEqual({ current_rating: 1200, games_played: 0, wins: 0, losses: 0, draws: 0, win_rate: 0 });

      expect(res.body.rating_history).toHaveLength(20);
      expect(res.body.rating_history[0]).toEqual({
        timestamp: new Date(start + 21000).toISOString(),
        rating: 1222,
        change: 1,
        session_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        // The session is not stored: the sides the history entry names (an opponent whose account does not exist).
        teammates: [],
        opponents: [{ player_id: opponent, username: '' }],
      });
      expect(res.body.rating_history[19].rating).toBe(1203);

      expect(res.body.recent_sessions).toHaveLength(10);
      expect(res.body.recent_sessions[0]).toEqual({
        session_id: sessionIds[11].toHexString(),
        mode: 'ranked_1v1',
        status: 'active',
        created_at: new Date(start + 11 * 60000).toISOString(),
        updated_at: new Date(start + 11 * 60000 + 30000).toISOString(),
        teammates: [],
        opponents: [{ player_id: opponent, username: '' }],
      });
      expect(res.body.recent_sessions.map((s: { session_id: string }) => s.session_id)).toEqual(
        sessionIds
          .slice(2)
          .reverse()
          .map((id) => id.toHexString()),
      );
    });

    it('serves stats from the Redis mirror and falls back to MongoDB, re-filling the mirror, when it is missing', async () => {
      const { player, access } = await loggedIn();
      // MongoDB moves on without the mirror: while the mirror exists, it is what the profile shows.
      await players()
        .updateOne({ _id: new Types.ObjectId(player.id) }, { $set: { 'profile.current_rating': 1234, 'profile.games_played': 4, 'profile.wins': 3, 'profile.losses': 1 } })
        .exec();
      expect((await profile(access).expect(200)).body.stats.current_rating).toBe(1200);

      await redis.del(keys.playerStats(player.id));
      const res = await profile(access).expect(200);
      expect(res.body.stats).toEqual({ current_rating: 1234, games_played: 4, wins: 3, losses: 1, draws: 0, win_rate: 0.75 });
      expect(await redis.hgetall(keys.playerStats(player.id))).toMatchObject({ current_rating: '1234', games_played: '4', win_rate: '0.75' });
    });

    it('serves the profile from Redis once read, and reads MongoDB again only after a change the profile shows', async () => {
      const { player, access } = await loggedIn();
      const opponent = await createPlayer(t);
      const first = (await profile(access).expect(200)).body;
      expect(await redis.exists(keys.playerProfile(player.id))).toBe(1);

      // A write behind the service's back is not seen while the copy is current: the profile did not read MongoDB.
      await players().updateOne({ _id: new Types.ObjectId(player.id) }, { $set: { username: `${player.username}_x` } }).exec();
      expect((await profile(access).expect(200)).body).toEqual(first);

      // Changes made through the service show at once: a new session, its result (rating history), a new login.
      const created = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [player.id, opponent.id] }).expect(201);
      const withSession = (await profile(access).expect(200)).body;
      expect(withSession.username).toBe(`${player.username}_x`);
      expect(withSession.recent_sessions.map((s: { session_id: string }) => s.session_id)).toEqual([created.body.session_id]);
      expect(withSession.rating_history).toEqual([]);

      await t.http.post('/api/v1/matches/result').set(serverAuth(t)).send({ session_id: created.body.session_id, player_id: player.id, outcome: 1 }).expect(200);
      const afterResult = (await profile(access).expect(200)).body;
      expect(afterResult.rating_history).toEqual([expect.objectContaining({ session_id: created.body.session_id, change: 16 })]);
      expect(afterResult.stats).toMatchObject({ games_played: 1, wins: 1, current_rating: 1216 });
      expect(afterResult.recent_sessions[0]).toMatchObject({ session_id: created.body.session_id, status: 'completed' });

      await players().updateOne({ _id: new Types.ObjectId(player.id) }, { $set: { username: player.username } }).exec();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await login(player.username, player.password).expect(200);
      const afterLogin = (await profile(access).expect(200)).body;
      expect(afterLogin.username).toBe(player.username);
      expect(Date.parse(afterLogin.last_login)).toBeGreaterThan(Date.parse(first.last_login));
    });

    it('returns 404 when the account behind a valid token does not exist', async () => {
      const { token } = await t.app.get(TokenService).signAccessToken(new Types.ObjectId().toHexString());
      await profile(token).expect(404);
    });

    it('returns 401 without a token', async () => {
      await t.http.get('/api/v1/auth/profile').expect(401);
    });
  });

  describe('access tokens', () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const sign = (header: object, claims: object, secret = TEST_JWT_SECRET) => {
      const head = `${b64(header)}.${b64(claims)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };
    const claimsFor = (playerId: string, overrides: Record<string, unknown> = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return { sub: playerId, role: 'player', jti: randomUUID(), iat: now, exp: now + 600, iss: t.config.jwt.issuer, aud: t.config.jwt.audience, ...overrides };
    };
    const HS256 = { alg: 'HS256', typ: 'JWT' };

    it('accepts a correctly hand-signed token (so the rejections below are for the stated reason)', async () => {
      const player = await createPlayer(t);
      await profile(sign(HS256, claimsFor(player.id))).expect(200);
    });

    it('returns 401 for alg none, a wrong signature, a wrong issuer or audience, expiry and bad claims', async () => {
      const player = await createPlayer(t);
      const now = Math.floor(Date.now() / 1000);
      const valid = sign(HS256, claimsFor(player.id));
      const cases: Record<string, string> = {
        'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsFor(player.id))}.`,
        'alg none with a signature': `${b64({ alg: 'none', typ: 'JWT' })}.${valid.split('.')[1]}.${valid.split('.')[2]}`,
        'HS512 with the right key': (() => {
          const head = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claimsFor(player.id))}`;
          return `${head}.${createHmac('sha512', TEST_JWT_SECRET).update(head).digest('base64url')}`;
        })(),
        'wrong secret': sign(HS256, claimsFor(player.id), 'another-secret-that-is-at-least-32-chars'),
        'tampered payload': `${valid.split('.')[0]}.${b64(claimsFor(new Types.ObjectId().toHexString()))}.${valid.split('.')[2]}`,
        'wrong issuer': sign(HS256, claimsFor(player.id, { iss: 'someone-else' })),
        'wrong audience': sign(HS256, claimsFor(player.id, { aud: 'another-api' })),
        expired: sign(HS256, claimsFor(player.id, { iat: now - 1200, exp: now - 600 })),
        'server role': sign(HS256, claimsFor(player.id, { role: 'server' })),
        'malformed subject': sign(HS256, claimsFor(player.id, { sub: { $gt: '' } })),
        'malformed family': sign(HS256, claimsFor(player.id, { fid: '{x}' })),
        'no jti': sign(HS256, claimsFor(player.id, { jti: undefined })),
        // A correctly signed token without exp would never expire: every registered claim the service issues is required.
        'no exp': sign(HS256, claimsFor(player.id, { exp: undefined })),
        'exp not a number': sign(HS256, claimsFor(player.id, { exp: String(now + 600) })),
        'no iat': sign(HS256, claimsFor(player.id, { iat: undefined })),
        'no issuer': sign(HS256, claimsFor(player.id, { iss: undefined })),
        'no audience': sign(HS256, claimsFor(player.id, { aud: undefined })),
        'no subject': sign(HS256, claimsFor(player.id, { sub: undefined })),
        'not a JWT': 'not-a-token',
      };
      for (const [name, token] of Object.entries(cases)) {
        const res = await profile(token);
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
      }
      const expired = await profile(cases.expired);
      expect(expired.body.message).toBe('Access token has expired');
    });
  });

  describe('X-Server-Key', () => {
    it('authenticates a game server with the server role', async () => {
      // The guard accepts the key, then the player-only route refuses the role: 403, not 401.
      const res = await t.http.get('/api/v1/auth/profile').set(serverAuth(t)).expect(403);
      expect(res.body.message).toContain('player role');
    });

    it('returns 401 for a wrong key, even next to a valid bearer token', async () => {
      const player = await createPlayer(t);
      await t.http.get('/api/v1/auth/profile').set('X-Server-Key', 'wrong-key-0123456789').expect(401);
      await t.http.get('/api/v1/auth/profile').set('X-Server-Key', `${t.config.gameServerKey}x`).set(player.auth).expect(401);
    });
  });

  describe('API docs', () => {
    it('documents every auth endpoint', async () => {
      const doc = await t.http.get('/docs-json').expect(200);
      for (const path of ['register', 'login', 'refresh', 'logout', 'profile']) expect(doc.body.paths[`/api/v1/auth/${path}`]).toBeDefined();
    });
  });
});
