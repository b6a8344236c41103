import { Inject, Injectable, Optional } from '@nestjs/common';
import { round2 } from './domain/match-window';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerStateStore } from '../players/player-state.store';
import { ClaimedMatch, MatchQueue } from './match-queue';
import { MatchSettler } from './match-settler';
import { ReadyCheckService } from './ready-check.service';
import { QueueMetrics } from './queue.metrics';
import { formMatches, isOneVsOne } from './domain/form-matches';
import { Pair } from './domain/pairing';
import { FormedMatch } from './domain/team-formation';

export interface TickReport {
  mode: string;
  queueSize: number;
  pairs: number;
  claimed: number;
  matched: number;
  expired: number;
  recovered: number;
  /** Expiry, stale-claim recovery and the snapshot read. */
  readMs: number;
  pairingMs: number;
  /** Tickets whose pairing was solved exactly, and those paired greedily (components above the exact solver's limit). */
  exactTickets: number;
  greedyTickets: number;
  /** Team modes: mean difference between the highest and lowest team mean of the matches formed (0 for none). */
  meanImbalance: number;
  claimMs: number;
  /** Session creation and bookkeeping for the claimed pairs. */
  settleMs: number;
  durationMs: number;
}

/** Sessions created at once per tick: enough to keep MongoDB busy without flooding it. */
const SETTLE_CONCURRENCY = 8;
/** Tickets expired per script call, and calls per tick (the rest go next tick). */
const EXPIRE_BATCH = 500;
const EXPIRE_BATCHES_PER_TICK = 10;
/** A claim older than this was abandoned half-way by a replica that died; its tickets are returned. */
export const CLAIM_TIMEOUT_MS = 30_000;
const RECOVER_BATCH = 100;
const RECOVER_BATCHES_PER_TICK = 10;

/** One matchmaker tick for one mode: expire old tickets, recover abandoned claims, pair everyone possible. */
@Injectable()
export class MatchmakerService {
  private readonly log: ServiceLogger;
  /** Identifies this replica as lease holder (for debugging with redis-cli). */
  readonly holder = `mm-${randomBytes(6).toString('hex')}`;

  constructor(
    private readonly queue: MatchQueue,
    private readonly settler: MatchSettler,
    private readonly states: PlayerStateStore,
    private readonly metrics: QueueMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
    // Absent where no ready-check can happen (benchmarks wire the matchmaker by hand).
    @Optional() private readonly readyChecks?: ReadyCheckService,
  ) {
    this.log = logger.forService('matchmaker');
  }

  /**
   * Runs a tick for `mode` if this replica gets the mode's lease. The lease only saves duplicate work: two replicas
   * ticking at once stay correct, because each pair is claimed by one atomic script.
   */
  async runIfLeader(mode: string): Promise<TickReport | null> {
    const leaseMs = Math.max(5, Math.floor(this.config.matchmaker.intervalMs * 0.8));
    if (!(await this.queue.takeLease(mode, this.holder, leaseMs))) return null;
    return this.tick(mode);
  }

  /**
   * Whether a tick of `mode` would find anything to do: an open ticket, a claim old enough to recover or a ready-check
   * past its deadline: three counts, no lease. The scheduler asks every mode at once (one write to Redis) and ticks
   * only the modes that have work, so an idle mode costs a replica three counts per interval, sent with the other
   * modes', instead of a lease and four sequential reads.
   */
  async hasWork(mode: string, now = Date.now()): Promise<boolean> {
    const [tickets, readyDue] = await Promise.all([this.queue.hasTicketsToTick(mode, now - CLAIM_TIMEOUT_MS), this.readyChecks?.hasDue(mode, now) ?? false]);
    return tickets || readyDue;
  }

