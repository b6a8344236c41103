import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { startTestApp, TestApp } from './harness/test-app';

describe('PlayerStateStore (real Redis)', () => {
  let t: TestApp;
  let store: PlayerStateStore;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get(PlayerStateStore);
  });

  afterAll(() => t.close());

  it('treats an unknown player as idle and moves it only from an allowed state', async () => {
    const id = 'a'.repeat(24);
    expect(await store.get(id)).toEqual({ state: 'idle' });
    expect((await store.transition(id, ['idle'], { state: 'queued', mode: 'ranked_1v1', since: 5 })).ok).toBe(true);
    const blocked = await store.transition(id, ['idle'], { state: 'in_session', sessionId: 's1', since: 6 });
    expect(blocked).toEqual({ ok: false, previous: { state: 'queued', sessionId: null, mode: 'ranked_1v1' } });
    expect((await store.transition(id, ['queued'], { state: 'in_session', sessionId: 's1', since: 6 })).ok).toBe(true);
    expect(await store.get(id)).toEqual({ state: 'in_session', sessionId: 's1', since: 6 });
  });

  it('releases a session state only for the matching session id', async () => {
    const id = 'b'.repeat(24);
    await store.transition(id, ['idle'], { state: 'in_session', sessionId: 's2', since: 1 });
    expect((await store.transition(id, ['in_session'], { state: 'idle' }, 'other')).ok).toBe(false);
    expect((await store.transition(id, ['in_session'], { state: 'idle' }, 's2')).ok).toBe(true);
    expect(await store.get(id)).toEqual({ state: 'idle' });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const id = 'c'.repeat(24);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.transition(id, ['idle'], { state: 'in_session', sessionId: `s${i}`, since: i })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
