import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Actor, ForbiddenError, IS_PUBLIC, Role, ROLES, UnauthorizedError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { JwtStrategy } from './jwt.strategy';

/**
 * Global guard: public routes pass; `X-Server-Key` authenticates a game server (role `server`); anything else needs a
 * valid Bearer access token (role `player`, through the passport-jwt strategy). `@Roles(...)` then narrows who may
 * call the route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly serverKeyDigest: Buffer | null;
  /**
   * Each route's `@Public()` and `@Roles(...)` by controller class and handler, read from their metadata once
   * (decorators do not change after boot; a handler inherited by two controllers gets each one's class metadata).
   */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtStrategy,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.serverKeyDigest = config.gameServerKey ? digest(config.gameServerKey) : null;
  }

  // A public route is answered at once (no promise for Nest to await); the others after authentication.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.accessOf(context).isPublic) return true;
    return this.authenticate(context);
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let handlers = this.access.get(controller);
    if (!handlers) this.access.set(controller, (handlers = new WeakMap()));
    let access = handlers.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
      };
      handlers.set(handler, access);
    }
    return access;
  }

  /** Server key or Bearer token, then `@Roles`; also the fallback of route guards that accept other credentials. */
  protected async authenticate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor; user?: Actor }>();
    const serverKey = request.headers['x-server-key'];
    if (serverKey !== undefined) {
      if (!this.isServerKey(serverKey)) throw new UnauthorizedError('Invalid server key');
      request.actor = { role: 'server' };
    } else {
      request.actor = await this.bearer(request);
    }

    const { roles } = this.accessOf(context);
    if (roles && !roles.includes(request.actor.role)) {
      throw new ForbiddenError(`This endpoint is for the ${roles.join(' or ')} role`);
    }
    return true;
  }

  /**
   * Runs this application's own passport-jwt strategy the way passport drives a strategy (a per-request object that
   * answers with `success`, `fail` or `error`), rather than through `passport.authenticate`: passport's middleware
   * adds nothing for one stateless strategy without sessions, and it was a measurable share of every authenticated
   * request. The strategy instance is this app's, never passport's process-wide registry by name, so several
   * applications in one process (replicas in the tests) never verify with each other's Redis.
   */
  private bearer(request: FastifyRequest): Promise<Actor> {
    return new Promise((resolve, reject) => {
      // passport augments the strategy object it is given per request, so each request gets its own (as passport does).
      const attempt = Object.create(this.jwt) as JwtStrategy & StrategyAttempt;
      attempt.success = (actor) => resolve(actor);
      // A bad, expired or revoked token: the verifier's own 401 when it gave one.
      attempt.fail = (info) => reject(info instanceof UnauthorizedError ? info : new UnauthorizedError('Missing or invalid access token'));
      // Anything else (the revocation lookup's Redis) passes through: an outage is a 503, never a 401.
      attempt.error = (error) => reject(error);
      attempt.pass = attempt.redirect = () => reject(new UnauthorizedError('Missing or invalid access token'));
      attempt.authenticate(request, { session: false });
    });
  }

  private isServerKey(value: string | string[]): boolean {
    if (!this.serverKeyDigest || typeof value !== 'string') return false;
    // Comparing fixed-length digests keeps the comparison constant-time regardless of the input's length.
    return timingSafeEqual(digest(value), this.serverKeyDigest);
  }
}

interface RouteAccess {
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** The answers a passport strategy gives for one request (passport-strategy's contract). */
interface StrategyAttempt {
  success(actor: Actor): void;
  fail(info?: unknown): void;
  error(error: unknown): void;
  pass(): void;
  redirect(): void;
  authenticate(request: unknown, options: { session: false }): void;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
