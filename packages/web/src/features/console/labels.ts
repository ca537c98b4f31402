import type { MessageKey } from '../../i18n/translation';

export function pullModeKey(mode: string): MessageKey & `console.pullMode.${string}` {
  if (mode === 'hosted') return 'console.pullMode.hosted';
  if (mode === 'remote') return 'console.pullMode.remote';
  return 'console.pullMode.none';
}

export const TEMPLATE_KEYS = {
  certificate: 'console.template.certificate',
  marksheet: 'console.template.marksheet',
  licence: 'console.template.licence',
  card: 'console.template.card',
} as const satisfies Record<string, MessageKey>;
