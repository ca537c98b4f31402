import { call } from './client';
import type { Answer, QueryOf } from './types';

export type InboxItem = Answer<'/api/v1/me/notifications', 'get'>['notifications'][number];
type Language = NonNullable<QueryOf<'/api/v1/me/notifications', 'get'>['language']>;

export const listNotifications = (language: Language) => call('get', '/api/v1/me/notifications', { query: { language } });

export const markNotificationsRead = () => call('post', '/api/v1/me/notifications/read');
