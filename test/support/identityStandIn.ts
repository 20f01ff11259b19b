import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants } from 'botframework-connector';
import type { AuthenticationOverrides } from '../../src/bot/adapter';

/** How the stand-in answers: normally, with a server error, or with the keys document failing. */
export type IdentityMode = 'up' | 'metadata500' | 'keys500';

/**
 * Stands in for the Bot Framework identity service the bot checks tokens against: the OpenID metadata
 * document and its signing keys (JWKS, with the channel endorsements Teams' keys carry), served over HTTP
 * as login.botframework.com serves them. Tokens it signs are what the Bot Framework channel would send.
 */
export class IdentityStandIn {
  mode: IdentityMode = 'up';
  requests = 0;
  readonly keyId = `test-key-${randomUUID()}`;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.requests++;
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url?.endsWith('/openidconfiguration')) {
        if (this.mode === 'metadata500') return send(500, { error: 'unavailable' });
        return send(200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.url === '/keys') {
        if (this.mode === 'keys500') return send(500, { error: 'unavailable' });
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        return send(200, { keys: [{ ...jwk, kid: this.keyId, use: 'sig', endorsements: ['msteams'] }] });
      }
      send(404, {});
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A metadata address unique to one bot, since the SDK caches keys per address for the life of the process. */
  metadataUrl(name: string): string {
    return `${this.url}/${name}/v1/.well-known/openidconfiguration`;
  }

  /** A channel token as Azure Bot Service sends it, signed with this stand-in's key unless another is given. */
  token(claims: { aud: string; serviceurl: string }, signWith: KeyObject = this.keys.privateKey, keyId = this.keyId): string {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: keyId })}.${b64({ iss: 'https://api.botframework.com', nbf: now - 60, exp: now + 3600, ...claims })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(signWith).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Bot Framework settings for the public cloud with the OpenID metadata at `metadataUrl`. The SDK takes
 * either none of these settings or all of them, so the public-cloud values are spelled out.
 */
export function publicCloudWithMetadataAt(metadataUrl: string): AuthenticationOverrides {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    CallerId: 'urn:botframework:azure',
  };
}

/** An RSA key the identity service never published, to sign forged tokens with. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}
