import { ApiProperty } from '@nestjs/swagger';
import { IDLE, type JoinResult, type Opponent, type PendingMatchView, type QueueModeView, type QueueStatus } from '../queue.views';
import type { ReadyCheckResult } from '../ready-check.service';

export class OpponentDto implements Opponent {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345679' }) player_id: string;
  @ApiProperty({ example: 'iron_falcon' }) username: string;
  @ApiProperty({ type: 'integer', example: 1234, description: 'Rating when the match was made' }) rating: number;
}

export class JoinQueueResponseDto implements JoinResult {
  @ApiProperty({
    enum: ['queued', 'matched'],
    example: 'queued',
    description: '`matched` when a partner was found at once (the session is created; see session_id and opponent)',
  })
  status: 'queued' | 'matched';
  @ApiProperty({ example: 'ranked_1v1' }) mode: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 3, description: '1-based position by join time; null when matched' })
  position: number | null;
  @ApiProperty({ type: 'integer', example: 12, description: 'Players waiting in this mode' }) queue_size: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:00.000Z' }) joined_at: string;
  @ApiProperty({ type: 'integer', example: 8, description: 'Estimated seconds until a match (see docs/matchmaking.md); 0 when matched' })
  estimated_wait_seconds: number;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The match session (matched only)' }) session_id: string | null;
  @ApiProperty({ type: OpponentDto, nullable: true, example: null, description: 'The matched opponent (matched only)' })
  opponent: OpponentDto | null;
  @ApiProperty({ type: [OpponentDto], nullable: true, example: [], description: "Matched only: the other players of the player's team ([] in 1v1)" })
  teammates: OpponentDto[] | null;
  @ApiProperty({
    type: [OpponentDto],
    nullable: true,
    example: [{ player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234 }],
    description: 'Matched only: the players of every other team',
  })
  opponents: OpponentDto[] | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The party whose ticket this is (queued with a party)' })
  party_id: string | null;
}

export class PendingMatchDto implements PendingMatchView {
  @ApiProperty({ example: 'a3f9c2d1e0b4k', description: 'Answer with POST /api/v1/matches/{match_id}/accept or /decline' }) match_id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:20.000Z', description: 'Unanswered by then, the match is cancelled' }) deadline: string;
  @ApiProperty({ example: false, description: 'This player has accepted already' }) accepted: boolean;
}

export class ReadyCheckResultDto implements ReadyCheckResult {
  @ApiProperty({ example: 'a3f9c2d1e0b4k' }) match_id: string;
  @ApiProperty({
    enum: ['pending', 'confirmed', 'cancelled'],
    example: 'pending',
    description: 'pending: others have not answered yet; confirmed: everyone accepted, the session exists; cancelled: this decline cancelled it',
  })
  status: 'pending' | 'confirmed' | 'cancelled';
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The session once confirmed' }) session_id: string | null;
}

export class QueueStatusDto implements QueueStatus {
  @ApiProperty({ enum: ['idle', 'queued', 'matched'], example: 'matched' }) status: 'idle' | 'queued' | 'matched';
  @ApiProperty({ type: String, nullable: true, example: 'ranked_1v1' }) mode: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null, description: '1-based position by join time (queued only)' })
  position: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null, description: 'Players waiting in this mode (queued only)' })
  queue_size: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null, description: 'Whole seconds waited so far (queued only)' })
  waited_seconds: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null, description: 'Estimated seconds still to wait (queued only)' })
  estimated_wait_seconds: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: "The ticket's current rating window: base + its uncertainty bonus (pools with uncertainty) + growth × seconds waited, capped (queued only)",
  })
  rating_window: number | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    example: null,
    description:
      "True while the ticket is inside its mode's hold (`min_wait_seconds`): until then it is matched only with a partner within `instant_gap` or one past its own hold; the estimate counts the hold (queued only)",
  })
  held: boolean | null;
  @ApiProperty({ type: PendingMatchDto, nullable: true, example: null, description: 'A found match waiting for every player to accept (ready-check modes, queued only)' })
  pending_match: PendingMatchDto | null;
  @ApiProperty({ type: String, nullable: true, example: '6660a1b2c3d4e5f601234567', description: 'The match session (matched only)' })
  session_id: string | null;
  @ApiProperty({
    type: OpponentDto,
    nullable: true,
    example: { player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234 },
    description: 'The matched opponent (matched only)',
  })
  opponent: OpponentDto | null;
  @ApiProperty({ type: [OpponentDto], nullable: true, example: [], description: "Matched only: the other players of the player's team ([] in 1v1)" })
  teammates: OpponentDto[] | null;
  @ApiProperty({
    type: [OpponentDto],
    nullable: true,
    example: [{ player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234 }],
    description: 'Matched only: the players of every other team',
  })
  opponents: OpponentDto[] | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The party whose ticket this is (queued with a party)' })
  party_id: string | null;
}

