/** The date as residents read it: DD-MM-YYYY in India Standard Time. */
export function indianDate(ms: number): string {
  const d = new Date(ms + 330 * 60 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${p(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
}

/**
 * The stamp's words: in the resident's script when e-KYC gave a name in it, then in English.
 * "Digitally signed by <name> on <date> via Tijori".
 */
export function esignStampLines(input: { name: string; nameLocal: string | null; localScript: string | null; at: number }): string[] {
  const date = indianDate(input.at);
  const english = `Digitally signed by ${input.name} on ${date} via Tijori`;
  if (!input.nameLocal) return [english];
  if (input.localScript === 'Gujr') return [`${input.nameLocal} દ્વારા ${date} ના રોજ Tijori મારફતે ડિજિટલ રીતે સહી કરેલ`, english];
  if (input.localScript === 'Deva') return [`${input.nameLocal} द्वारा ${date} को Tijori के माध्यम से डिजिटल रूप से हस्ताक्षरित`, english];
  return [english];
}
