#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError, issueCommand } from './issue-command.js';

const USAGE = `tijori — command line for Tijori issuers

  tijori issue --file marks.csv --org in.gov.cbse [--server URL] [--api-key KEY] [--rejections-out FILE]

  --file            CSV (header: docType,docId,aadhaar|mobile|lockerId,name,nameLocal,dob,issuedOn,validFrom,validTo,<fields>)
                    or NDJSON (one issue request per line), up to 2 GB
  --org             your issuer id
  --server          Tijori's URL (default $TIJORI_SERVER or http://localhost:3000)
  --api-key         an API key of your issuer (default $TIJORI_API_KEY; prefer the variable: keys on the command line end up in shell history)
  --rejections-out  write every rejected row (row,code,message) to this CSV

Exit codes: 0 all issued, 2 some rows rejected, 1 error.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      org: { type: 'string' },
      server: { type: 'string' },
      'api-key': { type: 'string' },
      'rejections-out': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'issue') {
    process.stdout.write(USAGE);
    return values.help ? 0 : 1;
  }
  const apiKey = values['api-key'] ?? process.env.TIJORI_API_KEY;
  if (!values.file || !values.org || !apiKey) throw new CliError('issue needs --file, --org and an API key (--api-key or TIJORI_API_KEY); see tijori --help');
  return issueCommand({
    file: values.file,
    org: values.org,
    server: values.server ?? process.env.TIJORI_SERVER ?? 'http://localhost:3000',
    apiKey,
    ...(values['rejections-out'] ? { rejectionsOut: values['rejections-out'] } : {}),
    out: process.stdout,
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`tijori: ${err instanceof CliError || err instanceof TypeError ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
