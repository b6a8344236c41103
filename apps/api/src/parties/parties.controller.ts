import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentActor, PlayerActor, Roles } from '@libs/common';
import { BEARER } from '../swagger';
import { JoinPartyDto, PartyDto } from './dto/party.dto';
import { PartiesService } from './parties.service';

const PARTY_ID_PARAM = { name: 'party_id', description: 'The party id (from the party view)', example: 'party_4f1c2b9d3e4a00123456' };
const MALFORMED_PARTY_ID = 'party_id is malformed';
const PARTY_NOT_FOUND = 'Party party_4f1c2b9d3e4a00123456 not found';
const NOT_A_PLAYER = 'This endpoint is for the player role';

@ApiTags('parties')
@ApiBearerAuth(BEARER)
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token', example: 'Missing or invalid access token' })
@Roles('player')
@Controller('api/v1/parties')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Post()
  @ApiOperation({ operationId: 'createParty', summary: 'Create a party; the caller becomes its leader' })
  @ApiCreatedResponse({ type: PartyDto, description: 'The new party with its invite code' })
  @ApiConflictResponse({ description: 'Already in a party (ALREADY_IN_PARTY)', example: 'Player is already in a party (party_4f1c2b9d3e4a00123456); leave it first' })
  @ApiForbiddenResponse({ description: 'Not a player token', example: NOT_A_PLAYER })
  create(@CurrentActor() actor: PlayerActor): Promise<PartyDto> {
    return this.parties.create(actor.playerId);
  }

  @Get('me')
  @ApiOperation({ operationId: 'getMyParty', summary: "The caller's party" })
  @ApiOkResponse({ type: PartyDto, description: "The caller's party" })
  @ApiNotFoundResponse({ description: 'Not in a party (NOT_IN_PARTY)', example: 'Player is not in a party' })
  @ApiForbiddenResponse({ description: 'Not a player token', example: NOT_A_PLAYER })
  mine(@CurrentActor() actor: PlayerActor): Promise<PartyDto> {
    return this.parties.mine(actor.playerId);
  }

  @Post(':party_id/join')
  @HttpCode(200)
  @ApiOperation({ operationId: 'joinParty', summary: 'Join a party with its invite code' })
  @ApiParam(PARTY_ID_PARAM)
  @ApiOkResponse({
    type: PartyDto,
    description: 'The party, the caller now a member',
    example: {
      party_id: 'party_4f1c2b9d3e4a00123456',
      leader_id: '665f1c2b9d3e4a0012345678',
      members: [
        { player_id: '665f1c2b9d3e4a0012345678', username: 'nova_striker', rating: 1240 },
        { player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1225 },
      ],
      invite_code: '9f86d081884c7d65',
      max_size: 5,
      created_at: '2026-11-23T20:00:00.000Z',
    },
  })
  @ApiBadRequestResponse({ description: 'Malformed party id or invite code, or unknown fields', example: 'invite_code must be 16 hexadecimal characters' })
  @ApiForbiddenResponse({ description: 'Wrong invite code (INVALID_INVITE_CODE), or not a player token', example: 'Wrong invite code' })
  @ApiNotFoundResponse({ description: 'No such party (PARTY_NOT_FOUND): never created, disbanded or expired', example: PARTY_NOT_FOUND })
  @ApiConflictResponse({ description: 'Party full (PARTY_FULL) or already in another party (ALREADY_IN_PARTY)', example: 'Party is full (5 members)' })
  join(@CurrentActor() actor: PlayerActor, @Param('party_id') partyId: string, @Body() body: JoinPartyDto): Promise<PartyDto> {
    return this.parties.join(partyId, actor.playerId, body.invite_code);
  }

  @Get(':party_id')
  @ApiOperation({ operationId: 'getParty', summary: 'A party (members only)' })
  @ApiParam(PARTY_ID_PARAM)
  @ApiOkResponse({ type: PartyDto, description: 'The party' })
  @ApiBadRequestResponse({ description: 'Malformed party id', example: MALFORMED_PARTY_ID })
  @ApiForbiddenResponse({ description: 'Not a member (NOT_PARTY_MEMBER), or not a player token', example: 'Only members of the party may see it' })
  @ApiNotFoundResponse({ description: 'No such party (PARTY_NOT_FOUND): never created, disbanded or expired', example: PARTY_NOT_FOUND })
  get(@CurrentActor() actor: PlayerActor, @Param('party_id') partyId: string): Promise<PartyDto> {
    return this.parties.get(partyId, actor.playerId);
  }

  @Delete(':party_id/members/:player_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removePartyMember', summary: 'Leave the party (own id) or, as leader, remove a member; the last member leaving disbands it' })
  @ApiParam(PARTY_ID_PARAM)
  @ApiParam({ name: 'player_id', description: 'The member who leaves or is removed', example: '665f1c2b9d3e4a0012345679' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: 'Malformed party id', example: MALFORMED_PARTY_ID })
  @ApiForbiddenResponse({ description: 'Not a member, or not the leader removing someone else (NOT_PARTY_MEMBER), or not a player token', example: 'Only the leader may remove another member' })
  @ApiNotFoundResponse({
    description: 'No such party (PARTY_NOT_FOUND), or the player is not a member (PARTY_MEMBER_NOT_FOUND)',
    example: 'Player 665f1c2b9d3e4a0012345679 is not a member of this party',
  })
  remove(@CurrentActor() actor: PlayerActor, @Param('party_id') partyId: string, @Param('player_id') playerId: string): Promise<void> {
    return this.parties.removeMember(partyId, actor.playerId, playerId);
  }
}
