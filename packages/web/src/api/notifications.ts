import { api } from './client';

export interface InboxItem {
  id: string;
  kind: string;
  text: string;
  uri: string | null;
  createdAt: string;
  read: boolean;
}

export const listNotifications = (language: string) =>
  api<{ notifications: InboxItem[]; unread: number }>('GET', `/api/v1/me/notifications?language=${encodeURIComponent(language)}`);

export const markNotificationsRead = () => api<{ marked: number }>('POST', '/api/v1/me/notifications/read');
