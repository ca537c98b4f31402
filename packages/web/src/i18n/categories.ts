import type { I18n } from './i18n-context';
import type { MessageKey } from './translation';

/** The directory's categories are English words chosen by operators: the common ones are translated. */
const CATEGORIES: Record<string, MessageKey & `category.${string}`> = {
  education: 'category.education',
  transport: 'category.transport',
  finance: 'category.finance',
  revenue: 'category.revenue',
  health: 'category.health',
  identity: 'category.identity',
  insurance: 'category.insurance',
  employment: 'category.employment',
  agriculture: 'category.agriculture',
};

export function categoryName(category: string, t: I18n['t']): string {
  const key = CATEGORIES[category.toLowerCase()];
  return key ? t(key) : category;
}
