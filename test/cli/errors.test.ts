import { describe, expect, it } from 'vitest';
import type { CliClient } from '../../src/cli/client-types.js';
import { describeError, formatError, REQUIRED_SCOPES } from '../../src/cli/errors.js';
import { CliError, ExitCode, usageError } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/program.js';
import { Redactor } from '../../src/cli/redact.js';
import {
  ConnectionError,
  DownloadError,
  JobFailedError,
  OAuthError,
  PollTimeoutError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  ZohoApiError,
} from '../../src/core/errors.js';
import { createTestContext } from './helpers/memory-context.js';

const REFRESH = '1000.3421ad0e1a6fe44663ea112b8b1c4fdf.cd38e645e3d7423651d17368855bc1c5';
const SECRET = 'my-client-secret-value';

describe('describeError', () => {
  it.each([
    [
      new OAuthError('refused', { code: 'invalid_client' }),
      4,
      'invalid_client',
      /wrong data centre\? .*--dc eu/,
    ],
    [
      new OAuthError('refused', { code: 'invalid_code' }),
      4,
      'invalid_code',
      /refresh token was revoked.*grant code expired/,
    ],
    [
      new OAuthError('refused', { code: 'Access Denied' }),
      4,
      'Access Denied',
      /10 access tokens per 10 minutes/,
    ],
    [
      new ZohoApiError('Unauthorized', { status: 401, code: 'OAUTH_SCOPE_MISMATCH' }),
      4,
      'OAUTH_SCOPE_MISMATCH',
      new RegExp(REQUIRED_SCOPES.replace(/\./g, '\\.')),
    ],
    [
      new ZohoApiError('invalid oauth token', { status: 401, code: 'INVALID_TOKEN' }),
      4,
      'INVALID_TOKEN',
      /1 hour/,
    ],
    [
      new RateLimitError('slow down', { code: 'TOO_MANY_REQUESTS' }),
      5,
      'TOO_MANY_REQUESTS',
      /rate, credit or concurrency/,
    ],
    [new ZohoApiError('bad', { status: 400, code: 'INVALID_CRITERIA' }), 5, 'INVALID_CRITERIA', /--where/],
    [
      new ZohoApiError('no module', { status: 400, code: 'MODULE_NOT_AVAILABLE' }),
      5,
      'MODULE_NOT_AVAILABLE',
      /module API name/,
    ],
    [new ZohoApiError('boom', { status: 500, code: 'INTERNAL_ERROR' }), 5, 'INTERNAL_ERROR', /server error/],
    [new JobFailedError('job 1 failed', { job: {}, jobId: '1' }), 6, 'JOB_FAILED', undefined],
    [new PollTimeoutError('gave up', { jobId: '42' }), 7, 'POLL_TIMEOUT', /job … 42 --wait/],
    [new ConnectionError('refused', { notSent: true }), 8, 'CONNECTION', /network/],
    [new ConnectionError('slow', { isTimeout: true }), 8, 'TIMEOUT', /network/],
    [new DownloadError('bad zip', { isRetryable: true }), 5, 'DOWNLOAD', /--resume/],
    [new ResponseValidationError('odd', { issues: [] }), 5, 'UNEXPECTED_RESPONSE', /--debug/],
    [usageError('bad flag', 'fix it'), 2, undefined, /fix it/],
    [new CliError('no creds', { exitCode: 4, code: 'NO_CREDENTIALS' }), 4, 'NO_CREDENTIALS', undefined],
    [Object.assign(new Error('stop'), { name: 'AbortError' }), 130, undefined, undefined],
    [new TypeError('oops'), 1, undefined, /--debug/],
  ])('%s → exit %i', (error, exitCode, code, hint) => {
    const d = describeError(error);
    expect(d.exitCode).toBe(exitCode);
    expect(d.code).toBe(code);
    if (hint) expect(d.hint).toMatch(hint);
    else expect(d.hint).toBeUndefined();
  });

  it('lists request validation issues (exit 2)', () => {
    const d = describeError(
      new RequestValidationError('Invalid criteria', {
        issues: [{ code: 'too_big', path: ['criteria', 'group', 0, 'value'], message: 'at most 20 values' }],
      }),
    );
    expect(d.exitCode).toBe(2);
    expect(d.message).toBe('Invalid criteria (criteria.group.0.value: at most 20 values)');
  });
});

