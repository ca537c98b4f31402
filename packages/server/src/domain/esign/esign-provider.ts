/**
 * An eSign Service Provider (CCA eSign API 2.x): after the signer's e-KYC and OTP, it issues a
 * one-time certificate in the signer's e-KYC name and signs the document hash the application
 * sends, returning the CMS (PKCS#7) that the application embeds in the PDF. Tijori's stand-in
 * (tijori-esp.ts) plays that role with Tijori's CA; a licensed ESP's API is another adapter
 * behind the same interface.
 */
export interface EsignServiceProvider {
  sign(request: EsignRequest): Promise<EsignResponse>;
}

export interface EsignRequest {
  /** SHA-256 of the PDF's signed byte range. */
  digest: Buffer;
  /** The signer as e-KYC (Aadhaar) names them. */
  signer: { residentId: string; name: string };
}

export interface EsignResponse {
  /** CAdES-detached CMS SignedData, with a signature timestamp. */
  cms: Buffer;
  /** Serial (hex) of the one-time certificate. */
  certificateSerial: string;
}
