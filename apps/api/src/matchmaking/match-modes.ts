import type { MatchMode } from '@libs/config';
import { MatchPolicy, policyOf } from './domain/match-window';
import { UnknownQueueModeError } from './queue.errors';

/**
 * The configured modes (modes file, narrowed by QUEUE_MODES), looked up by name. A queue some other replica opened
 * for a mode this replica does not configure (a rolling config change) is still served, with the default mode's
 * windows and TTL as one solo player per team, until its tickets are matched or expire.
 */
export class ModeCatalog {
  readonly all: readonly MatchMode[];
  readonly default: MatchMode;
  private readonly byName: Map<string, MatchMode>;
  private readonly policies = new Map<string, MatchPolicy>();
  private readonly uncertainPools: Set<string>;

  /** `pools`: the rating pools with their systems (a mode in an Elo pool, or a pool not given, has no uncertainty). */
  constructor(modes: readonly MatchMode[], pools: readonly { name: string; system: string }[] = []) {
    this.all = modes;
    this.default = modes[0];
    this.byName = new Map(modes.map((m) => [m.name, m]));
    this.uncertainPools = new Set(pools.filter((p) => p.system !== 'elo').map((p) => p.name));
  }

  get names(): string[] {
    return this.all.map((m) => m.name);
  }

  /** The mode a join asks for (the default when none), or 400 UNKNOWN_QUEUE_MODE. */
  resolve(requested: string | undefined): MatchMode {
    if (requested === undefined) return this.default;
    const mode = this.byName.get(requested);
    if (!mode) throw new UnknownQueueModeError(requested, this.names);
    return mode;
  }

  /** Settings of a mode with a queue in Redis. */
  get(name: string): MatchMode {
    return this.byName.get(name) ?? { ...this.default, name, teams: 2, team_size: 1 };
  }

  policy(name: string): MatchPolicy {
    let policy = this.policies.get(name);
    if (!policy) this.policies.set(name, (policy = policyOf(this.get(name))));
    return policy;
  }

  /**
   * Whether the mode's tickets carry their own window bonus (its pool rates with uncertainty), so the queue reads it
   * with them; Elo modes skip that read and keep the mode's windows.
   */
  hasTicketWindows(name: string): boolean {
    const mode = this.byName.get(name);
    return mode !== undefined && this.uncertainPools.has(mode.pool);
  }

  isOneVsOne(name: string): boolean {
    const mode = this.get(name);
    return mode.teams === 2 && mode.team_size === 1;
  }

  ticketTtlMs(name: string): number {
    return this.get(name).ticket_ttl_seconds * 1000;
  }
}
