import type { DomainEventMap, DomainEventMeta, DomainEventName, MatchPlayer } from '@libs/domain-events';

/** Where a stream event goes: one player's stream, or the game-server stream. */
export type Audience = { player: string } | 'servers';

export interface OutgoingEvent {
  to: Audience;
  event: string;
  data: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const team = (players: MatchPlayer[]) => players.map((p) => ({ player_id: p.playerId, username: p.username, rating: p.rating }));

type Mapper<K extends DomainEventName> = (e: DomainEventMap[K]) => OutgoingEvent[];

/**
 * The event catalogue (docs/events.md): which stream events each domain event becomes, with their payloads. The
 * publisher adds `trace_id` to every payload.
 */
const CATALOGUE: { [K in DomainEventName]: Mapper<K> } = {
  'queue.joined': (e) => [{ to: { player: e.playerId }, event: 'queue.joined', data: { mode: e.mode, rating: e.rating, joined_at: iso(e.joinedAt) } }],
  'queue.left': (e) => [{ to: { player: e.playerId }, event: 'queue.left', data: { mode: e.mode, reason: e.reason } }],
  'match.found': (e) => {
    const data = { session_id: e.sessionId, mode: e.mode, teams: e.teams.map(team) };
    return e.teams.flat().map((p) => ({ to: { player: p.playerId }, event: 'match.found', data }));
  },
  'match.accept_required': (e) => {
    const data = { match_id: e.matchId, mode: e.mode, teams: e.teams.map(team), deadline: iso(e.deadline) };
    return e.teams.flat().map((p) => ({ to: { player: p.playerId }, event: 'match.accept_required', data }));
  },
  'match.cancelled': (e) =>
    e.playerIds.map((id) => ({
      to: { player: id },
      event: 'match.cancelled',
      data: { match_id: e.matchId, mode: e.mode, reason: e.reason, requeued: e.requeued.includes(id) },
    })),
  'session.created': (e) => [{ to: 'servers', event: 'session.created', data: { ...e.session } }],
  'session.invited': (e) => {
    const data = { session_id: e.sessionId, mode: e.mode, inviter_id: e.inviterId, expires_at: iso(e.expiresAt) };
    return e.inviteeIds.map((id): OutgoingEvent => ({ to: { player: id }, event: 'session.invited', data }));
  },
  'session.changed': (e) => {
    const event = e.ended ? 'session.ended' : 'session.updated';
    const data = e.ended ? { session_id: e.sessionId, status: e.status, reason: e.reason } : { session_id: e.sessionId, status: e.status, version: e.version };
    return [...e.playerIds.map((id): OutgoingEvent => ({ to: { player: id }, event, data })), { to: 'servers', event, data }];
  },
  'rating.changed': (e) => {
    const ratings = e.changes.map(
      (c): OutgoingEvent => ({
        to: { player: c.playerId },
        event: 'rating.changed',
        data: { session_id: e.sessionId, old_rating: c.oldRating, new_rating: c.newRating, change: c.change },
      }),
    );
    if (!e.sessionEnded) return ratings;
    const data = { session_id: e.sessionId, status: 'completed', reason: 'result' };
    return [...ratings, ...e.changes.map((c): OutgoingEvent => ({ to: { player: c.playerId }, event: 'session.ended', data })), { to: 'servers', event: 'session.ended', data }];
  },
  'party.updated': (e) => {
    const data = { party_id: e.partyId, member_ids: e.memberIds, leader_id: e.leaderId, reason: e.reason };
    const members = e.memberIds.map((id): OutgoingEvent => ({ to: { player: id }, event: 'party.updated', data }));
    const former = e.formerMemberIds.map((id): OutgoingEvent => ({ to: { player: id }, event: 'party.updated', data: { ...data, member: false } }));
    return [...members, ...former];
  },
};

export function toStreamEvents<K extends DomainEventName>(name: K, payload: DomainEventMap[K], meta: DomainEventMeta): OutgoingEvent[] {
  return (CATALOGUE[name] as Mapper<K>)(payload).map((o) => ({ ...o, data: { ...o.data, trace_id: meta.traceId } }));
}

export const DOMAIN_EVENT_NAMES = Object.keys(CATALOGUE) as DomainEventName[];
