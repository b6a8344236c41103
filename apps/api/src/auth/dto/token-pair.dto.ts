import { ApiProperty } from '@nestjs/swagger';

export class TokenPairDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoicGxheWVyIn0.c2lnbmF0dXJl', description: 'JWT access token (HS256)' })
  access_token: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ type: 'integer', example: 900, description: 'Access-token lifetime in seconds' })
  expires_in: number;

  @ApiProperty({
    example: 'q3Zc0JvXoTQy2M8rH1kK9w.7yqP0c5e4Xb3lYtN1s2vW6aZr8uMfJdKgHhQeLiOpRk',
    description: 'Opaque, single-use refresh token; each refresh returns a new one',
  })
  refresh_token: string;

  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' })
  player_id: string;
}
