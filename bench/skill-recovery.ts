/**
 * Skill recovery, offline: the same bots (hidden skills, seeded) play the same kind of ladder under Elo, Glicko-2 and
 * OpenSkill, each through the RatingSystem port with the shipped pool settings. A round pairs the waiting bots by
 * displayed rating within their window (uncertainty-aware initial window, growing by 50 per round waited);
 * outcomes follow the hidden skills (Elo expectation). After N games per bot (on average) it prints the Spearman rank correlation
 * between hidden skill and displayed rating, the three systems side by side, and the mean rating gap of the games.
 *
 * Run: npm run simulate:ratings -- [--bots 200] [--games 5,10,20,50] [--seed 1] [--spread 300]
 */
import { DEFAULT_POOL, defaultPool, parsePools, RatingPoolConfig } from '@libs/config';
import { createRatingSystem, initialWindow, RatingState, RatingSystem } from '../apps/api/src/ratings/domain';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const BOTS = Number(arg('bots', '200'));
const CHECKPOINTS = arg('games', '5,10,20,50').split(',').map(Number);
const SEED = Number(arg('seed', '1'));
const SPREAD = Number(arg('spread', '300'));
const BASE_WINDOW = 100;
const MAX_WINDOW = 400;
const GROWTH_PER_ROUND = 50;
const HOUR = 3_600_000;

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

export function spearman(x: number[], y: number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, n) => s + n, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    num += (rx[i] - mx) * (ry[i] - my);
    dx += (rx[i] - mx) ** 2;
    dy += (ry[i] - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}

interface Bot {
  skill: number;
  state: RatingState;
  games: number;
  waited: number;
}

/** Plays rounds until the bots average `max(CHECKPOINTS)` games; returns the correlation at each checkpoint and the mean gap. */
function run(system: RatingSystem, skills: number[]): { correlations: number[]; meanGap: number } {
  const random = rng(SEED * 7919 + 1);
  const bots: Bot[] = skills.map((skill) => ({ skill, state: system.initial(), games: 0, waited: 0 }));
  const correlations: number[] = [];
  let checkpoint = 0;
  let gaps = 0;
  let games = 0;
  const goal = Math.max(...CHECKPOINTS);
  for (let round = 0; checkpoint < CHECKPOINTS.length && round < goal * 20; round++) {
    const at = new Date(round * HOUR);
    const waiting = [...bots].sort((x, y) => system.display(x.state) - system.display(y.state) || random() - 0.5);
    // The window grows past max_window here so that the outliers play too (the live queue would keep them waiting).
    const window = (b: Bot) => initialWindow(BASE_WINDOW, MAX_WINDOW, system.uncertainty(system.current(b.state, at))) + GROWTH_PER_ROUND * b.waited;
    const matched = new Set<Bot>();
    for (let i = 0; i + 1 < waiting.length; i++) {
      const a = waiting[i];
      const b = waiting[i + 1];
      if (matched.has(a) || matched.has(b)) continue;
      const gap = Math.abs(system.display(a.state) - system.display(b.state));
      if (gap > Math.min(window(a), window(b))) continue;
      matched.add(a).add(b);
      const aWins = random() < 1 / (1 + 10 ** ((b.skill - a.skill) / 400));
      const [[ua], [ub]] = system.rate([[system.current(a.state, at)], [system.current(b.state, at)]], aWins ? [1, 2] : [2, 1], at);
      a.state = ua.after;
      b.state = ub.after;
      a.games++;
      b.games++;
      gaps += gap;
      games++;
    }
    for (const b of waiting) b.waited = matched.has(b) ? 0 : b.waited + 1;
    while (checkpoint < CHECKPOINTS.length && (2 * games) / bots.length >= CHECKPOINTS[checkpoint]) {
      correlations.push(spearman(bots.map((b) => b.skill), bots.map((b) => system.display(b.state))));
      checkpoint++;
    }
  }
  while (correlations.length < CHECKPOINTS.length) correlations.push(Number.NaN);
  return { correlations, meanGap: games ? gaps / games : 0 };
}

function main(): void {
  const random = rng(SEED);
  const skills = Array.from({ length: BOTS }, () => 1500 + SPREAD * normal(random));
  const elo: RatingPoolConfig = defaultPool({ initial: 1200, kFactor: 32, provisionalKFactor: 40, provisionalGames: 0 });
  const { pools } = parsePools(
    [
      { name: 'glicko', system: 'glicko2' },
      { name: 'openskill', system: 'openskill' },
    ],
    'simulator',
    { initial: 1200, kFactor: 32, provisionalKFactor: 40, provisionalGames: 0 },
  );
  const systems = [elo, ...pools.filter((p) => p.name !== DEFAULT_POOL)].map((p) => ({ name: p.system, system: createRatingSystem(p) }));
  const results = systems.map((s) => ({ name: s.name, ...run(s.system, skills) }));

  console.log(`skill recovery: ${BOTS} bots, hidden skill ~ N(1500, ${SPREAD}), seed ${SEED}; Spearman(hidden skill, displayed rating)`);
  const header = ['games/bot', ...results.map((r) => r.name)];
  console.log(header.map((h) => h.padStart(10)).join(''));
  CHECKPOINTS.forEach((n, i) => console.log([String(n), ...results.map((r) => r.correlations[i].toFixed(3))].map((c) => c.padStart(10)).join('')));
  console.log(['mean gap', ...results.map((r) => r.meanGap.toFixed(0))].map((c) => c.padStart(10)).join(''));
}

main();
