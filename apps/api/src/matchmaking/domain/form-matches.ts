import { pairTicketsExact } from './exact-pairing';
import { MatchPolicy } from './match-window';
import { Ticket } from './pairing';
import { FormedMatch, formTeams, MatchShape } from './team-formation';

export interface FormationResult {
  matches: FormedMatch[];
  /** 1v1: tickets paired by the exact solver, and those paired greedily (above its limit). 0 for team modes. */
  exactTickets: number;
  greedyTickets: number;
}

/**
 * The one place that decides how a mode's open tickets become matches. 1v1 modes use the exact minimum-gap pairing
 * (`pairTicketsExact`, greedy above its limit, with the mode's quality policy); every other shape uses team formation.
 * Swapping the 1v1 algorithm means changing the first branch only.
 */
export function formMatches(tickets: readonly Ticket[], now: number, shape: MatchShape, policy: MatchPolicy): FormationResult {
  if (isOneVsOne(shape)) {
    const pairing = pairTicketsExact(tickets, now, policy);
    return {
      matches: pairing.pairs.map((p) => ({ teams: [[p.a], [p.b]], windows: [[p.windowA], [p.windowB]], imbalance: p.gap, spread: p.gap })),
      exactTickets: pairing.exactTickets,
      greedyTickets: pairing.greedyTickets,
    };
  }
  return { matches: formTeams(tickets, now, shape, policy), exactTickets: 0, greedyTickets: 0 };
}

export function isOneVsOne(shape: MatchShape): boolean {
  return shape.teams === 2 && shape.teamSize === 1;
}
