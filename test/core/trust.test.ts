import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import { assertTrusted, isTrustedUrl, isZohoHost } from '../../src/core/trust.js';

const policy = {
  origins: ['https://www.zohoapis.eu', 'http://127.0.0.1:4010', undefined, 'not a url'],
  trustedHosts: ['files.example.org', 'Proxy.Example.com:8443', 'localhost'],
};
const trusted = (url: string) => isTrustedUrl(new URL(url), policy);

describe('trust', () => {
  it('matches Zoho hosts by exact suffix, never by substring', () => {
    expect(isZohoHost('download-accl.zoho.com')).toBe(true);
    expect(isZohoHost('zohoapis.com')).toBe(true);
    expect(isZohoHost('WWW.ZOHOAPIS.EU.')).toBe(true);
    expect(isZohoHost('zoho.com.evil.net')).toBe(false);
    expect(isZohoHost('evilzoho.com')).toBe(false);
  });

  it('trusts configured origins by scheme, host and port', () => {
    expect(trusted('https://www.zohoapis.eu/crm/v8/org')).toBe(true);
    expect(trusted('http://127.0.0.1:4010/x')).toBe(true);
    expect(trusted('http://127.0.0.1:4011/x')).toBe(false);
    expect(trusted('https://127.0.0.1:4010/x')).toBe(false);
  });

  it('trusts Zoho hosts over https only', () => {
    expect(trusted('https://download-accl.zoho.com/v2/crm/1/bulk-write/2.zip')).toBe(true);
    expect(trusted('http://download-accl.zoho.com/x')).toBe(false);
    expect(trusted('https://zoho.com.evil.net/x')).toBe(false);
    expect(trusted('https://evil.example/x')).toBe(false);
    expect(trusted('ftp://www.zohoapis.eu/x')).toBe(false);
  });

  it('trusts trustedHosts by exact host name or host:port', () => {
    expect(trusted('https://files.example.org/a')).toBe(true);
    expect(trusted('https://files.example.org:8080/a')).toBe(true);
    // plain http only on loopback: a listed host does not get the token in clear text
    expect(trusted('http://files.example.org:8080/a')).toBe(false);
    expect(trusted('http://localhost:9000/a')).toBe(true);
    expect(trusted('https://proxy.example.com:8443/a')).toBe(true);
    expect(trusted('https://proxy.example.com/a')).toBe(false);
    expect(trusted('https://sub.files.example.org/a')).toBe(false);
  });

  it('assertTrusted throws a RequestValidationError naming the host, not the query', () => {
    const error = (() => {
      try {
        assertTrusted(new URL('https://evil.example/p?token=abc'), policy, 'GET /p');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('https://evil.example');
    expect((error as Error).message).not.toContain('abc');
    expect((error as RequestValidationError).issues[0]?.code).toBe('untrusted_host');
  });
});
