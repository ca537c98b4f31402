import { searchDirectory, forgetDirectoryIndex } from '../../src/domain/issuers/search-directory.js';
import { searchKey } from '../../src/domain/issuers/search-terms.js';
import { latencies, progress, summarize } from '../measure.js';
import { below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { startBenchRuntime } from './issuance.js';

export interface DirectorySearchSettings {
  issuers: number;
  /** Document types in all, spread evenly over the issuers. */
  documentTypes: number;
  /** Timed searches (each query of QUERIES in turn). */
  queries: number;
  logLevel: string;
}

/** From issue 17: "Get a document" search answers in p99 < 20 ms with 1,000 issuers and 10,000 document types. */
export const DIRECTORY_SEARCH_TARGET = { p99Ms: 20 };

/** What residents type: the six names, a prefix, a common word, an org id's short form, and a miss. */
const QUERIES = ['marksheet', 'अंकपत्र', 'मार्कशीट', 'सीबीएसई', 'પાન', 'આવકનો દાખલો', 'inc', 'certificate', 'board 0042', 'zzqx'];

const KINDS = [
  ['Marksheet', 'अंकपत्र', 'ગુણપત્રક'],
  ['Income Certificate', 'आय प्रमाण पत्र', 'આવકનો દાખલો'],
  ['Caste Certificate', 'जाति प्रमाण पत्र', 'જાતિનો દાખલો'],
  ['Driving Licence', 'ड्राइविंग लाइसेंस', 'ડ્રાઇવિંગ લાયસન્સ'],
  ['Birth Certificate', 'जन्म प्रमाण पत्र', 'જન્મનો દાખલો'],
  ['PAN Card', 'पैन कार्ड', 'પાન કાર્ડ'],
  ['Degree Certificate', 'उपाधि प्रमाण पत्र', 'પદવી પ્રમાણપત્ર'],
  ['Vehicle Registration', 'वाहन पंजीकरण', 'વાહન નોંધણી'],
  ['Ration Card', 'राशन कार्ड', 'રેશન કાર્ડ'],
  ['Domicile Certificate', 'निवास प्रमाण पत्र', 'રહેઠાણનો દાખલો'],
] as const;
const json = JSON.stringify;
/** A distinct five-letter type code for each number below 26⁵. */
const letters = (n: number) => Array.from({ length: 5 }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** i) % 26))).join('');

/**
 * The directory search of "Get a document" over a country's directory: `issuers` issuers with
 * names in three languages and `documentTypes` types among them, then searchDirectory in
 * process for the queries above, one at a time, index kept as it is between requests (rebuilt
 * when its 30 s lifetime ends, as in service). The limit beside it: a bare `includes` over every
 * name key, no ranking, no synonyms.
 */
export async function benchDirectorySearch(
  dataDir: string,
  settings: DirectorySearchSettings,
): Promise<{ limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] }> {
  const bench = await startBenchRuntime(dataDir, { logLevel: settings.logLevel });
  try {
    const { deps } = bench;
    const now = deps.clock.now();
    progress(`directory: ${settings.issuers.toLocaleString('en-US')} issuers, ${settings.documentTypes.toLocaleString('en-US')} document types`);
    const issuers = Array.from({ length: settings.issuers }, (_, i) => {
      const n = String(i).padStart(4, '0');
      return {
        id: `bench-directory-${n}`,
        org_id: `in.gov.bench${n}`,
        names: json({ en: `Examination Board ${n}`, hi: `परीक्षा बोर्ड ${n}`, gu: `પરીક્ષા બોર્ડ ${n}` }),
        category: i % 3 === 0 ? 'Education' : 'Government',
        state: i % 2 === 0 ? 'Gujarat' : null,
        contact_email: null,
        contact_phone: null,
        status: 'active' as const,
        pull_mode: 'hosted' as const,
        repository_url: null,
        certificate_key: null,
        created_at: now,
        updated_at: now,
      };
    });
    const types = Array.from({ length: settings.documentTypes }, (_, t) => {
      const [en, hi, gu] = KINDS[t % KINDS.length]!;
      const issuer = issuers[t % issuers.length]!;
      return {
        id: `bench-type-${t}`,
        issuer_id: issuer.id,
        code: letters(t),
        names: json({ en: `${en} ${t}`, hi: `${hi} ${t}`, gu: `${gu} ${t}` }),
        parameters: json([{ name: 'No', label: { en: 'Number' } }]),
        fields: json([]),
        template: 'certificate',
        match_rules: json({ name: true, dob: true }),
        created_at: now,
      };
    });
    await deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < issuers.length; i += 200)
        await trx
          .insertInto('issuers')
          .values(issuers.slice(i, i + 200))
          .execute();
      for (let i = 0; i < types.length; i += 200)
        await trx
          .insertInto('document_types')
          .values(types.slice(i, i + 200))
          .execute();
    });

    forgetDirectoryIndex(deps);
    const buildStart = performance.now();
    await searchDirectory(deps, { q: 'warm' });
    const buildMs = performance.now() - buildStart;

    progress(`directory search in process: ${settings.queries.toLocaleString('en-US')} searches, one at a time`);
    const samples: number[] = [];
    const perQuery = new Map<string, number[]>(QUERIES.map((q) => [q, []]));
    let hits = 0;
    for (let i = 0; i < settings.queries; i++) {
      const q = QUERIES[i % QUERIES.length]!;
      const start = performance.now();
      hits += (await searchDirectory(deps, { q })).length;
      const ms = performance.now() - start;
      samples.push(ms);
      perQuery.get(q)!.push(ms);
    }
    const medians = [...perQuery].map(([q, ms]) => `${q} ${latencies(ms).p50Ms.toFixed(2)}`).join(', ');
    const search = summarize(samples, 1, 'queries/s', 'search, ranked, with synonyms');

    const keys = [...issuers.map((i) => Object.values(JSON.parse(i.names) as object)), ...types.map((t) => Object.values(JSON.parse(t.names) as object))]
      .flat()
      .map((n) => searchKey(String(n)));
    const bare: number[] = [];
    for (let i = 0; i < settings.queries; i++) {
      const q = searchKey(QUERIES[i % QUERIES.length]!);
      const start = performance.now();
      let found = 0;
      for (const key of keys) if (key.includes(q)) found++;
      bare.push(performance.now() - start);
      if (found < 0) throw new Error('unreachable: keeps the scan from being optimised away');
    }
    const limit: LimitResult = {
      id: 'directory-bare-scan',
      label: `bare includes() over ${keys.length.toLocaleString('en-US')} name keys`,
      ...summarize(bare, 1, 'queries/s', 'scan'),
    };
    const label = `"Get a document" search, ${settings.issuers.toLocaleString('en-US')} issuers + ${settings.documentTypes.toLocaleString('en-US')} types`;
    return {
      limits: [limit],
      scenarios: [
        compare('directory-search', label, search, limit, null, {
          checks: [below('p99', search.p99Ms, DIRECTORY_SEARCH_TARGET.p99Ms, 'ms')],
          note: `${(hits / settings.queries).toFixed(1)} results per search on average; the index (rebuilt every 30 s or after a directory edit) took ${buildMs.toFixed(0)} ms to build; p50 ms per query: ${medians}`,
        }),
      ],
      notes: [],
    };
  } finally {
    await bench.close();
  }
}