  async tick(mode: string, now = Date.now()): Promise<TickReport> {
    const started = performance.now();
    const expired = await this.expireTickets(mode, now);
    const recovered = await this.recoverStaleClaims(mode, now);
    await this.readyChecks?.expireDue(mode, now);

    const tickets = await this.queue.openTickets(mode);
    const pairingStarted = performance.now();
    const settings = this.queue.modes.get(mode);
    const shape = { teams: settings.teams, teamSize: settings.team_size };
    const pairing = formMatches(tickets, now, shape, this.queue.modes.policy(mode));
    const formed = pairing.matches;
    const pairs = formed;
    const claimStarted = performance.now();
    let claimedCount: number;
    let settled: boolean[];
    let settleStarted: number;
    if (isOneVsOne(shape)) {
      // 1v1: pairs claimed and settled as before team modes.
      const pairList: Pair[] = formed.map((m) => ({ a: m.teams[0][0], b: m.teams[1][0], gap: m.spread, windowA: m.windows[0][0], windowB: m.windows[1][0] }));
      const claims = await this.queue.claimPairs(mode, pairList, now);
      const claimed = claims.flatMap((c) => (c.status === 'claimed' ? [c.match] : []));
      claimedCount = claimed.length;
      settleStarted = performance.now();
      settled = await mapLimit(claimed, SETTLE_CONCURRENCY, (match) => this.settleSafely(match));
    } else {
      const claimed = (await this.queue.claimTeamMatches(mode, formed, now)).filter((m) => m !== null);
      claimedCount = claimed.length;
      settleStarted = performance.now();
      settled = await mapLimit(claimed, SETTLE_CONCURRENCY, async (match) => {
        try {
          return (await this.settler.settleTeams(match, 'tick')) !== null;
        } catch (error) {
          this.log.error('match_settle_failed', { details: { error, mode, claim_id: match.claimId } });
          return false;
        }
      });
    }
    const matched = settled.filter(Boolean).length;

    const finished = performance.now();
    const durationMs = finished - started;
    this.metrics.tickSeconds.observe({ mode }, durationMs / 1000);
    const report: TickReport = {
      mode,
      queueSize: tickets.length,
      pairs: pairs.length,
      claimed: claimedCount,
      matched,
      expired,
      recovered,
      readMs: pairingStarted - started,
      pairingMs: claimStarted - pairingStarted,
      exactTickets: pairing.exactTickets,
      greedyTickets: pairing.greedyTickets,
      meanImbalance: meanImbalance(formed),
      claimMs: settleStarted - claimStarted,
      settleMs: finished - settleStarted,
      durationMs,
    };
    this.log.debug('matchmaker_tick', {
      details: {
        mode,
        queue_size: tickets.length,
        pairs_made: matched,
        pairs_found: pairs.length,
        exact_tickets: report.exactTickets,
        greedy_tickets: report.greedyTickets,
        pairs_claimed: claimedCount,
        expired,
        recovered,
        read_ms: round2(report.readMs),
        pairing_ms: round2(report.pairingMs),
        claim_ms: round2(report.claimMs),
        settle_ms: round2(report.settleMs),
        duration_ms: round2(durationMs),
      },
    });
    return report;
  }

  private async settleSafely(match: ClaimedMatch): Promise<boolean> {
    try {
      return (await this.settler.settle(match, 'tick')) !== null;
    } catch (error) {
      // Left claimed: stale-claim recovery returns the tickets later.
      this.log.error('match_settle_failed', { details: { error, mode: match.mode, player_a: match.a.playerId, player_b: match.b.playerId } });
      return false;
    }
  }

  private async expireTickets(mode: string, now: number): Promise<number> {
    const cutoff = now - this.queue.modes.ticketTtlMs(mode);
    let total = 0;
    for (let batch = 0; batch < EXPIRE_BATCHES_PER_TICK; batch++) {
      const expired = await this.queue.expire(mode, cutoff, EXPIRE_BATCH);
      await Promise.all(
        expired.map(async (ticket) => {
          await Promise.all(ticket.players.map((id) => this.states.transition(id, ['queued'], { state: 'idle' })));
          this.settler.logExpired(mode, ticket, now);
        }),
      );
      total += expired.length;
      if (expired.length < EXPIRE_BATCH) break;
    }
    return total;
  }

  private async recoverStaleClaims(mode: string, now: number): Promise<number> {
    let total = 0;
    // In batches, like expiry: a replica that died mid-burst can leave hundreds of claims behind, all due at once.
    for (let batch = 0; batch < RECOVER_BATCHES_PER_TICK; batch++) {
      const stale = await this.queue.staleClaims(mode, now - CLAIM_TIMEOUT_MS, RECOVER_BATCH);
      const members = await this.queue.membersOf(mode, stale.map((t) => t.playerId));
      await mapLimit(stale, SETTLE_CONCURRENCY, async (ticket) => {
        const outcome = await this.settler.returnTicket(mode, ticket.claimId!, ticket, now, members.get(ticket.playerId));
        this.log.warn('match_claim_recovered', { player_id: ticket.playerId, details: { mode, claim_id: ticket.claimId, outcome } });
      });
      total += stale.length;
      if (stale.length < RECOVER_BATCH) break;
    }
    return total;
  }
}

function meanImbalance(matches: readonly FormedMatch[]): number {
  return matches.length === 0 ? 0 : matches.reduce((sum, m) => sum + m.imbalance, 0) / matches.length;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
