#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadIssuerData } from './records.js';
import type { Mode } from './server.js';
import { DEFAULT_API_KEY, DEFAULT_PATH, DEFAULT_PORT, MODES, isMode, startDemoIssuer } from './server.js';

const USAGE = `Tijori demo issuer endpoint (DigiLocker Pull URI protocol)

Usage: node packages/demo-issuer/dist/main.js [options]
       npm start -w @tijori/demo-issuer -- [options]

  --port <n>        port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>     address to bind (default 127.0.0.1)
  --api-key <key>   the API key shared with the platform (default: a development key, printed)
  --signing-key <file>  an RSA private key (PEM) to sign certificate XML with (XML-DSig); register
                    its public key with the platform (openssl rsa -in <file> -pubout)
  --path <path>     where Pull URI requests are POSTed (default ${DEFAULT_PATH})
  --mode <mode>     misbehave on every request: ${MODES.join(', ')}
  --records <file>  issuer records (default: data/records.json in this package)
  --quiet           no request log
  -h, --help        this text

Per request, a RollNo equal to a mode name (e.g. RollNo=SLOW) triggers that mode.
Environment: DEMO_ISSUER_API_KEY, DEMO_ISSUER_PORT.
`;

const out = (s: string) => void process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string' },
      'signing-key': { type: 'string' },
      path: { type: 'string', default: DEFAULT_PATH },
      mode: { type: 'string' },
      records: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    out(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env.DEMO_ISSUER_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not ${values.port}`);
  const mode = values.mode?.toUpperCase();
  if (mode !== undefined && !isMode(mode)) throw new Error(`--mode must be one of ${MODES.join(', ')}`);
  if (!values.path.startsWith('/')) throw new Error('--path must start with /');
  const givenKey = values['api-key'] ?? process.env.DEMO_ISSUER_API_KEY;
  const apiKey = givenKey ?? DEFAULT_API_KEY;
  const data = loadIssuerData(values.records);
  const signingKey = values['signing-key'] ? readFileSync(values['signing-key'], 'utf8') : undefined;

  const running = await startDemoIssuer({
    apiKey,
    ...(signingKey ? { signingKey } : {}),
    port,
    host: values.host,
    path: values.path,
    data,
    ...(mode ? { mode: mode as Mode } : {}),
    ...(values.quiet ? {} : { log: (line: string) => out(`${new Date().toISOString()} ${line}`) }),
  });
  out(`Demo issuer endpoint listening on ${running.url}`);
  out(`  Pull URI:  POST ${running.url}${values.path}`);
  out(`  Issuer:    ${data.orgId} (${data.name})`);
  for (const t of data.documentTypes)
    out(`  Documents: ${t.code} ${t.name}, searched by ${t.parameters.join(' + ')} (${data.records.filter((r) => r.docType === t.code).length} records)`);
  out(givenKey ? '  API key:   as given' : `  API key:   ${DEFAULT_API_KEY} (development default; set --api-key for anything else)`);
  out(`  Signing:   ${signingKey ? 'certificate XML signed (RSA-SHA256)' : 'certificate XML unsigned'}`);
  out(`  Mode:      ${mode ?? 'normal'} (per request: RollNo = ${MODES.join(' | ')})`);

  const stop = () => {
    out('Stopping.');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo-issuer: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
