// A real OpenID provider for the tests: npm oidc-provider (OpenID Certified), client-credentials grant, JWT access
// tokens signed RS256 with the key set in process.argv[3] (shared by two providers in the wrong-issuer test).
// Clients: dicomhub-reader (scope dicomhub.read), dicomhub-writer (dicomhub.read dicomhub.write), dicomhub-admin
// (dicomhub.admin) and dicomhub-short (a 1-second token). The audience is the requested resource indicator, by
// default urn:dicomhub; ask for another (resource=urn:other) to get a token for another service.
import Provider from 'oidc-provider';
import { readFileSync } from 'node:fs';

const port = Number(process.argv[2]);
const jwks = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const client = (id, scope) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_method: 'client_secret_basic',
  scope,
});

const provider = new Provider(issuer, {
  jwks,
  clients: [
    client('dicomhub-reader', 'dicomhub.read'),
    client('dicomhub-writer', 'dicomhub.read dicomhub.write'),
    client('dicomhub-admin', 'dicomhub.admin'),
    client('dicomhub-short', 'dicomhub.read'),
  ],
  scopes: ['dicomhub.read', 'dicomhub.write', 'dicomhub.admin'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:dicomhub',
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, c) => ({
        scope: 'dicomhub.read dicomhub.write dicomhub.admin',
        audience: resource,
        accessTokenTTL: c.clientId === 'dicomhub-short' ? 1 : 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.listen(port, '127.0.0.1', () => console.log(`READY ${issuer}`));
process.on('SIGTERM', () => process.exit(0));