describe('formatError', () => {
  it('prints one line with code and hint, and the stack only with debug', () => {
    const redactor = new Redactor();
    const error = new OAuthError('Zoho Accounts refused the token request: invalid_client', {
      code: 'invalid_client',
    });
    const plain = formatError(error, { debug: false, redactor });
    expect(plain.exitCode).toBe(4);
    expect(plain.lines).toHaveLength(1);
    expect(plain.lines[0]).toMatch(
      /^Error \[invalid_client\]: Zoho Accounts refused .* \(hint: wrong data centre\?/,
    );
    const debug = formatError(error, { debug: true, redactor });
    expect(debug.lines.length).toBeGreaterThan(2);
    expect(debug.lines[1]).toMatch(/^OAuthError: /);
    expect(debug.lines.some((l) => l.includes('errors.test.ts'))).toBe(true);
  });

  it('never prints a secret, even one inside a message, a cause or a stack', () => {
    const redactor = new Redactor([SECRET, REFRESH]);
    const cause = new Error(`request with client_secret=${SECRET} failed`);
    const error = new Error(
      `token ${REFRESH} and header Zoho-oauthtoken 1000.abc.def and ${encodeURIComponent(SECRET)}`,
      {
        cause,
      },
    );
    for (const debug of [false, true]) {
      const text = formatError(error, { debug, redactor }).lines.join('\n');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(REFRESH);
      expect(text).not.toContain('1000.abc.def');
      expect(text).toContain('[REDACTED]');
    }
  });

  it('folds a multi-line message into one line', () => {
    const { lines } = formatError(new Error('a\n  b'), { debug: false, redactor: new Redactor() });
    expect(lines[0]).toBe('Error: a b (hint: rerun with --debug for the stack trace)');
  });
});

describe('errors through runCli', () => {
  it('exits with the mapped code and redacts secrets from the environment', async () => {
    const failing = {
      close: async () => {},
      bulkRead: {
        export: () => {
          throw new OAuthError(`refused for ${REFRESH} / ${SECRET}`, { code: 'invalid_code' });
        },
      },
    } as unknown as CliClient;
    const t = createTestContext({
      env: { ZOHO_CLIENT_ID: '1000.CLIENT', ZOHO_CLIENT_SECRET: SECRET, ZOHO_REFRESH_TOKEN: REFRESH },
      client: failing,
      homedir: '/nonexistent',
    });
    expect(await runCli(['export', 'Contacts'], t.ctx)).toBe(ExitCode.AUTH);
    const err = t.stderr.text();
    expect(err).toMatch(
      /^Error \[invalid_code\]: refused for \[REDACTED\] \/ \[REDACTED\] \(hint: .*auth login/,
    );
    expect(err).not.toContain(SECRET);
    expect(err).not.toContain(REFRESH);
    expect(t.stdout.text()).toBe('');
  });

  it('prints the stack with --debug (still redacted)', async () => {
    const failing = {
      close: async () => {},
      bulkRead: {
        export: () => {
          throw new ZohoApiError(`bad ${SECRET}`, { status: 400, code: 'INVALID_DATA' });
        },
      },
    } as unknown as CliClient;
    const t = createTestContext({ env: { ZOHO_ACCESS_TOKEN: SECRET }, client: failing });
    expect(await runCli(['--debug', 'export', 'Contacts'], t.ctx)).toBe(ExitCode.API);
    expect(t.stderr.text()).toContain('at ');
    expect(t.stderr.text()).not.toContain(SECRET);
  });

  it('maps commander usage errors to exit 2 and --help to exit 0', async () => {
    const unknown = createTestContext();
    expect(await runCli(['export', 'Contacts', '--nope'], unknown.ctx)).toBe(2);
    expect(unknown.stderr.text()).toContain("unknown option '--nope'");
    const missing = createTestContext();
    expect(await runCli(['import', 'Leads', 'x.csv'], missing.ctx)).toBe(2);
    expect(missing.stderr.text()).toContain("required option '--operation <operation>' not specified");
    const noCommand = createTestContext();
    expect(await runCli([], noCommand.ctx)).toBe(2);
    const help = createTestContext();
    expect(await runCli(['import', '--help'], help.ctx)).toBe(0);
    expect(help.stdout.text()).toContain('Examples:');
  });
});
