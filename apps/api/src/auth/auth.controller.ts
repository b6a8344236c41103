import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@libs/common';
import { AuthService } from './auth.service';
import { RegisterDto, RegisteredPlayerDto } from './dto/register.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a player' })
  @ApiCreatedResponse({ type: RegisteredPlayerDto })
  @ApiBadRequestResponse({ description: 'Invalid username or password, or unknown fields' })
  @ApiConflictResponse({ description: 'Username already taken (case-insensitively)' })
  register(@Body() body: RegisterDto): Promise<RegisteredPlayerDto> {
    return this.auth.register(body.username, body.password);
  }
}
