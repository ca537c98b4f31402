/**
 * `npm start -w @tijori/example-bank`: the example bank on http://localhost:4000 against a
 * Tijori on http://localhost:3000 (`npm start` with demo data). Without CLIENT_ID/CLIENT_SECRET
 * it registers itself as a requester with the demo operator's account and prints the secret.
 */
import { createBankServer } from './bank-server.js';
import { createTijoriClient } from './tijori-client.js';

const env = process.env;
const tijoriUrl = (env.TIJORI_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const port = Number(env.PORT ?? 4000);
const redirectUri = `http://localhost:${port}/callback`;

/** Tijori may still be starting (both started at once): wait up to a minute for it to answer. */
async function fetchWhenUp(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (attempt >= 60) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function registerWithDemoOperator(): Promise<{ clientId: string; clientSecret: string }> {
  const signIn = await fetchWhenUp(`${tijoriUrl}/api/v1/staff/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: env.TIJORI_OPERATOR ?? 'operator',
      password: env.TIJORI_OPERATOR_PASSWORD ?? 'tijori-operator-demo',
      sessionType: 'bearer',
    }),
  });
  if (!signIn.ok) throw new Error(`could not sign in to ${tijoriUrl} as the demo operator (${signIn.status}); set CLIENT_ID and CLIENT_SECRET instead`);
  const { token } = (await signIn.json()) as { token: string };
  const res = await fetch(`${tijoriUrl}/api/v1/requesters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      names: { en: 'Example Bank', hi: 'उदाहरण बैंक', gu: 'ઉદાહરણ બેંક' },
      purpose: {
        en: 'Open a savings account: identity and education proof (KYC)',
        hi: 'बचत खाता खोलना: पहचान और शिक्षा का प्रमाण (केवाईसी)',
        gu: 'બચત ખાતું ખોલવું: ઓળખ અને શિક્ષણનો પુરાવો (કેવાયસી)',
      },
      redirectUris: [redirectUri],
      scopes: ['openid', 'userdetails', 'files.issueddocs'],
      docTypes: [],
      consentDays: 30,
    }),
  });
  if (!res.ok) throw new Error(`registering the bank failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { clientId: string; clientSecret: string };
}

const creds = env.CLIENT_ID && env.CLIENT_SECRET ? { clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET } : await registerWithDemoOperator();
if (!env.CLIENT_ID)
  process.stdout.write(`Registered as requester ${creds.clientId} (secret ${creds.clientSecret}); set CLIENT_ID and CLIENT_SECRET to reuse it.\n`);
const tijori = await createTijoriClient({ issuer: tijoriUrl, ...creds, redirectUri });
createBankServer(tijori).listen(port, () => process.stdout.write(`Example Bank: http://localhost:${port} (Tijori at ${tijoriUrl})\n`));
