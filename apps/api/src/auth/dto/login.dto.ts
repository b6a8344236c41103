import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class LoginDto {
  // Same shape rules as registration: no existing account can fall outside them, and nothing else reaches a query.
  @ApiProperty({ example: 'nova_striker', minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$', description: 'Case-insensitive' })
  @IsString()
  @Length(3, 32)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'username may contain only letters, digits, _ and -' })
  username: string;

  @ApiProperty({ example: 'correct-horse-battery', minLength: 1, maxLength: 128, format: 'password' })
  @IsString()
  @Length(1, 128)
  password: string;
}
