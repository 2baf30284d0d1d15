import { ConfigError, loadBffConfig } from '../../bff/src/config.js';

/** A complete, valid BFF configuration for tests of single settings (development, not production). */
export const GOOD_BFF_SETTINGS = Object.freeze({
  ISSUER_BASE_URL: 'http://localhost:4000',
  APP_BASE_URL: 'http://localhost:3000',
  API_BASE_URL: 'http://localhost:3001',
  CLIENT_ID: 'bff-demo',
  AUDIENCE: 'https://api.bff-demo.local',
  CLIENT_SECRET: 'a-client-secret',
  SESSION_SECRET: 'x'.repeat(16) + 'abcdefghijklmnopqrstuvwxyz',
});

/** The start-up message these settings are refused with, or '' when they load. */
export function configProblems(env: Record<string, string | undefined>, file: Record<string, unknown> = {}, dir?: string): string {
  try {
    loadBffConfig(env, file, dir);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}
