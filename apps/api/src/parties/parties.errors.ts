import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@libs/common';

export class AlreadyInPartyError extends ConflictError {
  constructor(partyId: string) {
    super(`Player is already in a party (${partyId}); leave it first`, 'ALREADY_IN_PARTY');
  }
}

export class PartyNotFoundError extends NotFoundError {
  constructor(partyId: string) {
    super(`Party ${partyId} not found`, 'PARTY_NOT_FOUND');
  }
}

export class NotInPartyError extends NotFoundError {
  constructor() {
    super('Player is not in a party', 'NOT_IN_PARTY');
  }
}

export class WrongInviteCodeError extends ForbiddenError {
  constructor() {
    super('Wrong invite code', 'INVALID_INVITE_CODE');
  }
}

export class PartyFullError extends ConflictError {
  constructor(maxSize: number) {
    super(`Party is full (${maxSize} members)`, 'PARTY_FULL');
  }
}

export class NotPartyMemberError extends ForbiddenError {
  constructor(message = 'Only members of the party may see it') {
    super(message, 'NOT_PARTY_MEMBER');
  }
}

export class PartyMemberNotFoundError extends NotFoundError {
  constructor(playerId: string) {
    super(`Player ${playerId} is not a member of this party`, 'PARTY_MEMBER_NOT_FOUND');
  }
}

export class InvalidPartyIdError extends InvalidInputError {
  constructor() {
    super('party_id is malformed', 'INVALID_PARTY_ID');
  }
}
