import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('hides user info, credential-like query values, token-like path segments and the fragment', () => {
    expect(redactUrl('https://bot:pw@hooks.example/T0/B0/Xq9Zk2Lm4Np6Rs8Tv0Wx2Yz4?token=abc&team=data')).toBe(
      'https://***@hooks.example/T0/B0/***?token=***&team=data',
    );
    expect(redactUrl('https://hooks.example/x?api_key=1&Signature=2&access_code=3&page=4#secret')).toBe(
      'https://hooks.example/x?api_key=***&Signature=***&access_code=***&page=4#***',
    );
    expect(redactUrl('https://only-user@hooks.example/')).toBe('https://***@hooks.example/');
  });

  it('leaves a URL without credentials as it is', () => {
    for (const url of ['https://hooks.example/meshwork', 'http://127.0.0.1:8080/hook?team=data&page=2']) {
      expect(redactUrl(url)).toBe(url);
    }
    expect(redactUrl('not a url')).toBe('***');
  });
});
