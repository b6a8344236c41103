import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ example: 'q3Zc0JvXoTQy2M8rH1kK9w.7yqP0c5e4Xb3lYtN1s2vW6aZr8uMfJdKgHhQeLiOpRk', description: 'The refresh_token from login or the last refresh' })
  @IsString()
  @Length(1, 1024)
  refresh_token: string;
}
