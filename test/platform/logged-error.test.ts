import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorFormatter } from '../../src/graphql/format-error';
import { createLogger } from '../../src/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Issue 20, item 5: the database error's `where` text reached the log with a slice of the record (a phone
 * number). The errors here are real PostgreSQL errors, raised by the values the probe sent.
 */
let testDb: TestDatabase;
const PHONE = '+8613800138000';

beforeAll(async () => {
  testDb = await createTestDatabase('logged_error');
});
afterAll(async () => testDb?.drop());

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', destination), text: () => lines.join('') };
}

async function databaseError(text: string, params: unknown[]): Promise<Error> {
  try {
    await testDb.database.query(text, params);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the statement was expected to fail');
}

describe('database errors in the log', () => {
  it('logs a NUL in a JSON record with its SQLSTATE and never the record slice PostgreSQL quotes in where/detail', async () => {
    const error = await databaseError('select $1::jsonb', [JSON.stringify({ phone: PHONE, name: 'a\u0000b' })]);
    // The fault as the issue saw it: PostgreSQL quotes the record around the bad character.
    expect(JSON.stringify({ ...error, message: error.message })).toContain(PHONE);

    const { logger, text } = capturingLogger();
    logger.error({ err: error }, 'ingestion failed');
    logger.error(error);
    const logged = text();
    expect(logged).not.toContain(PHONE);
    expect(logged).not.toContain('13800138000');
    expect(JSON.parse(logged.split('\n')[0]).err).toMatchObject({ code: (error as Error & { code: string }).code, message: expect.any(String) });
  });

  it('cuts the value a data exception quotes in its message, keeping code, table and column', async () => {
    await testDb.database.query('create table logged_error_probe (id int primary key, born date not null)');
    const error = await databaseError('insert into logged_error_probe (id, born) values (1, $1)', [`${PHONE}-01-01`]);
    expect(error.message).toContain(PHONE);
    const missing = await databaseError('insert into logged_error_probe (id, born) values (2, null)', []);

    const { logger, text } = capturingLogger();
    logger.warn({ err: error }, 'bad date');
    logger.warn({ err: missing }, 'missing date');
    const [first, second] = text().trim().split('\n').map((line) => JSON.parse(line));
    expect(text()).not.toContain(PHONE);
    expect(first.err.message).toContain('"…"');
    expect(second.err).toMatchObject({ code: '23502', table: 'logged_error_probe', column: 'born' });
  });

  it('answers a data exception in a GraphQL request with BAD_USER_INPUT and logs it without the value', async () => {
    const error = await databaseError('select $1::jsonb', [JSON.stringify({ phone: PHONE, x: '\u0000' })]);
    const { logger, text } = capturingLogger();
    const format = createErrorFormatter(logger);
    const formatted = format({ message: error.message, path: ['profiles'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(formatted)).not.toContain(PHONE);
    expect(text()).not.toContain(PHONE);
  });
});
