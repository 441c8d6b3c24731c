import supertest from 'supertest';
import type { Express } from 'express';

export const ADMIN_EMAIL = 'curator@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const ADMIN_ENV = { ADMIN_EMAIL, ADMIN_PASSWORD };

/** A supertest agent signed in to the dashboard (its cookie jar holds the session). */
export async function signedInAgent(app: Express, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<supertest.Agent> {
  const agent = supertest.agent(app);
  const res = await agent.post('/admin/login').type('form').send({ email, password });
  if (res.status !== 302) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 200)}`);
  return agent;
}
