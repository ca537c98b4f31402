/**
 * The SQLite bulk-issuance scenario in a process of its own, started by `npm run bench`
 * (scenarios/issuance.ts, benchBulkInOwnProcess): a server-shaped process that opens the data
 * folder, seeds the bench directory, stores the CSV and runs the job, so its peak RSS is the
 * job's and not what the bench's earlier scenarios left in the harness. Prints one line,
 * `BULK_RESULT <json>`, and exits.
 */
import { benchBulkIssuance, startBenchRuntime } from './scenarios/issuance.js';

interface Request {
  dataDir: string;
  masterKey: string;
  docs: number;
  logLevel: string;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as Request;
  const bench = await startBenchRuntime(request.dataDir, { logLevel: request.logLevel, masterKey: request.masterKey });
  try {
    const outcome = await benchBulkIssuance(bench, request.docs);
    process.stdout.write(`BULK_RESULT ${JSON.stringify({ outcome, residentId: bench.residentId })}\n`);
  } finally {
    await bench.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bulk process failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
