import { ApiProperty } from '@nestjs/swagger';
import { SESSION_ORIGINS, SESSION_STATUSES } from '@libs/database';
import type { SessionOrigin } from '../session.model';
import type { SessionStatus } from '../session-status';
import type { SessionHistoryView, SessionPlayerView, SessionView } from '../session.view';
import { VIEW_HISTORY_LIMIT } from '../session.view';

export class SessionPlayerDto implements SessionPlayerView {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
  @ApiProperty({ type: 'integer', example: 1200, description: 'Rating when the session was created' }) rating: number;
  @ApiProperty({ type: 'integer', example: 0, description: "Index of the player's team in `teams`" }) team: number;
}

export class SessionHistoryEntryDto implements SessionHistoryView {
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:05:00.000Z' }) timestamp: string;
  @ApiProperty({ example: 'session_state_changed' }) event: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { from: 'waiting', to: 'active' } }) details: Record<string, unknown>;
}

export class SessionDto implements SessionView {
  @ApiProperty({ example: '6660a1b2c3d4e5f601234567' }) session_id: string;
  @ApiProperty({ example: 'ranked_1v1' }) mode: string;
  @ApiProperty({
    enum: SESSION_STATUSES,
    example: 'active',
    description: '`pending_acceptance`: a player created it and not every invited player accepted yet (nobody is placed); `cancelled`: such an invitation was declined, expired or deleted',
  })
  status: SessionStatus;
  @ApiProperty({
    enum: SESSION_ORIGINS,
    example: 'server',
    description:
      'Who created it: `matchmaker` (from the queue), `server` (a game server), `player` (one of its players; its results change ' +
      "ratings only where the mode's `player_sessions_rated` allows). Sessions from before origins were recorded read as `server`",
  })
  origin: SessionOrigin;
  @ApiProperty({
    type: [SessionPlayerDto],
    example: [
      { player_id: '665f1c2b9d3e4a0012345678', username: 'nova_striker', rating: 1200, team: 0 },
      { player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234, team: 1 },
    ],
  })
  players: SessionPlayerDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [['665f1c2b9d3e4a0012345678'], ['665f1c2b9d3e4a0012345679']],
    description: 'Player ids per team, in team order (result placements follow this order); one player per team unless created with teams',
  })
  teams: string[][];
  @ApiProperty({ type: 'object', additionalProperties: true, example: { map: 'dust', round: 1 } }) state: Record<string, unknown>;
  @ApiProperty({ type: 'integer', example: 2, description: 'Bumped by every change' }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:05:00.000Z' }) updated_at: string;
  @ApiProperty({
    type: [SessionHistoryEntryDto],
    description: `Oldest first; the newest ${VIEW_HISTORY_LIMIT} entries`,
    example: [
      { timestamp: '2026-11-23T20:00:00.000Z', event: 'session_created', details: { mode: 'ranked_1v1', player_ids: ['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a0012345679'] } },
      { timestamp: '2026-11-23T20:05:00.000Z', event: 'session_state_changed', details: { from: 'waiting', to: 'active' } },
    ],
  })
  history: SessionHistoryEntryDto[];
}

export class DeletedSessionDto {
  @ApiProperty({ example: '6660a1b2c3d4e5f601234567' }) session_id: string;
  @ApiProperty({ enum: SESSION_STATUSES, example: 'abandoned', description: 'Final status: abandoned if it had not finished, cancelled if it was still waiting for acceptances' })
  status: SessionStatus;
}

const PLAYERS = [
  { player_id: '665f1c2b9d3e4a0012345678', username: 'nova_striker', rating: 1200, team: 0 },
  { player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234, team: 1 },
];
const TEAMS = [['665f1c2b9d3e4a0012345678'], ['665f1c2b9d3e4a0012345679']];
const PLAYER_CREATED = {
  timestamp: '2026-11-23T20:00:00.000Z',
  event: 'session_created',
  details: {
    mode: 'casual_1v1',
    player_ids: ['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a0012345679'],
    teams: TEAMS,
    inviter_id: '665f1c2b9d3e4a0012345678',
    expires_at: '2026-11-23T20:02:00.000Z',
  },
};
const invited = {
  session_id: '6660a1b2c3d4e5f601234567',
  mode: 'casual_1v1',
  status: 'pending_acceptance',
  origin: 'player',
  players: PLAYERS,
  teams: TEAMS,
  state: {},
  version: 1,
  created_at: '2026-11-23T20:00:00.000Z',
  updated_at: '2026-11-23T20:00:00.000Z',
  history: [PLAYER_CREATED],
};

/** Per-status examples: the schema's own example is a session in play, which a creation or an acceptance never returns. */
export const CREATED_SESSION_EXAMPLES = {
  server: {
    summary: 'Created by a game server: waiting, every player placed',
    value: {
      ...invited,
      mode: 'ranked_1v1',
      status: 'waiting',
      origin: 'server',
      state: { map: 'dust' },
      history: [{ timestamp: '2026-11-23T20:00:00.000Z', event: 'session_created', details: { mode: 'ranked_1v1', player_ids: ['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a0012345679'] } }],
    },
  },
  player: { summary: 'Created by a player: the others are invited', value: invited },
};

export const ACCEPTED_SESSION_EXAMPLES = {
  pending: { summary: 'Accepted; others have not answered yet', value: invited },
  placed: {
    summary: 'The last acceptance: every player is placed',
    value: {
      ...invited,
      status: 'waiting',
      version: 2,
      updated_at: '2026-11-23T20:00:40.000Z',
      history: [
        PLAYER_CREATED,
        { timestamp: '2026-11-23T20:00:40.000Z', event: 'session_state_changed', details: { from: 'pending_acceptance', to: 'waiting', reason: 'accepted' } },
      ],
    },
  },
};
