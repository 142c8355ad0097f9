import { describe, expect, it } from 'vitest';
import { excerpt, REDACTED, redact, redactDeep } from '../../src/core/redact.js';

const zohoToken = `1000.${'a1'.repeat(16)}.${'b2'.repeat(16)}`;

describe('redact', () => {
  it('removes known secrets wherever they appear', () => {
    expect(redact('token my-secret-value in my-secret-value', ['my-secret-value'])).toBe(
      `token ${REDACTED} in ${REDACTED}`,
    );
  });

  it('ignores empty, missing and very short secrets', () => {
    expect(redact('abc def', ['', undefined, 'ab'])).toBe('abc def');
  });

  it('removes Authorization header values, Zoho-shaped tokens and form fields', () => {
    expect(redact('Authorization: Zoho-oauthtoken abc.def')).toBe(
      `Authorization: Zoho-oauthtoken ${REDACTED}`,
    );
    expect(redact('Bearer xyz')).toBe(`Bearer ${REDACTED}`);
    expect(redact(`t=${zohoToken}!`)).toBe(`t=${REDACTED}!`);
    expect(redact('grant_type=refresh_token&refresh_token=r1&client_secret=s1&client_id=c')).toBe(
      `grant_type=refresh_token&refresh_token=${REDACTED}&client_secret=${REDACTED}&client_id=c`,
    );
    expect(redact('{"access_token":"x1","refresh_token": "y2","api_domain":"d"}')).toBe(
      `{"access_token":"${REDACTED}","refresh_token": "${REDACTED}","api_domain":"d"}`,
    );
  });

  it('redactDeep copies and redacts nested strings and secret-named keys', () => {
    const input = { a: [`x ${zohoToken}`, 1, null], client_secret: 'plain', nested: { s: 'keep' } };
    expect(redactDeep(input, ['keep'])).toEqual({
      a: [`x ${REDACTED}`, 1, null],
      client_secret: REDACTED,
      nested: { s: REDACTED },
    });
    expect(input.client_secret).toBe('plain');
  });

  it('excerpt redacts before cutting, so a cut never reveals part of a secret', () => {
    const text = `${'x'.repeat(190)}${zohoToken}`;
    const cut = excerpt(text, [], 200);
    expect(cut.length).toBe(200);
    expect(cut).not.toContain('1000.a1');
    expect(excerpt('short', [], 200)).toBe('short');
  });

  it('removes a CallbackHub token (zb_token) from a callback URL', () => {
    const url = `http://hooks.example.com/zoho?zb_token=v1.1700000000.job.${'a'.repeat(43)}&x=1`;
    expect(redact(`callback url ${url}`)).toBe(
      'callback url http://hooks.example.com/zoho?zb_token=[REDACTED]&x=1',
    );
  });
});
