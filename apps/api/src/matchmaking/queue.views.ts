import type { MatchMode } from '@libs/config';

export interface Opponent {
  player_id: string;
  username: string;
  rating: number;
}

export interface JoinResult {
  status: 'queued' | 'matched';
  mode: string;
  position: number | null;
  queue_size: number;
  joined_at: string;
  estimated_wait_seconds: number;
  session_id: string | null;
  opponent: Opponent | null;
  /** Matched only: the other players of the player's team ([] in 1v1). */
  teammates: Opponent[] | null;
  /** Matched only: the players of every other team. */
  opponents: Opponent[] | null;
  /** The party whose ticket this is, when the player queued with a party. */
  party_id: string | null;
}

/** A mode as the modes file configures it, with its live queue size. */
export type QueueModeView = MatchMode & { default: boolean; queue_size: number };

export interface QueueStatus {
  status: 'idle' | 'queued' | 'matched';
  mode: string | null;
  position: number | null;
  queue_size: number | null;
  waited_seconds: number | null;
  estimated_wait_seconds: number | null;
  rating_window: number | null;
  /** Inside the mode's hold (min_wait_seconds): only an instant-gap or a ripe partner may take the ticket yet. */
  held: boolean | null;
  /** A found match waiting for the players' accepts (ready-check), with its deadline. */
  pending_match: PendingMatchView | null;
  session_id: string | null;
  opponent: Opponent | null;
  teammates: Opponent[] | null;
  opponents: Opponent[] | null;
  party_id: string | null;
}

export interface PendingMatchView {
  match_id: string;
  deadline: string;
  /** This player has accepted already. */
  accepted: boolean;
}

/**
 * A queued state with no ticket and no claim is what a crash between the two writes of a join leaves behind; once
 * it is this old (a join takes milliseconds) it is treated as not queued.
 */
export const ORPHAN_GRACE_MS = 10_000;

export const IDLE: QueueStatus = {
  status: 'idle',
  mode: null,
  position: null,
  queue_size: null,
  waited_seconds: null,
  estimated_wait_seconds: null,
  rating_window: null,
  held: null,
  pending_match: null,
  session_id: null,
  opponent: null,
  teammates: null,
  opponents: null,
  party_id: null,
};

