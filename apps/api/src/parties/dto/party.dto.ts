import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { PartyMemberView, PartyView } from '../parties.service';

export class JoinPartyDto {
  @ApiProperty({ example: '9f86d081884c7d65', description: 'The invite code the leader shares (from the party view)' })
  @IsString()
  @Matches(/^[0-9a-f]{16}$/, { message: 'invite_code must be 16 hexadecimal characters' })
  invite_code: string;
}

export class PartyMemberDto implements PartyMemberView {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
  @ApiProperty({ type: 'integer', example: 1240, description: 'Current rating' }) rating: number;
}

export class PartyDto implements PartyView {
  @ApiProperty({ example: 'party_4f1c2b9d3e4a00123456', pattern: '^party_[0-9a-f]{20}$' }) party_id: string;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) leader_id: string;
  @ApiProperty({ type: [PartyMemberDto], description: 'Longest-standing member first' }) members: PartyMemberDto[];
  @ApiProperty({ example: '9f86d081884c7d65', description: 'Share it with friends so they can join' }) invite_code: string;
  @ApiProperty({ type: 'integer', example: 5, description: 'Most members a party may have (the largest team size of the modes)' }) max_size: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:00.000Z' }) created_at: string;
}
