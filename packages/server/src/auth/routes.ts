import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, SESSION_COOKIE } from '../platform/actor.ts';
import { ROLE_NAMES } from '@xiuhua/domain/workflow';
import { errors } from '../platform/schemas.ts';
import { Me } from './schemas.ts';
import { KNOWN_BROWSER_COOKIE, KNOWN_BROWSER_DAYS } from './throttle.ts';
import { IDENTIFIER } from '../platform/input-limits.ts';

export const authRoutes: FastifyPluginAsyncTypebox<{ rateLimit: number }> = async (app, opts) => {
  const { auth, directory } = app.services;

  const me = async (actor: ReturnType<typeof requireActor>) => {
    const unit = (await directory.unit(actor.user.unit_id))!;
    const area = (await directory.area(unit.area_code))!;
    return {
      id: actor.user.id,
      username: actor.user.username,
      displayName: actor.user.display_name,
      roles: actor.roles,
      roleNames: actor.roles.map((r) => ROLE_NAMES[r]?.zh ?? r),
      unit: { id: unit.id, name: unit.name, kind: unit.kind },
      area: { code: area.code, name: area.name, level: area.level },
      cityWide: actor.scope.cityWide,
    };
  };

  app.post(
    '/login',
    {
      config: {
        public: true,
        signsIn: true,
        rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session cookie',
        security: [],
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 40, ...IDENTIFIER }),
            password: Type.String({ minLength: 1, maxLength: 200, ...IDENTIFIER }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Me, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, browserToken } = await auth.login(
        request.body.username,
        request.body.password,
        { address: request.ip, browserToken: request.cookies[KNOWN_BROWSER_COOKIE] },
      );
      const cookie = {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
      } as const;
      reply.setCookie(SESSION_COOKIE, token, { ...cookie, expires: expiresAt });
      // A browser that signed in is exempt from the account's login throttle (auth/throttle.ts).
      reply.setCookie(KNOWN_BROWSER_COOKIE, browserToken, {
        ...cookie,
        path: '/api/auth',
        maxAge: KNOWN_BROWSER_DAYS * 24 * 3600,
      });
      const actor = (await auth.fromSession(token))!;
      return await me(actor);
    },
  );

  app.post(
    '/logout',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'End the session', security: [], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  // The console's first look, on every page and the login page too: who is signed in, if anyone,
  // as a 200 (a 401 from /me would show in the browser's console as an error before signing in).
  app.get(
    '/session',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, unit and area, or null when nobody is signed in',
        security: [],
        response: { 200: Type.Object({ user: Type.Union([Me, Type.Null()]) }) },
      },
    },
    async (request) => ({ user: request.actor ? await me(request.actor) : null }),
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, unit and area',
        response: { 200: Me, ...errors(401) },
      },
    },
    async (request) => me(requireActor(request)),
  );
};
