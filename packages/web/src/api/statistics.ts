import { call } from './client';
import type { Answer, QueryOf } from './types';

export type PlatformStatistics = Answer<'/api/v1/operator/statistics', 'get'>;
type Query = QueryOf<'/api/v1/operator/statistics', 'get'>;

/** The operator's dashboard figures (operators only; others get 403). */
export const platformStatistics = (days: NonNullable<Query['days']>, language: NonNullable<Query['language']>) =>
  call('get', '/api/v1/operator/statistics', { query: { days, language } }, { audience: 'staff' });
