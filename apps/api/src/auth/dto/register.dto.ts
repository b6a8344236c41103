import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'nova_striker', minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$', description: 'Unique, case-insensitively' })
  @IsString()
  @Length(3, 32)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'username may contain only letters, digits, _ and -' })
  username: string;

  @ApiProperty({ example: 'correct-horse-battery', minLength: 8, maxLength: 128, format: 'password' })
  @IsString()
  @Length(8, 128)
  password: string;
}

export class RegisteredPlayerDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
  @ApiProperty({ type: 'integer', example: 1200, description: 'The starting rating (INITIAL_RATING)' }) rating: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:00.000Z' }) created_at: string;
}
