import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
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
import { ClientIp } from '../http/client-ip.decorator';
import { BEARER } from '../swagger';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { ProfileDto, ProfileQueryDto } from './dto/profile.dto';
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
  @ApiOperation({ operationId: 'register', summary: 'Register a player' })
  @ApiCreatedResponse({ type: RegisteredPlayerDto, description: 'The new player, with the starting rating' })
  @ApiBadRequestResponse({ description: 'Invalid username or password, or unknown fields', example: 'password must be longer than or equal to 8 characters' })
  @ApiConflictResponse({ description: 'Username already taken (case-insensitively)', example: 'Username "nova_striker" is already taken' })
  @ApiTooManyRequestsResponse({
    description: 'Too many registrations from this client address; see Retry-After',
    headers: { 'Retry-After': { description: 'Seconds until the registration window ends', schema: { type: 'integer' } } },
    example: 'Too many registrations from this client; try again later',
  })
  register(@Body() body: RegisterDto, @ClientIp() clientIp: string): Promise<RegisteredPlayerDto> {
    return this.auth.register(body.username, body.password, clientIp);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Log in; returns an access token and a single-use refresh token' })
  @ApiOkResponse({ type: TokenPairDto, description: 'Logged in: paste `access_token` into Authorize → bearer' })
  @ApiBadRequestResponse({ description: 'Malformed body or unknown fields', example: 'username must be longer than or equal to 3 characters' })
  @ApiUnauthorizedResponse({ description: 'Invalid username or password (one message for both)', example: 'Invalid username or password' })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for this username or from this client; see Retry-After',
    example: 'Too many failed login attempts; try again later',
    headers: { 'Retry-After': { description: 'Seconds until the failure window ends', schema: { type: 'integer' } } },
  })
  @Header('Cache-Control', 'no-store')
  login(@Body() body: LoginDto, @ClientIp() clientIp: string): Promise<TokenPairDto> {
    return this.auth.login({ username: body.username, clientIp }, body.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ operationId: 'refreshTokens', summary: 'Exchange a refresh token for a new token pair (the old refresh token is then used up)' })
  @ApiOkResponse({ type: TokenPairDto, description: 'A new access token and a new single-use refresh token' })
  @ApiBadRequestResponse({ description: 'Malformed body or unknown fields', example: 'refresh_token must be a string' })
  @ApiUnauthorizedResponse({
    description: 'Unknown, expired or revoked refresh token; a reused one also revokes its whole login',
    example: 'Invalid or expired refresh token',
  })
  @Header('Cache-Control', 'no-store')
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refresh_token);
  }

  @Post('logout')
  @HttpCode(204)
  @Roles('player')
  @ApiBearerAuth(BEARER)
  @ApiOperation({ operationId: 'logout', summary: 'Log out: this access token and its refresh token stop working at once' })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked access token' })
  @ApiForbiddenResponse({ description: 'Not a player token (e.g. a game-server key)' })
  logout(@CurrentActor() token: PlayerActor): Promise<void> {
    return this.auth.logout(token);
  }

  @Get('profile')
  @Roles('player')
  @ApiBearerAuth(BEARER)
  @ApiOperation({ operationId: 'getProfile', summary: "The signed-in player's profile, stats, rating history and recent sessions; with `?pool=` also their rating in that pool and the list of their pools" })
  @ApiOkResponse({ type: ProfileDto, description: 'The profile of the player the access token belongs to' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked access token' })
  @ApiForbiddenResponse({ description: 'Not a player token (e.g. a game-server key)' })
  @ApiNotFoundResponse({ description: 'The account behind the token no longer exists, or unknown pool', example: 'Player 665f1c2b9d3e4a0012345678 not found' })
  @ApiBadRequestResponse({ description: 'Malformed pool name, or unknown query parameters', example: 'pool must be 1 to 32 characters of a-z, 0-9 and _' })
  profile(@CurrentActor() token: PlayerActor, @Query() query: ProfileQueryDto): Promise<ProfileDto> {
    return this.profiles.profile(token.playerId, query.pool);
  }
}
