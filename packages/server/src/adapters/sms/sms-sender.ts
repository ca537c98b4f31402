/**
 * Sends a text message to an Indian mobile number (10 digits, no country code).
 * Implementations: the development outbox (stand-in) and an HTTP gateway.
 * Messages may carry OTPs: an implementation never logs the body.
 */
export interface SmsSender {
  readonly kind: 'outbox' | 'http';
  send(to: string, message: string): Promise<void>;
}
