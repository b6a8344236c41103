import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
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
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentActor, PlayerActor, Public, Roles } from '@libs/common';
import { BEARER } from '../swagger';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { ProfileDto } from './dto/profile.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto, RegisteredPlayerDto } from './dto/register.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { ProfileService } from './profile.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly profiles: ProfileService,
  ) {}

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

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns an access token and a single-use refresh token' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ description: 'Malformed body or unknown fields' })
  @ApiUnauthorizedResponse({ description: 'Invalid username or password (one message for both)' })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for this username or from this client; see Retry-After',
    headers: { 'Retry-After': { description: 'Seconds until the failure window ends', schema: { type: 'integer' } } },
  })
  login(@Body() body: LoginDto, @Ip() clientIp: string): Promise<TokenPairDto> {
    return this.auth.login({ username: body.username, clientIp }, body.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (the old refresh token is then used up)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ description: 'Malformed body or unknown fields' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired or revoked refresh token; a reused one also revokes its whole login' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refresh_token);
  }

  @Post('logout')
  @HttpCode(204)
  @Roles('player')
  @ApiBearerAuth(BEARER)
  @ApiOperation({ summary: 'Log out: this access token and its refresh token stop working at once' })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked access token' })
  @ApiForbiddenResponse({ description: 'Not a player token (e.g. a game-server key)' })
  logout(@CurrentActor() token: PlayerActor): Promise<void> {
    return this.auth.logout(token);
  }

  @Get('profile')
  @Roles('player')
  @ApiBearerAuth(BEARER)
  @ApiOperation({ summary: "The signed-in player's profile, stats, rating history and recent sessions" })
  @ApiOkResponse({ type: ProfileDto })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked access token' })
  @ApiForbiddenResponse({ description: 'Not a player token (e.g. a game-server key)' })
  @ApiNotFoundResponse({ description: 'The account behind the token no longer exists' })
  profile(@CurrentActor() token: PlayerActor): Promise<ProfileDto> {
    return this.profiles.profile(token.playerId);
  }
}
