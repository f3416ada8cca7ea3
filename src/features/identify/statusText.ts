import type { PhotoStatus } from '../../domain/types';

export const STATUS_TEXT: Record<PhotoStatus, string> = {
  queued: 'queued',
  working: 'working',
  done: 'done',
  'no-face': 'no face',
  unreadable: 'unreadable',
  cancelled: 'cancelled',
};