export class QueueModeDto implements QueueModeView {
  @ApiProperty({ example: 'ranked_2v2', pattern: '^[a-z0-9_]{1,32}$' }) name: string;
  @ApiProperty({ type: 'integer', example: 2, minimum: 2, maximum: 8, description: 'Teams per match' }) teams: number;
  @ApiProperty({ type: 'integer', example: 2, minimum: 1, maximum: 8, description: 'Players per team' }) team_size: number;
  @ApiProperty({ type: 'integer', example: 100, description: 'Rating window (± points) at join' }) base_window: number;
  @ApiProperty({ example: 20, description: 'Window growth per second waited' }) window_growth: number;
  @ApiProperty({ type: 'integer', example: 400, description: 'Largest window' }) max_window: number;
  @ApiProperty({ type: 'integer', example: 600, description: 'Seconds before an open ticket expires' }) ticket_ttl_seconds: number;
  @ApiProperty({ enum: ['mean', 'max'], example: 'max', description: "How a party's ticket is rated from its members' ratings" })
  party_rating: 'mean' | 'max';
  @ApiProperty({
    example: 0,
    minimum: 0,
    description: 'Quality policy: seconds a ticket is held for a closer partner (a pair needs one ticket past this, or an instant gap)',
  })
  min_wait_seconds: number;
  @ApiProperty({ example: 0, minimum: 0, description: 'Quality policy: a partner this close (rating points) is taken at once, held or not' })
  instant_gap: number;
  @ApiProperty({ example: 0, minimum: 0, description: 'Ready-check: seconds every player has to accept a found match before its session is created (0: off)' })
  accept_timeout_seconds: number;
  @ApiProperty({ example: 'default', description: 'The rating pool its sessions rate in and its matchmaking reads' }) pool: string;
  @ApiProperty({
    example: false,
    description: 'Whether results of sessions players created themselves (origin `player`) change ratings; false: recorded unrated',
  })
  player_sessions_rated: boolean;
  @ApiProperty({ example: false, description: 'The mode a join without `mode` uses' }) default: boolean;
  @ApiProperty({ type: 'integer', example: 7, description: 'Open tickets waiting in this mode now (a party counts once)' }) queue_size: number;
}

export class QueueModesDto {
  @ApiProperty({
    type: [QueueModeDto],
    example: [
      { name: 'ranked_1v1', teams: 2, team_size: 1, base_window: 100, window_growth: 20, max_window: 400, ticket_ttl_seconds: 600, party_rating: 'mean', min_wait_seconds: 0, instant_gap: 0, accept_timeout_seconds: 0, pool: 'default', player_sessions_rated: false, default: true, queue_size: 12 },
      { name: 'ranked_2v2', teams: 2, team_size: 2, base_window: 100, window_growth: 20, max_window: 400, ticket_ttl_seconds: 600, party_rating: 'max', min_wait_seconds: 0, instant_gap: 0, accept_timeout_seconds: 0, pool: 'default', player_sessions_rated: false, default: false, queue_size: 7 },
    ],
  })
  modes: QueueModeDto[];
}

const OPPONENT = { player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234 };

/** One example per status a player sees, each with only the fields that status fills. */
export const QUEUE_STATUS_EXAMPLES = {
  idle: { summary: 'Not queued', value: IDLE },
  queued: {
    summary: 'Queued, waiting for a partner',
    value: { ...IDLE, status: 'queued', mode: 'ranked_1v1', position: 3, queue_size: 12, waited_seconds: 4, estimated_wait_seconds: 8, rating_window: 180, held: false },
  },
  readyCheck: {
    summary: 'A match was found and waits for every player to accept',
    value: {
      ...IDLE,
      status: 'queued',
      mode: 'ranked_1v1',
      position: 1,
      queue_size: 2,
      waited_seconds: 6,
      estimated_wait_seconds: 1,
      rating_window: 220,
      held: false,
      pending_match: { match_id: 'a3f9c2d1e0b4k', deadline: '2026-11-23T20:00:20.000Z', accepted: false },
    },
  },
  matched: {
    summary: 'Matched: the session and the other players',
    value: { ...IDLE, status: 'matched', mode: 'ranked_1v1', session_id: '6660a1b2c3d4e5f601234567', opponent: OPPONENT, teammates: [], opponents: [OPPONENT] },
  },
};

export const READY_CHECK_EXAMPLES = {
  pending: { summary: 'Accepted; others have not answered yet', value: { match_id: 'a3f9c2d1e0b4k', status: 'pending', session_id: null } },
  confirmed: { summary: 'The last acceptance: the session exists', value: { match_id: 'a3f9c2d1e0b4k', status: 'confirmed', session_id: '6660a1b2c3d4e5f601234567' } },
};
